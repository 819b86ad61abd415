/**
 * Schemas of the admin API (/__admin): what the router validates, what the OpenAPI document
 * describes, and the types the AdminClient speaks. One definition each.
 */
import { ENDPOINTS } from "@wxa-audit/core/tables";
import { z } from "zod";
import {
  AuditScheduleBody,
  AuditSheetSchema,
  AuditTransitionBody,
  QuotaCountersSchema,
  QuotaViewSchema,
} from "../areas/code-audit/schemas.js";
import { RECORD_AREAS, type RecordAreas } from "../areas/index.js";
import {
  NicknameAuditSchema,
  NicknameScheduleBody,
  NicknameTransitionBody,
} from "../areas/nickname/schemas.js";
import { ReleaseStateSchema } from "../areas/release/schemas.js";
import { IpWhitelistSchema } from "../areas/tokens/access.js";
import { AuditCategorySchema, PlatformConfigSchema, TenantConfigSchema } from "../config.js";
import { FaultRuleInputSchema, FaultRuleSchema } from "../faults.js";
import { NameRulesPatchSchema, NameRulesSchema } from "../name-rules.js";
import {
  ClockStateSchema,
  Count,
  Id,
  IdParam,
  InstantMs,
  Seconds,
  TenantName,
  Unix,
} from "./schema-parts.js";

// The journal's shapes, in their own module; re-exported so the admin API has one schema module.
export * from "./journal-schemas.js";

import { FiredSchema } from "./journal-schemas.js";

export const ResetBody = z.strictObject({ tenant: TenantName.optional() });
export const ClockQuery = z.object({ tenant: TenantName.optional() });
export const ClockSetBody = z.strictObject({
  now: Unix.optional(),
  frozen: z.boolean().optional(),
  tenant: TenantName.optional(),
});
export const ClockAdvanceBody = z.strictObject({ seconds: Seconds, tenant: TenantName.optional() });

export const JournalQuery = z.strictObject({
  endpoint: z.enum(Object.keys(ENDPOINTS) as [string, ...string[]]).optional(),
  tenant: TenantName.optional(),
  errcode: z.coerce.number().int().optional(),
  fault: z.string().optional(),
  limit: z.coerce.number().int().nonnegative().max(1_000_000).optional(),
});

export const TenantCreateBody = TenantConfigSchema;
/** The whole setting: what is left out is cleared (no whitelist: any IP; not frozen). */
export const TokenAccessBody = z.strictObject({
  ipWhitelist: IpWhitelistSchema.optional(),
  secretFrozen: z.boolean().optional(),
});
export const PlatformCreateBody = PlatformConfigSchema;
export {
  AuditScheduleBody,
  AuditSheetSchema,
  AuditTransitionBody,
  ClockStateSchema,
  FaultRuleInputSchema,
  FaultRuleSchema,
  IdParam,
  NameRulesPatchSchema,
  NameRulesSchema,
  NicknameAuditSchema,
  NicknameScheduleBody,
  NicknameTransitionBody,
  ReleaseStateSchema,
};

// --- answers ----------------------------------------------------------------------------

// --- per area, from the list of areas (areas/index.ts) -----------------------------------

const shape = <T>(entries: [string, z.ZodType][]) => Object.fromEntries(entries) as T;
/** Each area's id counter in a snapshot (`nextAuditId`). */
const idCounters = () =>
  shape<{ [R in RecordAreas as R["snapshotCounter"]]: typeof Id }>(
    RECORD_AREAS.map((r) => [r.snapshotCounter, Id]),
  );
/** Each area's records in a snapshot (`audits`). */
const recordLists = () =>
  shape<{ [R in RecordAreas as R["snapshotList"]]: z.ZodArray<R["schema"]> }>(
    RECORD_AREAS.map((r) => [r.snapshotList, z.array(r.schema)]),
  );
/** A tenant's id list of each area (`auditIds`). */
const tenantIdLists = <V extends z.ZodType>(v: V) =>
  shape<{ [R in RecordAreas as R["kind"]["tenantList"]]: V }>(
    RECORD_AREAS.map((r) => [r.kind.tenantList, v]),
  );

export const AdvanceResultSchema = z.object({ now: z.number().int(), fired: z.array(FiredSchema) });

export const TenantSnapshotSchema = z.strictObject({
  name: TenantName,
  secretHash: z.string().optional(),
  authorizer: z.strictObject({ componentAppId: z.string(), refreshTokenHash: z.string() }).optional(),
  flags: z.strictObject({
    registeredViaApi: z.boolean(),
    codeCommitted: z.boolean(),
    released: z.boolean(),
    profileComplete: z.boolean(),
    navigateAppIdsMissing: z.boolean(),
  }),
  nickname: z.string(),
  userVersion: z.string(),
  quota: QuotaCountersSchema,
  categories: z.array(AuditCategorySchema).optional(),
  undo: z.strictObject({
    day: z.number().int(),
    dayCount: Count,
    month: z.number().int(),
    monthCount: Count,
  }),
  checks: z.strictObject({ minute: z.number().int(), count: Count }),
  // Required, like every counter: an import takes a tenant as exported and invents nothing.
  renames: z.strictObject({ limit: Count, year: z.number().int(), used: Count }),
  release: ReleaseStateSchema,
  tokenAccess: z
    .strictObject({ ipWhitelist: IpWhitelistSchema.optional(), secretFrozen: z.literal(true).optional() })
    .optional(),
  stableRefresh: z
    .strictObject({ day: z.number().int(), count: Count, lastMs: z.number().int().nonnegative() })
    .optional(),
  clock: ClockStateSchema.optional(),
  /** Made by lenient mode: evicted when least recently used past the limits. */
  lenient: z.literal(true).optional(),
  ...tenantIdLists(z.array(Id)),
});

/** A tenant as the admin API shows it (no hashes). */
export const TenantViewSchema = z.object({
  name: z.string(),
  flags: TenantSnapshotSchema.shape.flags,
  nickname: z.string(),
  userVersion: z.string(),
  hasSecret: z.boolean(),
  authorizerOf: z.string().optional(),
  /** Who may get its plain and stable tokens: the IP whitelist (40164) and a frozen secret (40243). */
  tokenAccess: TenantSnapshotSchema.shape.tokenAccess,
  /** Made by lenient mode (an unknown token or appid): evicted when least recently used past the limits. */
  lenient: z.boolean().optional(),
  clock: ClockStateSchema.extend({ own: z.boolean() }),
  /** The audit quota it spends: its platform's (named), shared with the platform's other mini programs, or its own. */
  quota: QuotaViewSchema,
  /** Renames this Beijing year: allowed, applied, left (setnickname answers 91003 at 0 left). */
  renames: z.object({ limit: Count, used: Count, rest: Count }),
  categories: z.array(AuditCategorySchema).optional(),
  release: ReleaseStateSchema,
  ...tenantIdLists(z.array(z.number().int())),
});

const U32 = z.number().int().min(0).max(0xffffffff);
export const SNAPSHOT_FORMAT = "wxa-emulator-snapshot/1";
export const SnapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  seed: z.union([z.number(), z.string()]),
  prng: z.tuple([U32, U32, U32, U32]),
  clock: ClockStateSchema,
  ...idCounters(),
  nextPendingId: z.number().int().positive(),
  rules: NameRulesSchema,
  tenants: z.array(TenantSnapshotSchema),
  ...recordLists(),
  /** Issued tokens, by SHA-256 only. */
  tokens: z.array(
    z.strictObject({
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      owner: z.string(),
      kind: z.enum(["app", "stable", "component", "authorizer"]),
      expiresAtMs: InstantMs,
      superseded: z.literal(true).optional(),
    }),
  ),
  platforms: z.array(
    z.strictObject({
      appid: z.string(),
      secretHash: z.string(),
      ticketHash: z.string(),
      ipWhitelist: IpWhitelistSchema.optional(),
      pushedTickets: z
        .array(z.strictObject({ hash: z.string().regex(/^[0-9a-f]{64}$/), expiresAtMs: InstantMs }))
        .max(72)
        .optional(),
    }),
  ),
  faults: z.strictObject({ next: z.number().int().positive(), rules: z.array(FaultRuleSchema) }),
  /** The platforms' shared audit quotas. */
  quotaPools: z.array(QuotaCountersSchema.extend({ platform: z.string() })),
});
export type Snapshot = z.output<typeof SnapshotSchema>;

export const AdminErrorSchema = z.object({
  error: z.object({
    code: z.enum([
      "invalid_request",
      "unauthorized",
      "forbidden",
      "unsupported_media_type",
      "not_found",
      "method_not_allowed",
      "illegal_transition",
      "conflict",
      "limit_exceeded",
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
