/**
 * `@wxa-audit/core/push`: receiving WeChat's pushes to a third-party platform (crypto, XML,
 * typed events, verification, a handler). Loads no HTTP client (undici), so the emulator can
 * seal pushes with it. Names are listed on purpose; the root `@wxa-audit/core` re-exports them.
 */
export { decryptPush, encryptPush, type PushKeys, pushSignature } from "./crypto.js";
export {
  DEFAULT_MAX_SKEW_SECONDS,
  type OpenOptions,
  openPush,
  type PushRequest,
  type SealedPush,
  type SealInput,
  type SealOptions,
  sealPush,
} from "./envelope.js";
export { PUSH_FAILURES, type PushFailure, WechatPushError } from "./errors.js";
export {
  type AuditDelayEvent,
  type AuditFailEvent,
  type AuditSuccessEvent,
  type AuthorizedEvent,
  eventToXml,
  INFO_EVENT_TYPES,
  type InfoEventBase,
  type KnownPushEvent,
  MESSAGE_EVENT_TYPES,
  type MessageEventBase,
  type NicknameAuditEvent,
  type PushEvent,
  type PushEventType,
  parseEventXml,
  type UnauthorizedEvent,
  type UnknownPushEvent,
  type UpdateAuthorizedEvent,
  type VerifyTicketEvent,
} from "./events.js";
export { createPushHandler, type PushHandler, type PushHandlerOptions, pushDedupeKey } from "./handler.js";
export { ReplayGuard, type ReplayGuardOptions } from "./replay.js";
export { DEFAULT_MAX_BODY_BYTES } from "./xml.js";
