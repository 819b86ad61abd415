/** The code audit's admin schemas: its record as shown and snapshotted, the move bodies, and the quota. */
import { AUDIT_STATUS_NAMES } from "@wxa-audit/core/tables";
import { z } from "zod";
import {
  Count,
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

/** Submit and speed-up counters of a month, as snapshotted (a tenant's own, or a platform's). */
export const QuotaCountersSchema = z.strictObject({
  limit: Count,
  speedupLimit: Count,
  month: z.number().int(),
  used: Count,
  speedupUsed: Count,
});
/** A quota as queryquota shows it; `platform`: whose shared quota it is (none: the tenant's own). */
export const QuotaViewSchema = z.object({
  rest: Count,
  limit: Count,
  speedup_rest: Count,
  speedup_limit: Count,
  platform: z.string().optional(),
});
