// GENERATED FILE: do not edit. `pnpm --filter @wxa-audit/cdktf-provider gen:bindings` writes it
// with @cdktf/provider-generator (what `cdktf get` runs) from the schema of
// @wxa-audit/terraform-provider; test/bindings.test.ts fails when it drifts from that schema.
export * as dataWechatAuditQuota from "./data-wechat-audit-quota/index.js";
export * as dataWechatCodeAudit from "./data-wechat-code-audit/index.js";
export * as dataWechatLatestCodeAudit from "./data-wechat-latest-code-audit/index.js";
export * as dataWechatNicknameAudit from "./data-wechat-nickname-audit/index.js";
export * as dataWechatNicknameCheck from "./data-wechat-nickname-check/index.js";
export * as provider from "./provider/index.js";
