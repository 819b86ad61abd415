/**
 * The public surface, pinned: what `@wxa-audit/core`, `@wxa-audit/core/tables` and
 * `@wxa-audit/core/push` export at runtime, and a client with exactly one method per endpoint of
 * the table. A change here is a change for users: say it in the README.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import * as core from "../src/index.js";
import * as push from "../src/push/index.js";
import * as tables from "../src/tables.js";

const TABLES = [
  "AUDIT_STATUS_NAMES",
  "AnswerId",
  "AuditStatus",
  "ENDPOINTS",
  "ENDPOINT_LIST",
  "ERRCODES",
  "GENERIC_ERRCODES",
  "NICKNAME_AUDIT_STAT_NAMES",
  "NicknameAuditStat",
  "MIN_SECRET_LENGTH",
  "NumericId",
  "REDACTED",
  "SECRET_FIELD_NAMES",
  "SecretRegistry",
  "auditStatusFromName",
  "auditStatusName",
  "describeErrcode",
  "errcodeInfo",
  "nicknameAuditStatFromName",
  "nicknameAuditStatName",
  "redactFields",
  "redactUrl",
  "scrubText",
];
const PUSH = [
  "DEFAULT_MAX_BODY_BYTES",
  "DEFAULT_MAX_SKEW_SECONDS",
  "INFO_EVENT_TYPES",
  "MESSAGE_EVENT_TYPES",
  "PUSH_FAILURES",
  "ReplayGuard",
  "WechatPushError",
  "createPushHandler",
  "decryptPush",
  "encryptPush",
  "eventToXml",
  "openPush",
  "parseEventXml",
  "pushDedupeKey",
  "pushSignature",
  "sealPush",
];
const CLIENT = [
  "DEFAULT_ACCESS_TOKEN_ENV",
  "DEFAULT_BASE_URL",
  "DEFAULT_MAX_RESPONSE_BYTES",
  "DEFAULT_PLATFORM_ENV",
  "DEFAULT_RETRY",
  "DEFAULT_TOKEN_MARGIN_MS",
  "Limiter",
  "MAX_ANSWER_DEPTH",
  "MAX_ERROR_FIELDS_BYTES",
  "MAX_TIMER_MS",
  "OPTION_RANGES",
  "WechatApiError",
  "WechatClient",
  "WechatConfigError",
  "WechatDeadlineError",
  "WechatInputError",
  "WechatRateLimitError",
  "WechatTransportError",
  "WxaError",
  "clientFromEnv",
  "envToken",
  "functionToken",
  "parseHint",
  "parseRid",
  "platformToken",
  "rangeProblem",
  "staticToken",
  "systemClock",
  "tokenProviderFromEnv",
];

describe("the public surface", () => {
  it("@wxa-audit/core/tables exports exactly the facts", () => {
    expect(Object.keys(tables).sort()).toEqual([...TABLES].sort());
  });

  it("@wxa-audit/core/push exports exactly the push names", () => {
    expect(Object.keys(push).sort()).toEqual([...PUSH].sort());
  });

  it("@wxa-audit/core exports the facts, the client and the push names, nothing internal", () => {
    expect(Object.keys(core).sort()).toEqual([...TABLES, ...CLIENT, ...PUSH].sort());
    for (const internal of ["Transport", "withRetry", "RETRYABLE_ERRCODES", "RATE_LIMIT_ERRCODES"])
      expect(core).not.toHaveProperty(internal);
  });
});

describe("the client follows the endpoint table", () => {
  it("has exactly one method per endpoint, named after it", () => {
    const own = Object.getOwnPropertyNames(core.WechatClient.prototype).filter(
      (n) => !["constructor", "call", "close"].includes(n),
    );
    expect(own.sort()).toEqual(Object.keys(core.ENDPOINTS).sort());
  });

  it("the type says the same: every endpoint name is a method", () => {
    type Methods = keyof core.WechatClient;
    expectTypeOf<core.EndpointName>().toExtend<Methods>();
    expectTypeOf<
      Exclude<Methods, core.EndpointName | "call" | "close" | "baseUrl" | "secrets">
    >().toEqualTypeOf<never>();
  });
});
