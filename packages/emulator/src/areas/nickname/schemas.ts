/** The nickname audit's admin schemas: its record as shown and snapshotted, and the move bodies. */
import { NICKNAME_AUDIT_STAT_NAMES } from "@wxa-audit/core/tables";
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
import { NICKNAME_TARGET_NAMES } from "./machine.js";

export const NicknameTransitionBody = z.strictObject({
  to: z.enum(NICKNAME_TARGET_NAMES),
  fail_reason: z.string().optional(),
});
export const NicknameScheduleBody = NicknameTransitionBody.extend(When).refine(oneTrigger, triggerIssue);

export const NicknameAuditSchema = z.strictObject({
  audit_id: Id,
  tenant: TenantName,
  nickname: z.string(),
  stat: stateNumber(NICKNAME_AUDIT_STAT_NAMES, "unknown audit_stat"),
  fail_reason: z.string(),
  create_time: UnixSeconds,
  audit_time: UnixSeconds,
  reads: z.number().int().nonnegative(),
  pending: z.array(PendingSchema),
  history: z.array(HistorySchema),
});
