/**
 * One HTTP exchange with WeChat, on undici: build the URL (redacted copy made right here), send,
 * parse the body as JSON whatever the Content-Type, check `errcode` before anything else, then
 * check the success shape. No retries here; see retry.ts.
 */
import { Agent, type Dispatcher, request } from "undici";
import type { EndpointDef } from "./endpoints.js";
import { RATE_LIMIT_ERRCODES } from "./errcodes.js";
import {
  type TransportFailure,
  WechatApiError,
  WechatRateLimitError,
  WechatTransportError,
} from "./errors.js";
import { redactUrl, scrubText } from "./redact.js";

export const DEFAULT_BASE_URL = "https://api.weixin.qq.com";

export interface TransportOptions {
  baseUrl?: string;
  /** Per-request timeout (connect, headers and body), ms. */
  timeoutMs?: number;
  /** Bring your own undici dispatcher; by default a keep-alive Agent owned by the transport. */
  dispatcher?: Dispatcher;
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
  readonly #dispatcher: Dispatcher;
  readonly #owned: boolean;
  readonly #onEvent: ((event: TransportEvent) => void) | undefined;

  constructor(opts: TransportOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    new URL(this.baseUrl); // fail fast on a malformed base URL
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.#owned = !opts.dispatcher;
    this.#dispatcher =
      opts.dispatcher ??
      new Agent({ keepAliveTimeout: 30_000, connections: 64, connect: { timeout: this.timeoutMs } });
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
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = args.signal ? AbortSignal.any([args.signal, timeout]) : timeout;
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
    try {
      const res = await request(url, {
        method: def.method,
        dispatcher: this.#dispatcher,
        signal,
        headers: body ? { "content-type": "application/json" } : {},
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      if (args.signal?.aborted) throw fail("aborted", "request aborted by the caller", { cause: err });
      if (timeout.aborted || isTimeout(err))
        throw fail("timeout", `no answer within ${timeoutMs} ms`, { cause: err });
      throw fail("connect", `cannot reach ${new URL(this.baseUrl).host}`, { cause: err });
    }

    if (status !== 200) throw fail("http_status", `HTTP ${status}`, { status });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw fail("bad_json", `answer is not JSON (${text.length} bytes)`, { status });
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      throw fail("bad_shape", "answer is not a JSON object", { status });
    }
    const answer = json as Record<string, unknown>;
    // errcode first: a real 85012 answer carries "status":0, which must not read as "approved".
    const errcode = answer.errcode;
    if (errcode !== undefined && errcode !== 0) {
      const code = typeof errcode === "number" ? errcode : Number(errcode);
      const errmsg = scrubText(String(answer.errmsg ?? ""), secrets);
      this.#emit({ endpoint: def.name, method: def.method, url: shownUrl, status, errcode: code, started });
      const ErrorClass = RATE_LIMIT_ERRCODES.has(code) ? WechatRateLimitError : WechatApiError;
      throw new ErrorClass(def.name, Number.isFinite(code) ? code : -1, errmsg);
    }
    const parsed = def.response.safeParse(answer);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fail("bad_shape", `unexpected answer: ${issue?.path.join(".") || "body"}: ${issue?.message}`, {
        status,
      });
    }
    this.#emit({ endpoint: def.name, method: def.method, url: shownUrl, status, errcode: 0, started });
    return parsed.data as Record<string, unknown>;
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#dispatcher.close();
  }

  #emit(e: Omit<TransportEvent, "durationMs"> & { started: number }): void {
    if (!this.#onEvent) return;
    const { started, ...rest } = e;
    this.#onEvent({ ...rest, durationMs: Math.round(performance.now() - started) });
  }
}

function isTimeout(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? "";
  const name = (err as { name?: string } | null)?.name ?? "";
  return code.includes("TIMEOUT") || name === "TimeoutError";
}
