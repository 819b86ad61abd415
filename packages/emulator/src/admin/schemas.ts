/**
 * Schemas of the admin API (/__admin): what the router validates, what the OpenAPI document
 * describes, and the types the AdminClient speaks. One definition each.
 */
import { AUDIT_STATUS_NAMES, ENDPOINTS, NICKNAME_AUDIT_STAT_NAMES } from "@wxa-audit/core/tables";
import { z } from "zod";
import { PlatformConfigSchema, TenantConfigSchema } from "../config.js";
import { FaultRuleInputSchema, FaultRuleSchema } from "../faults.js";
import { AUDIT_STATUS_NAME_LIST, NICKNAME_TARGET_NAMES } from "../machines.js";
import { NameRulesPatchSchema, NameRulesSchema } from "../name-rules.js";

const TenantName = z.string().min(1).max(128);
const Seconds = z
  .number()
  .nonnegative()
  .max(100 * 365 * 86_400);
const Unix = z.number().nonnegative().max(32_503_680_000);

export const ResetBody = z.strictObject({ tenant: TenantName.optional() });
export const ClockQuery = z.object({ tenant: TenantName.optional() });
export const ClockSetBody = z.strictObject({
  now: Unix.optional(),
  frozen: z.boolean().optional(),
  tenant: TenantName.optional(),
});
export const ClockAdvanceBody = z.strictObject({ seconds: Seconds, tenant: TenantName.optional() });

export const AuditTransitionBody = z.strictObject({
  to: z.enum(AUDIT_STATUS_NAME_LIST),
  reason: z.string().optional(),
  screenshot: z.string().optional(),
});
export const NicknameTransitionBody = z.strictObject({
  to: z.enum(NICKNAME_TARGET_NAMES),
  fail_reason: z.string().optional(),
});

const When = {
  /** Due this many seconds from now on the tenant's clock. */
  afterSeconds: Seconds.optional(),
  /** The next N status reads answer the old state; the one after answers the new. */
  afterReads: z.number().int().nonnegative().max(1_000_000_000).optional(),
};
const oneTrigger = <T extends { afterSeconds?: number | undefined; afterReads?: number | undefined }>(b: T) =>
  (b.afterSeconds === undefined) !== (b.afterReads === undefined);
const triggerIssue = { message: "give exactly one of afterSeconds and afterReads", path: ["afterSeconds"] };

export const AuditScheduleBody = AuditTransitionBody.extend(When).refine(oneTrigger, triggerIssue);
export const NicknameScheduleBody = NicknameTransitionBody.extend(When).refine(oneTrigger, triggerIssue);

export const IdParam = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, "must be a positive integer")
  .transform(Number);

export const JournalQuery = z.strictObject({
  endpoint: z.enum(Object.keys(ENDPOINTS) as [string, ...string[]]).optional(),
  tenant: TenantName.optional(),
  errcode: z.coerce.number().int().optional(),
  fault: z.string().optional(),
  limit: z.coerce.number().int().nonnegative().max(1_000_000).optional(),
});

export const TenantCreateBody = TenantConfigSchema;
export const PlatformCreateBody = PlatformConfigSchema;
export { FaultRuleInputSchema, FaultRuleSchema, NameRulesPatchSchema, NameRulesSchema };

// --- answers ----------------------------------------------------------------------------

export const ClockStateSchema = z.object({ now: z.number().describe("unix seconds"), frozen: z.boolean() });
export const FiredSchema = z.object({
  kind: z.enum(["audit", "nickname"]),
  id: z.number().int(),
  from: z.string(),
  to: z.string(),
});
export const AdvanceResultSchema = z.object({ now: z.number().int(), fired: z.array(FiredSchema) });

const HistorySchema = z.strictObject({ from: z.string(), to: z.string(), at: z.number(), by: z.string() });
const PendingSchema = z.strictObject({
  id: z.number().int(),
  to: z.number().int(),
  dueAtMs: z.number().optional(),
  readsLeft: z.number().int().nonnegative().optional(),
  reason: z.string().optional(),
  screenshot: z.string().optional(),
});

const auditStatuses = Object.keys(AUDIT_STATUS_NAMES).map(Number) as [number, ...number[]];
const nicknameStats = Object.keys(NICKNAME_AUDIT_STAT_NAMES).map(Number) as [number, ...number[]];
const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const AuditSheetSchema = z.strictObject({
  auditid: Id,
  tenant: TenantName,
  status: z
    .number()
    .int()
    .refine((s) => auditStatuses.includes(s), "unknown audit status"),
  reason: z.string(),
  screenshot: z.string(),
  submitTime: z.number().int(),
  userVersion: z.string(),
  userDesc: z.string(),
  spedUp: z.boolean(),
  reads: z.number().int().nonnegative(),
  pending: z.array(PendingSchema),
  history: z.array(HistorySchema),
});
export const NicknameAuditSchema = z.strictObject({
  audit_id: Id,
  tenant: TenantName,
  nickname: z.string(),
  stat: z
    .number()
    .int()
    .refine((s) => nicknameStats.includes(s), "unknown audit_stat"),
  fail_reason: z.string(),
  create_time: z.number().int(),
  audit_time: z.number().int(),
  reads: z.number().int().nonnegative(),
  pending: z.array(PendingSchema),
  history: z.array(HistorySchema),
});

const Count = z.number().int().nonnegative();
export const TenantSnapshotSchema = z.strictObject({
  name: TenantName,
  secretHash: z.string().optional(),
  authorizer: z.strictObject({ componentAppId: z.string(), refreshTokenHash: z.string() }).optional(),
  flags: z.strictObject({ registeredViaApi: z.boolean(), codeCommitted: z.boolean(), released: z.boolean() }),
  nickname: z.string(),
  userVersion: z.string(),
  quota: z.strictObject({
    limit: Count,
    speedupLimit: Count,
    month: z.number().int(),
    used: Count,
    speedupUsed: Count,
  }),
  undo: z.strictObject({
    day: z.number().int(),
    dayCount: Count,
    month: z.number().int(),
    monthCount: Count,
  }),
  checks: z.strictObject({ minute: z.number().int(), count: Count }),
  clock: ClockStateSchema.optional(),
  auditIds: z.array(Id),
  nicknameAuditIds: z.array(Id),
});

/** A tenant as the admin API shows it (no hashes). */
export const TenantViewSchema = z.object({
  name: z.string(),
  flags: TenantSnapshotSchema.shape.flags,
  nickname: z.string(),
  userVersion: z.string(),
  hasSecret: z.boolean(),
  authorizerOf: z.string().optional(),
  clock: ClockStateSchema.extend({ own: z.boolean() }),
  quota: z.object({ rest: Count, limit: Count, speedup_rest: Count, speedup_limit: Count }),
  auditIds: z.array(z.number().int()),
  nicknameAuditIds: z.array(z.number().int()),
});

const U32 = z.number().int().min(0).max(0xffffffff);
export const SNAPSHOT_FORMAT = "wxa-emulator-snapshot/1";
export const SnapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  seed: z.union([z.number(), z.string()]),
  prng: z.tuple([U32, U32, U32, U32]),
  clock: ClockStateSchema,
  nextAuditId: Id,
  nextNicknameAuditId: Id,
  nextPendingId: z.number().int().positive(),
  rules: NameRulesSchema,
  tenants: z.array(TenantSnapshotSchema),
  audits: z.array(AuditSheetSchema),
  nicknameAudits: z.array(NicknameAuditSchema),
  /** Issued tokens, by SHA-256 only. */
  tokens: z.array(
    z.strictObject({
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      owner: z.string(),
      kind: z.enum(["app", "stable", "component", "authorizer"]),
      expiresAtMs: z.number(),
    }),
  ),
  platforms: z.array(z.strictObject({ appid: z.string(), secretHash: z.string(), ticketHash: z.string() })),
  faults: z.strictObject({ next: z.number().int().positive(), rules: z.array(FaultRuleSchema) }),
});
export type Snapshot = z.output<typeof SnapshotSchema>;

export const JournalEntrySchema = z.object({
  seq: z.number().int(),
  at: z.number().int(),
  method: z.string(),
  path: z.string(),
  endpoint: z.string().optional(),
  tenant: z.string().optional(),
  request: z.record(z.string(), z.unknown()).optional(),
  status: z.number().int(),
  errcode: z.number().int().optional(),
  answer: z.record(z.string(), z.unknown()).optional(),
  fault: z.string().optional(),
  transitions: z.array(FiredSchema),
});

export const AdminErrorSchema = z.object({
  error: z.object({
    code: z.enum([
      "invalid_request",
      "unauthorized",
      "not_found",
      "method_not_allowed",
      "illegal_transition",
      "conflict",
      "internal",
    ]),
    message: z.string(),
    /** The bad field, as a dotted path (`body.to`, `params.auditid`). */
    field: z.string().optional(),
    /** For a refused transition: the record's current state. */
    current: z.string().optional(),
  }),
});
export type AdminErrorBody = z.output<typeof AdminErrorSchema>;
