/**
 * wechat_latest_code_audit: how is the newest release audit going? (getLatestAuditStatus,
 * `get_latest_auditstatus`). The same verdict as wechat_code_audit, for whichever audit is newest.
 */
import type { TfObject } from "../provider/contract.js";
import { judgeCodeAudit, SCREENSHOTS_ATTRIBUTE, STATUS_NAME_ATTRIBUTE } from "./code-audit-verdict.js";
import { answerAttribute } from "./core-fields.js";
import { defineDataSource } from "./data-source.js";
import { ALLOWED_STATUSES_INPUT, allowedStatusesOf, validateAllowedStatuses } from "./inputs.js";

const ENDPOINT = "getLatestAuditStatus";

interface Input {
  allowed: { names: string[]; statuses: number[] };
}

export const latestCodeAudit = defineDataSource({
  typeName: "wechat_latest_code_audit",
  endpoint: ENDPOINT,
  description:
    "Reads, during `plan`, the newest code release audit (`get_latest_auditstatus`) and checks it is one of the allowed statuses.",
  inputs: [ALLOWED_STATUSES_INPUT],
  outputs: [
    answerAttribute(ENDPOINT, "auditid", "audit_id"),
    answerAttribute(ENDPOINT, "status"),
    STATUS_NAME_ATTRIBUTE,
    answerAttribute(ENDPOINT, "reason"),
    answerAttribute(ENDPOINT, "ScreenShot", "screenshot", "Kept raw; `screenshots` has them split."),
    SCREENSHOTS_ATTRIBUTE,
    answerAttribute(ENDPOINT, "user_version"),
    answerAttribute(ENDPOINT, "user_desc"),
    answerAttribute(ENDPOINT, "submit_audit_time"),
  ],

  validate: validateAllowedStatuses,
  parse: (config): Input => ({ allowed: allowedStatusesOf(config) }),
  applied: (input): TfObject => ({ allowed_statuses: input.allowed.names }),
  request: () => ({}),
  failure: () => ({
    subject: "WeChat latest code audit",
    errcodeHead: "WeChat latest code audit could not be read",
  }),
  judge: (input, answer) =>
    judgeCodeAudit(
      ENDPOINT,
      `WeChat latest code audit ${answer.auditid}`,
      input.allowed,
      { ...answer, screenshot: answer.ScreenShot },
      {
        audit_id: answer.auditid,
        user_version: answer.user_version ?? null,
        user_desc: answer.user_desc ?? null,
        submit_audit_time: answer.submit_audit_time ?? null,
      },
    ),
});
