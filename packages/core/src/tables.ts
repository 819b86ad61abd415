/**
 * The facts without the client: endpoint table, errcode catalogue, status names and redaction.
 * Loads no HTTP stack, so a server that only needs the facts (the emulator) starts fast.
 * Names are listed on purpose (no `export *`): what is not here is internal.
 */
export {
  AnswerId,
  ENDPOINT_LIST,
  ENDPOINTS,
  type EndpointAuth,
  type EndpointDef,
  type EndpointInput,
  type EndpointName,
  type Endpoints,
  type ErrcodeOf,
  GENERIC_ERRCODES,
  type GenericErrcode,
  type HttpMethod,
  NumericId,
  type RequestOf,
  type ResponseOf,
  SECRET_FIELD_NAMES,
} from "./endpoints.js";
export {
  describeErrcode,
  ERRCODES,
  type ErrcodeCategory,
  type ErrcodeEntry,
  errcodeInfo,
  type RetryPolicy,
} from "./errcodes.js";
export {
  MIN_SECRET_LENGTH,
  REDACTED,
  redactFields,
  redactUrl,
  SecretRegistry,
  scrubText,
} from "./redact.js";
export {
  AUDIT_STATUS_NAMES,
  AuditStatus,
  type AuditStatusName,
  auditStatusFromName,
  auditStatusName,
  NICKNAME_AUDIT_STAT_NAMES,
  NicknameAuditStat,
  type NicknameAuditStatName,
  nicknameAuditStatFromName,
  nicknameAuditStatName,
} from "./status.js";
