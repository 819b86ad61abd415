/**
 * The errors a caller can meet. Each class has a stable literal `code` (pinned by a test). None
 * ever holds a secret: URLs arrive redacted, request bodies are never kept, and a lower-level
 * cause is kept only as its scrubbed name and message.
 */
import { type ErrcodeEntry, errcodeInfo } from "./errcodes.js";

// After a space or a comma: WeChat writes both `... rid: x` and `..., rid: x`.
const RID = /\brid:\s*([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8})/i;
// The legacy request id, `... hint: [CVJXrA0584vr61!]` (letters, digits and marks such as ! . _).
const HINT = /\bhint:\s*\[([^\]\s]{1,64})\]/;

/** The `rid` WeChat appends to errmsg (`... rid: 6296d34d-25dcdd0e-060b3d7f`, or `..., rid: ...`), if any. */
export function parseRid(errmsg: string): string | undefined {
  return RID.exec(errmsg)?.[1];
}

/** The `hint` older WeChat answers append to errmsg (`... hint: [CVJXrA0584vr61!]`), if any. */
export function parseHint(errmsg: string): string | undefined {
  return HINT.exec(errmsg)?.[1];
}

/**
 * The most JSON (bytes) of an error answer's extra fields kept on a WechatApiError. WeChat's are a
 * few short fields (91009's `wording`, 85012's zero values); the bound keeps a hostile or broken
 * answer from making every log line of the error a megabyte.
 */
export const MAX_ERROR_FIELDS_BYTES = 4096;

/**
 * The fields kept, in answer order, while their JSON fits in MAX_ERROR_FIELDS_BYTES; a field that
 * does not fit is left out (and counted), later smaller ones are still kept.
 */
function boundFields(extra: Readonly<Record<string, unknown>>): {
  kept: Record<string, unknown>;
  elided: number;
} {
  const kept: Array<[string, unknown]> = [];
  let bytes = 2; // {}
  let elided = 0;
  for (const [k, v] of Object.entries(extra)) {
    // The answer was parsed from JSON and is depth-bounded (MAX_ANSWER_DEPTH): it stringifies.
    const size = Buffer.byteLength(`${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"},`);
    if (bytes + size > MAX_ERROR_FIELDS_BYTES) elided++;
    else {
      kept.push([k, v]);
      bytes += size;
    }
  }
  // fromEntries: a `__proto__` key stays a key.
  return { kept: Object.fromEntries(kept), elided };
}

export abstract class WxaError extends Error {
  abstract readonly code: string;
  override get name(): string {
    return this.constructor.name;
  }
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [k, v] of Object.entries(this)) if (k !== "cause") out[k] = v;
    return out;
  }
}

/** WeChat answered with an errcode other than 0. */
export class WechatApiError extends WxaError {
  readonly code: "WXA_API_ERROR" | "WXA_RATE_LIMITED" = "WXA_API_ERROR";
  readonly errcode: number;
  /** WeChat's errmsg as sent (secrets scrubbed), `rid` or `hint` suffix included. */
  readonly errmsg: string;
  /** The request id WeChat appends to errmsg (` rid: ...` or `, rid: ...`). */
  readonly rid: string | undefined;
  /** The older request id (` hint: [...]`), from answers that carry one instead of a rid. */
  readonly hint: string | undefined;
  /** Interface name, e.g. `getAuditStatus`. */
  readonly endpoint: string;
  readonly info: ErrcodeEntry | undefined;
  /**
   * The answer's other fields (all but errcode and errmsg): 91009's `wording`, 85012's zero
   * values. Secrets scrubbed; at most MAX_ERROR_FIELDS_BYTES of JSON, see `fieldsElided`.
   */
  readonly fields: Readonly<Record<string, unknown>>;
  /** How many fields were left out of `fields` for its bound (set only when some were). */
  readonly fieldsElided?: number;

  constructor(
    endpoint: string,
    errcode: number,
    errmsg: string,
    fields: Readonly<Record<string, unknown>> = {},
  ) {
    const info = errcodeInfo(errcode);
    // Stryker disable next-line StringLiteral: wording only; the endpoint, errcode, errmsg and meaning are tested
    super(`${endpoint}: WeChat errcode ${errcode} (${errmsg})${info ? `: ${info.en}` : ""}`);
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.rid = parseRid(errmsg);
    this.hint = parseHint(errmsg);
    this.endpoint = endpoint;
    this.info = info;
    const { kept, elided } = boundFields(fields);
    this.fields = kept;
    if (elided > 0) this.fieldsElided = elided;
  }
}

/** 53011, 45009 or 45011: WeChat asks us to slow down. Never retried blindly. */
export class WechatRateLimitError extends WechatApiError {
  override readonly code = "WXA_RATE_LIMITED" as const;
}

export type TransportFailure =
  | "connect"
  | "timeout"
  | "aborted"
  | "http_status"
  | "bad_json"
  | "bad_shape"
  /**
   * HTTP 200 with an empty body (old /cgi-bin/token answers so, as `text/html`, for a wrong appid
   * or secret): not retried, the same request gets the same nothing.
   */
  | "empty_answer"
  /** The answer passed the transport's `maxResponseBytes`: not retried (it would come again). */
  | "too_large";

/** WeChat could not be reached, or answered something that is not a WeChat answer. */
export class WechatTransportError extends WxaError {
  readonly code = "WXA_TRANSPORT_ERROR" as const;
  readonly failure: TransportFailure;
  readonly endpoint: string;
  /** Redacted URL. */
  readonly url: string;
  readonly status: number | undefined;
  /** Scrubbed `name: message` of the lower-level error, if any. */
  readonly causeSummary: string | undefined;

  constructor(
    endpoint: string,
    failure: TransportFailure,
    detail: string,
    opts: { url: string; status?: number; causeSummary?: string },
  ) {
    super(`${endpoint}: ${detail} (${opts.url})`);
    this.failure = failure;
    this.endpoint = endpoint;
    this.url = opts.url;
    this.status = opts.status;
    this.causeSummary = opts.causeSummary;
  }

  /** Connection failures, timeouts and 5xx are worth another try; a bad shape is not. */
  get retryable(): boolean {
    return (
      this.failure === "connect" ||
      this.failure === "timeout" ||
      this.failure === "bad_json" ||
      // Stryker disable next-line ConditionalExpression: only http_status failures carry a status >= 500
      (this.failure === "http_status" && (this.status ?? 0) >= 500)
    );
  }
}

/** The caller's input was refused before anything was sent. */
export class WechatInputError extends WxaError {
  readonly code = "WXA_INPUT_ERROR" as const;
  readonly endpoint: string;
  /** Dotted path of the bad field, e.g. `auditid`. */
  readonly field: string;
  constructor(endpoint: string, field: string, problem: string) {
    super(`${endpoint}: invalid ${field || "request"}: ${problem}`);
    this.endpoint = endpoint;
    this.field = field;
  }
}

/**
 * The client cannot be used as configured: no credentials (no token, missing platform
 * variables), or an option outside its bounds (OPTION_RANGES; the message names the option).
 */
export class WechatConfigError extends WxaError {
  readonly code = "WXA_CONFIG_ERROR" as const;
}

/** The total deadline of a call was spent before an answer came. */
export class WechatDeadlineError extends WxaError {
  readonly code = "WXA_DEADLINE_EXCEEDED" as const;
  readonly endpoint: string;
  readonly attempts: number;
  readonly lastError: string | undefined;
  constructor(endpoint: string, attempts: number, deadlineMs: number, last?: Error) {
    super(
      // Stryker disable next-line StringLiteral: wording only; attempts, deadline and last error are tested
      `${endpoint}: gave up after ${attempts} attempt(s) within the ${deadlineMs} ms deadline${last ? `; last error: ${last.message}` : ""}`,
    );
    this.endpoint = endpoint;
    this.attempts = attempts;
    this.lastError = last?.message;
  }
}
