/**
 * The verdict both code audit data sources share: is the release audit in one of the allowed
 * statuses? Status names come from core; the rejection reason and screenshot ids are named.
 */
import { auditStatusName } from "@wxa-audit/core";
import type { AttributeSchema, TfObject } from "../provider/contract.js";
import type { Judgement } from "./data-source.js";
import { STATUS_NAMES } from "./inputs.js";
import { failedStatus, passed } from "./verdict.js";

export interface CodeAuditAnswer {
  status: number;
  reason?: string | undefined;
  /** Media ids joined by `|`. */
  screenshot?: string | undefined;
}

export function judgeCodeAudit(
  endpoint: string,
  subject: string,
  allowed: { names: string[]; statuses: number[] },
  answer: CodeAuditAnswer & Record<string, unknown>,
  values: TfObject,
): Judgement {
  const name = auditStatusName(answer.status);
  const shots = answer.screenshot ? answer.screenshot.split("|").filter(Boolean) : [];
  const all = {
    ...values,
    status: answer.status,
    status_name: name,
    reason: answer.reason ?? null,
    screenshot: answer.screenshot ?? null,
    screenshots: shots,
  };
  const head = `${subject} is ${name} (status ${answer.status})`;
  if (allowed.statuses.includes(answer.status))
    return { verdict: passed(endpoint, answer, head), values: all };
  const reason = answer.reason ? `: ${answer.reason}` : "";
  const shotText = shots.length > 0 ? ` (screenshots: ${shots.join(", ")})` : "";
  const message = `${head}, expected ${allowed.names.join(" or ")}${reason}${shotText}`;
  return {
    verdict: failedStatus(endpoint, answer, message, `${subject} is ${name}`, "allowed_statuses"),
    values: all,
  };
}

export const STATUS_NAME_ATTRIBUTE: AttributeSchema = {
  name: "status_name",
  type: "string",
  description: `Name of \`status\`: ${STATUS_NAMES.map((n) => `\`${n}\``).join(", ")}.`,
  computed: true,
};

export const SCREENSHOTS_ATTRIBUTE: AttributeSchema = {
  name: "screenshots",
  type: ["list", "string"],
  description:
    "The media ids of `screenshot`, split at `|`; empty when WeChat sent none, null when WeChat gave no answer.",
  computed: true,
};
