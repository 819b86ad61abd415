/**
 * Our inputs that more than one data source takes (`audit_id`, `allowed_statuses`), checked
 * against core's facts: the id shape of core's request schemas, the status names of core's
 * AUDIT_STATUS_NAMES.
 */
import { AUDIT_STATUS_NAMES, type AuditStatus, auditStatusFromName, ENDPOINTS } from "@wxa-audit/core";
import type { AttributeSchema, Diagnostic, TfObject } from "../provider/contract.js";
import { errorAt } from "../provider/diagnostics.js";
import { isUnknown } from "../provider/values.js";

export const STATUS_NAMES: readonly string[] = Object.values(AUDIT_STATUS_NAMES);
const quoted = (xs: readonly string[]) => xs.map((x) => `\`"${x}"\``).join(", ");

export function auditIdInput(what: string): AttributeSchema {
  return { name: "audit_id", type: "number", description: what, required: true };
}

/** A positive integer, as core's request schemas (NumericId) accept it. */
export function validateAuditId(config: TfObject): Diagnostic[] {
  const v = config.audit_id;
  if (v === null || v === undefined || isUnknown(v)) return [];
  if (typeof v === "number" && ENDPOINTS.getAuditStatus.request.safeParse({ auditid: v }).success) return [];
  return [
    errorAt("audit_id", "Invalid audit_id", `audit_id must be a positive integer, got ${JSON.stringify(v)}.`),
  ];
}

export const DEFAULT_ALLOWED = ["approved"] as const;

export const ALLOWED_STATUSES_INPUT: AttributeSchema = {
  name: "allowed_statuses",
  type: ["list", "string"],
  description: `Statuses of the release audit that pass, by name: ${quoted(STATUS_NAMES)}. Default \`${JSON.stringify(DEFAULT_ALLOWED)}\`.`,
  optional: true,
  computed: true,
};

export function validateAllowedStatuses(config: TfObject): Diagnostic[] {
  const v = config.allowed_statuses;
  if (v === null || v === undefined || isUnknown(v)) return [];
  if (!Array.isArray(v))
    return [
      errorAt(
        "allowed_statuses",
        "Invalid allowed_statuses",
        "allowed_statuses must be a list of status names.",
      ),
    ];
  if (v.length === 0) {
    return [
      errorAt(
        "allowed_statuses",
        "Invalid allowed_statuses",
        `allowed_statuses needs at least one of ${STATUS_NAMES.join(", ")}.`,
      ),
    ];
  }
  const out: Diagnostic[] = [];
  v.forEach((s, i) => {
    if (isUnknown(s)) return;
    if (typeof s !== "string" || auditStatusFromName(s) === undefined) {
      out.push(
        errorAt(
          ["allowed_statuses", i],
          "Unknown audit status",
          `${JSON.stringify(s)} is not a status name; use ${STATUS_NAMES.join(", ")}.`,
        ),
      );
    }
  });
  return out;
}

export function allowedStatusesOf(config: TfObject): { names: string[]; statuses: AuditStatus[] } {
  const names = Array.isArray(config.allowed_statuses)
    ? (config.allowed_statuses as string[])
    : [...DEFAULT_ALLOWED];
  return { names, statuses: names.map((n) => auditStatusFromName(n)!) };
}
