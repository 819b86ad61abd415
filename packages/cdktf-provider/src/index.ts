// Re-exported so apps name statuses with core's constants without depending on core themselves.
export { AuditStatus, type AuditStatusName, NicknameAuditStat, type PlatformEnvNames } from "@wxa-audit/core";
export * from "./gen/data-wechat-audit-quota/index.js";
export * from "./gen/data-wechat-code-audit/index.js";
export * from "./gen/data-wechat-latest-code-audit/index.js";
export * from "./gen/data-wechat-nickname-audit/index.js";
export * from "./gen/data-wechat-nickname-check/index.js";
// The generated bindings, as a prebuilt provider package has them: namespaces and the classes.
export * from "./gen/index.js";
export * from "./gen/provider/index.js";
export * from "./plan-preview.js";
export * from "./wechat-audit-quota.js";
export * from "./wechat-check.js";
export * from "./wechat-code-audit.js";
export * from "./wechat-nickname-audit.js";
export * from "./wechat-nickname-check.js";
export * from "./wechat-provider.js";
