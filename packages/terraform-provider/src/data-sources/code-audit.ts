/**
 * wechat_code_audit: how is this release audit going? (getAuditStatus, `get_auditstatus`)
 *
 * Passes when the audit's status is one of `allowed_statuses` (default approved); otherwise the
 * diagnostic names the audit id, the status, the rejection reason and the screenshot ids.
 */
import type { TfObject } from "../provider/contract.js";
import { judgeCodeAudit, SCREENSHOTS_ATTRIBUTE, STATUS_NAME_ATTRIBUTE } from "./code-audit-verdict.js";
import { answerAttribute } from "./core-fields.js";
import { defineDataSource } from "./data-source.js";
import {
  ALLOWED_STATUSES_INPUT,
  allowedStatusesOf,
  auditIdInput,
  validateAllowedStatuses,
  validateAuditId,
} from "./inputs.js";

const ENDPOINT = "getAuditStatus";

interface Input {
  auditId: number;
  allowed: { names: string[]; statuses: number[] };
}

export const codeAudit = defineDataSource({
  typeName: "wechat_code_audit",
  endpoint: ENDPOINT,
  description:
    "Reads, during `plan`, the state of a code release audit (`get_auditstatus`) and checks it is one of the allowed statuses.",
  inputs: [auditIdInput("The `auditid` submitAudit returned."), ALLOWED_STATUSES_INPUT],
  outputs: [
    answerAttribute(ENDPOINT, "status"),
    STATUS_NAME_ATTRIBUTE,
    answerAttribute(ENDPOINT, "reason"),
    answerAttribute(ENDPOINT, "screenshot", "screenshot", "Kept raw; `screenshots` has them split."),
    SCREENSHOTS_ATTRIBUTE,
  ],

  validate: (config) => [...validateAuditId(config), ...validateAllowedStatuses(config)],
  parse: (config): Input => ({ auditId: config.audit_id as number, allowed: allowedStatusesOf(config) }),
  applied: (input): TfObject => ({ allowed_statuses: input.allowed.names }),
  request: (input) => ({ auditid: input.auditId }),
  failure: (input) => ({
    subject: `WeChat code audit ${input.auditId}`,
    errcodeHead: `WeChat code audit ${input.auditId} could not be read`,
    errcodeAttribute: "audit_id",
  }),
  judge: (input, answer) =>
    judgeCodeAudit(ENDPOINT, `WeChat code audit ${input.auditId}`, input.allowed, answer, {}),
});
