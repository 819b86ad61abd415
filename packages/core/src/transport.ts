/**
 * One HTTP exchange with WeChat: build the URL (redacted copy made right here), send (through
 * node:http(s), or the caller's undici Dispatcher; see http/), read at most `maxResponseBytes`,
 * parse the body as JSON whatever the Content-Type (an empty 200 body is its own failure), check
 * `errcode` before anything else (an error keeps the answer's other fields, scrubbed), then check
 * the success shape. No retries here; see retry.ts.
 */
import type { Dispatcher } from "undici";
import { type EndpointDef, SECRET_FIELD_NAMES } from "./endpoints.js";
import { RATE_LIMIT_ERRCODES } from "./errcodes.js";
import {
  type TransportFailure,
  WechatApiError,
  WechatRateLimitError,
  WechatTransportError,
} from "./errors.js";
import { dispatcherExchange } from "./http/dispatcher.js";
import { AnswerTooLargeError, type HttpExchange } from "./http/exchange.js";
import { nodeExchange } from "./http/node.js";
import { checkOption } from "./ranges.js";
import { REDACTED, redactUrl, scrubText } from "./redact.js";

export const DEFAULT_BASE_URL = "https://api.weixin.qq.com";
/**
 * The most of one answer the client reads. WeChat's answers to these interfaces are a few KB at
 * most; the bound stops a broken or hostile server (a body that never ends) from growing the
 * process until the timeout.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/**
 * Answers nested deeper than this are not WeChat answers (WeChat's are a few levels deep): they
 * fail as `bad_shape` before anything walks or prints them (JSON.stringify of a few thousand
 * levels overflows the stack).
 */
export const MAX_ANSWER_DEPTH = 64;

export interface TransportOptions {
  baseUrl?: string;
  /** Per-request timeout (connect, headers and body), ms. */
  timeoutMs?: number;
  /**
   * Send through this undici Dispatcher (a proxy, a MockAgent, your own pool). By default the
   * transport uses node:http(s) with keep-alive agents it owns.
   */
  dispatcher?: Dispatcher;
  /** Answers past this many bytes fail with `too_large`. Default 1 MiB (DEFAULT_MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  onEvent?: (event: TransportEvent) => void;
}

/** What a logger sees of one exchange: never a secret. */
export interface TransportEvent {
  endpoint: string;
  method: string;
  /** Redacted. */
  url: string;
  status?: number;
  errcode?: number;
  failure?: TransportFailure;
  durationMs: number;
}

export interface SendArgs {
  token?: string;
  fields?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Bound for this exchange, ms; defaults to the transport's timeout. */
  timeoutMs?: number;
}

export class Transport {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly #http: HttpExchange;
  readonly #onEvent: ((event: TransportEvent) => void) | undefined;

  constructor(opts: TransportOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    new URL(this.baseUrl); // fail fast on a malformed base URL
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxResponseBytes = checkOption(
      "maxResponseBytes",
      opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    );
    this.#http = opts.dispatcher ? dispatcherExchange(opts.dispatcher) : nodeExchange({ maxSockets: 64 });
    this.#onEvent = opts.onEvent;
  }

  /** Sends one request and returns the success answer, or throws a typed error. */
  async send(def: EndpointDef, args: SendArgs = {}): Promise<Record<string, unknown>> {
    const url = new URL(this.baseUrl + def.path);
    if (def.auth !== "none") url.searchParams.set(def.auth, args.token ?? "");
    if (def.input === "query") {
      for (const [k, v] of Object.entries(args.fields ?? {}))
        if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const shownUrl = redactUrl(url);
    const secrets = [
      args.token,
      ...def.secretRequestFields.map((f) => args.fields?.[f] as string | undefined),
    ];
    const body =
      def.method === "POST" ? JSON.stringify(def.input === "body" ? (args.fields ?? {}) : {}) : undefined;
    const timeoutMs = Math.max(1, Math.min(args.timeoutMs ?? this.timeoutMs, this.timeoutMs));
    // One controller and a timer, not AbortSignal.timeout/any: those register every signal for
    // garbage-collection tracking, ~75 us per exchange in a 1,000-read plan's CPU profile.
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const onCallerAbort = () => abort.abort(args.signal?.reason);
    if (args.signal?.aborted) onCallerAbort();
    else args.signal?.addEventListener("abort", onCallerAbort, { once: true });
    const signal = abort.signal;
    const started = performance.now();
    const fail = (
      failure: TransportFailure,
      detail: string,
      extra: { status?: number; cause?: unknown } = {},
    ) => {
      const causeSummary =
        extra.cause instanceof Error
          ? scrubText(`${extra.cause.name}: ${extra.cause.message}`, secrets)
          : undefined;
      this.#emit({
        endpoint: def.name,
        method: def.method,
        url: shownUrl,
        status: extra.status,
        failure,
        started,
      });
      return new WechatTransportError(def.name, failure, detail, {
        url: shownUrl,
        ...(extra.status !== undefined && { status: extra.status }),
        ...(causeSummary && { causeSummary }),
      });
    };

    let status: number;
    let text: string;
    let contentType: string | undefined;
    try {
      const res = await this.#http.send({
        url,
        method: def.method,
        signal,
        headers: body ? { "content-type": "application/json" } : {},
        body,
        timeoutMs,
        maxBytes: this.maxResponseBytes,
      });
      status = res.status;
      text = res.text;
      contentType = res.contentType;
    } catch (err) {
      if (err instanceof AnswerTooLargeError) throw fail("too_large", err.message);
      if (args.signal?.aborted) throw fail("aborted", SAYS.aborted, { cause: err });
      if (timedOut || isTimeout(err))
        throw fail("timeout", `no answer within ${timeoutMs} ms`, { cause: err });
      throw fail("connect", `cannot reach ${new URL(this.baseUrl).host}`, { cause: err });
    } finally {
      clearTimeout(timer);
      args.signal?.removeEventListener("abort", onCallerAbort);
    }

    if (status !== 200) throw fail("http_status", SAYS.httpStatus(status), { status });
    if (text.trim() === "") throw fail("empty_answer", emptyAnswerDetail(def, contentType), { status });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw fail("bad_json", SAYS.notJson(text.length), { status });
    }
    // Stryker disable next-line ConditionalExpression: a number or string left through fails the success schema as bad_shape all the same
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      throw fail("bad_shape", SAYS.notObject, { status });
    }
    if (deeperThan(json, MAX_ANSWER_DEPTH)) {
      throw fail("bad_shape", `answer nested deeper than ${MAX_ANSWER_DEPTH} levels`, { status });
    }
    const answer = json as Record<string, unknown>;
    // errcode first: a real 85012 answer carries "status":0, which must not read as "approved".
    const code = answer.errcode === undefined ? 0 : errcodeOf(answer.errcode);
    if (code === undefined) throw fail("bad_shape", SAYS.errcodeNotInteger, { status });
    if (code !== 0) {
      const errmsg = answer.errmsg ?? "";
      if (typeof errmsg !== "string") throw fail("bad_shape", SAYS.errmsgNotText, { status });
      this.#emit({ endpoint: def.name, method: def.method, url: shownUrl, status, errcode: code, started });
      const ErrorClass = RATE_LIMIT_ERRCODES.has(code) ? WechatRateLimitError : WechatApiError;
      throw new ErrorClass(def.name, code, scrubText(errmsg, secrets), errorFields(answer, secrets));
    }
    const parsed = def.response.safeParse(answer);
    if (!parsed.success) {
      throw fail("bad_shape", SAYS.unexpected(parsed.error.issues[0]), { status });
    }
    this.#emit({ endpoint: def.name, method: def.method, url: shownUrl, status, errcode: 0, started });
    return parsed.data as Record<string, unknown>;
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #emit(e: Omit<TransportEvent, "durationMs"> & { started: number }): void {
    if (!this.#onEvent) return;
    const { started, ...rest } = e;
    this.#onEvent({ ...rest, durationMs: Math.round(performance.now() - started) });
  }
}

// The wording of transport failures, apart from the code that decides them. Tests assert what a
// caller acts on (the failure kind, status, cause, which facts are shown), not these sentences.
// Stryker disable StringLiteral: wording only; the failure kinds stay literals at the throws, mutated
const SAYS = {
  aborted: "request aborted by the caller",
  // Stryker disable next-line ArrowFunction: wording only, as above
  httpStatus: (status: number) => `HTTP ${status}`,
  // Stryker disable next-line ArrowFunction: wording only, as above
  notJson: (bytes: number) => `answer is not JSON (${bytes} bytes)`,
  notObject: "answer is not a JSON object",
  errcodeNotInteger: "errcode is not an integer",
  errmsgNotText: "errmsg is not text",
  unexpected: (issue: { path: PropertyKey[]; message: string } | undefined) =>
    // Stryker disable next-line OptionalChaining: a failed parse always has an issue
    `unexpected answer: ${issue?.path.join(".") || "body"}: ${issue?.message}`,
  emptyAnswer: (contentType: string | undefined, tokenEndpoint: boolean) =>
    `WeChat answered HTTP 200 with an empty body${contentType ? ` (${contentType})` : ""}${
      tokenEndpoint ? "; /cgi-bin/token answers so for a wrong appid or secret" : ""
    }`,
};
// Stryker restore StringLiteral

/**
 * What an empty 200 answer means. Old /cgi-bin/token answers a wrong appid or secret with an empty
 * `text/html` body instead of an errcode (wechat-fidelity.md, behaviour 9; Eric-Guo/wechat#184).
 */
function emptyAnswerDetail(def: EndpointDef, contentType: string | undefined): string {
  // A server's header, shown bounded and printable only.
  const shownType = contentType?.replace(/[^\x20-\x7e]/g, "?").slice(0, 64);
  return SAYS.emptyAnswer(shownType, def.name === "getAccessToken");
}

/**
 * An error answer's fields but errcode and errmsg, as a WechatApiError keeps them: every string
 * and key scrubbed of this exchange's secrets, a secret-named field's value replaced, at any depth
 * (the answer is depth-bounded by MAX_ANSWER_DEPTH). The client scrubs again against every secret
 * it knows; the error bounds their size.
 */
function errorFields(
  answer: Record<string, unknown>,
  secrets: Array<string | undefined>,
): Record<string, unknown> {
  const entry = ([k, x]: [string, unknown]): [string, unknown] => [
    scrubText(k, secrets),
    // Stryker disable next-line ConditionalExpression: a parsed JSON answer has no undefined value
    SECRET_FIELD_NAMES.has(k) && x !== undefined && x !== "" ? REDACTED : deep(x),
  ];
  const deep = (v: unknown): unknown => {
    if (typeof v === "string") return scrubText(v, secrets);
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(deep);
    // fromEntries: a `__proto__` key stays a key.
    return Object.fromEntries(Object.entries(v).map(entry));
  };
  return Object.fromEntries(
    Object.entries(answer)
      .filter(([k]) => k !== "errcode" && k !== "errmsg")
      .map(entry),
  );
}

/** An errcode as WeChat sends it (an integer; tolerated: the same digits as a string), else undefined. */
function errcodeOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  return typeof value === "string" && /^-?[0-9]{1,12}$/.test(value) ? Number(value) : undefined;
}

/** Whether a JSON value nests deeper than `max` levels; iterative, so any depth is safe to ask about. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth >= max) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, depth + 1]);
  }
  return false;
}

function isTimeout(err: unknown): boolean {
  // Stryker disable next-line StringLiteral: any other default matches neither "TIMEOUT" nor "TimeoutError" either
  const code = (err as { code?: string } | null)?.code ?? "";
  // Stryker disable next-line StringLiteral: as above
  const name = (err as { name?: string } | null)?.name ?? "";
  return code.includes("TIMEOUT") || name === "TimeoutError";
}
