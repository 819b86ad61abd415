// Re-exported so apps name statuses with core's constants without depending on core themselves.
export { AuditStatus, NicknameAuditStat, type PlatformEnvNames } from "@wxa-audit/core";
export * from "./checker-asset.js";
export * from "./external-data-source.js";
export * from "./external-provider.js";
export * from "./plan-preview.js";
export * from "./protocol.js";
export * from "./terraform-check.js";
export * from "./terraform-expression.js";
export * from "./wechat-check.js";
export * from "./wechat-code-audit.js";
export * from "./wechat-nickname-audit.js";
export * from "./wechat-nickname-check.js";
