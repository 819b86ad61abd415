/**
 * The public surface of @wxa-audit/core, named one by one: the client and its options, token
 * providers, the limiter, the error classes, the clock interface, receiving pushes, and the facts (endpoint table,
 * errcode catalogue, status names, redaction; the same names as `@wxa-audit/core/tables`, which
 * loads no HTTP stack).
 * Transport, the retry loop and the policy-derived errcode sets are internal: the catalogue's
 * `policy` column (`errcodeInfo(code).policy`) says what the client does on each errcode.
 */
export {
  type AppCredentials,
  type CallOptions,
  type ClientFromEnvOptions,
  clientFromEnv,
  WechatClient,
  type WechatClientOptions,
} from "./client.js";
export { type Clock, systemClock } from "./clock.js";
export {
  MAX_ERROR_FIELDS_BYTES,
  parseHint,
  parseRid,
  type TransportFailure,
  WechatApiError,
  WechatConfigError,
  WechatDeadlineError,
  WechatInputError,
  WechatRateLimitError,
  WechatTransportError,
  WxaError,
} from "./errors.js";
export { Limiter, type LimiterOptions, type LimitRule } from "./limiter.js";
// Receiving WeChat's pushes (also the `@wxa-audit/core/push` entry, which loads no HTTP stack).
export {
  type AuditDelayEvent,
  type AuditFailEvent,
  type AuditSuccessEvent,
  type AuthorizedEvent,
  createPushHandler,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_SKEW_SECONDS,
  decryptPush,
  encryptPush,
  eventToXml,
  INFO_EVENT_TYPES,
  type InfoEventBase,
  type KnownPushEvent,
  MESSAGE_EVENT_TYPES,
  type MessageEventBase,
  type NicknameAuditEvent,
  type OpenOptions,
  openPush,
  PUSH_FAILURES,
  type PushEvent,
  type PushEventType,
  type PushFailure,
  type PushHandler,
  type PushHandlerOptions,
  type PushKeys,
  type PushRequest,
  parseEventXml,
  pushDedupeKey,
  pushSignature,
  ReplayGuard,
  type ReplayGuardOptions,
  type SealedPush,
  type SealInput,
  type SealOptions,
  sealPush,
  type UnauthorizedEvent,
  type UnknownPushEvent,
  type UpdateAuthorizedEvent,
  type VerifyTicketEvent,
  WechatPushError,
} from "./push/index.js";
export { MAX_TIMER_MS, OPTION_RANGES, type Range, type RangedOption, rangeProblem } from "./ranges.js";
export { DEFAULT_RETRY, type RetryOptions } from "./retry.js";
// The facts: one list, in tables.ts (also the `@wxa-audit/core/tables` entry).
export * from "./tables.js";
export {
  DEFAULT_ACCESS_TOKEN_ENV,
  DEFAULT_PLATFORM_ENV,
  DEFAULT_TOKEN_MARGIN_MS,
  envToken,
  functionToken,
  type PlatformCredentials,
  type PlatformEnvNames,
  type PlatformTokenOptions,
  platformToken,
  type StoredToken,
  staticToken,
  type TokenCall,
  type TokenContext,
  type TokenEnvOptions,
  type TokenProvider,
  type TokenStore,
  tokenProviderFromEnv,
} from "./tokens.js";
export {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  MAX_ANSWER_DEPTH,
  type TransportEvent,
} from "./transport.js";
