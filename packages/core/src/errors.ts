/**
 * The errors a caller can meet. Each class has a stable literal `code` (pinned by a test). None
 * ever holds a secret: URLs arrive redacted, request bodies are never kept, and a lower-level
 * cause is kept only as its scrubbed name and message.
 */
import { type ErrcodeEntry, errcodeInfo } from "./errcodes.js";

const RID = /\brid:\s*([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8})/i;

/** The `rid` WeChat appends to errmsg (`... rid: 6296d34d-25dcdd0e-060b3d7f`), if any. */
export function parseRid(errmsg: string): string | undefined {
  return RID.exec(errmsg)?.[1];
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
  readonly errmsg: string;
  readonly rid: string | undefined;
  /** Interface name, e.g. `getAuditStatus`. */
  readonly endpoint: string;
  readonly info: ErrcodeEntry | undefined;

  constructor(endpoint: string, errcode: number, errmsg: string) {
    const info = errcodeInfo(errcode);
    // Stryker disable next-line StringLiteral: wording only; the endpoint, errcode, errmsg and meaning are tested
    super(`${endpoint}: WeChat errcode ${errcode} (${errmsg})${info ? `: ${info.en}` : ""}`);
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.rid = parseRid(errmsg);
    this.endpoint = endpoint;
    this.info = info;
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
