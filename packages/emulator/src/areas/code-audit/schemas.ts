/** The code audit's admin schemas: its record as shown and snapshotted, and the move bodies. */
import { AUDIT_STATUS_NAMES } from "@wxa-audit/core/tables";
import { z } from "zod";
import {
  HistorySchema,
  Id,
  oneTrigger,
  PendingSchema,
  stateNumber,
  TenantName,
  triggerIssue,
  UnixSeconds,
  When,
} from "../../admin/schema-parts.js";
import { AUDIT_STATUS_NAME_LIST } from "./machine.js";

export const AuditTransitionBody = z.strictObject({
  to: z.enum(AUDIT_STATUS_NAME_LIST),
  reason: z.string().optional(),
  screenshot: z.string().optional(),
});
export const AuditScheduleBody = AuditTransitionBody.extend(When).refine(oneTrigger, triggerIssue);

export const AuditSheetSchema = z.strictObject({
  auditid: Id,
  tenant: TenantName,
  status: stateNumber(AUDIT_STATUS_NAMES, "unknown audit status"),
  reason: z.string(),
  screenshot: z.string(),
  submitTime: UnixSeconds,
  userVersion: z.string(),
  userDesc: z.string(),
  spedUp: z.boolean(),
  reads: z.number().int().nonnegative(),
  pending: z.array(PendingSchema),
  history: z.array(HistorySchema),
});
