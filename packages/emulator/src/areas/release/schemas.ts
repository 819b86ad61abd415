/** The release step's schemas: its state as the admin API shows it and a snapshot carries it, and its config. */
import { z } from "zod";
import { Count, UnixSeconds } from "../../admin/schema-parts.js";
import { HISTORY_KEPT, RELEASE_STEPS } from "./state.js";

/** Bounds on the pages a config may list (the admin API takes configs too). */
const MAX_PAGES = 1000;
const MAX_PAGE_PATH = 512;
const AppVersion = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const AuditId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const VisitStatusSchema = z.enum(["open", "close"]);

export const LiveVersionSchema = z.strictObject({
  appVersion: AppVersion,
  auditid: AuditId.describe("the approved audit it came from; 0 when seeded from the config"),
  userVersion: z.string(),
  userDesc: z.string(),
  releaseTime: UnixSeconds,
});

export const ReleaseStateSchema = z.strictObject({
  committed: z
    .strictObject({
      templateId: Count,
      userVersion: z.string(),
      userDesc: z.string(),
      pages: z.array(z.string()),
      commitTime: UnixSeconds,
    })
    .optional()
    .describe("the code uploaded by commit (the experience version)"),
  live: LiveVersionSchema.optional().describe("the version users get"),
  history: z.array(LiveVersionSchema).max(HISTORY_KEPT).describe("earlier live versions, oldest first"),
  reverted: z.boolean().describe("the live version is a revert: no other revert until a release"),
  releasedAuditId: AuditId.optional().describe("the audit last published in full (once only)"),
  gray: z
    .strictObject({
      status: z.union([z.literal(1), z.literal(3), z.literal(4)]).describe("1 running, 3 done, 4 deleted"),
      auditid: AuditId,
      percentage: z.number().int().min(0).max(100),
      supportDebugerFirst: z.boolean(),
      supportExperiencerFirst: z.boolean(),
      createTime: UnixSeconds,
    })
    .optional()
    .describe("the phased release plan"),
  visit: VisitStatusSchema,
  nextAppVersion: AppVersion,
});

/** A `release` change as the journal keeps it (its cause fields are added by the journal's schema). */
export const ReleaseChangeFields = {
  kind: z.literal("release"),
  tenant: z.string(),
  step: z.enum(RELEASE_STEPS),
  to: ReleaseStateSchema,
  flags: z.object({ codeCommitted: z.boolean().optional(), released: z.boolean().optional() }).optional(),
  userVersion: z.string().optional(),
};

/** The config's `release:` of a tenant: a live version, the visit status, the uploaded code's pages. */
export const ReleaseInitSchema = z.strictObject({
  live: z.strictObject({ userVersion: z.string().min(1), userDesc: z.string().optional() }).optional(),
  visitStatus: VisitStatusSchema.optional(),
  pages: z.array(z.string().min(1).max(MAX_PAGE_PATH)).min(1).max(MAX_PAGES).optional(),
});
