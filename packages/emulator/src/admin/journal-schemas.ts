/**
 * Schemas of what the journal keeps: transitions with their cause, the other changes (never a
 * token, secret or hash) and whole entries. Split from schemas.ts (which re-exports them) to keep
 * each schema module about one concern.
 */
import { z } from "zod";
import { RECORD_AREAS } from "../areas/index.js";
import { ReleaseChangeFields } from "../areas/release/schemas.js";

const RECORD_KIND_NAMES = RECORD_AREAS.map((r) => r.machine.kind) as [string, ...string[]];

export const FiredSchema = z.object({
  kind: z.enum(RECORD_KIND_NAMES),
  id: z.number().int(),
  from: z.string(),
  to: z.string(),
});
/** A transition as the journal keeps it: with its tenant, time and cause. */
export const CommittedSchema = FiredSchema.extend({
  tenant: z.string(),
  at: z.number().int(),
  trigger: z.enum(["command", "clock", "reads"]),
  by: z.string().describe('"submit", "setnickname", "undocodeaudit", "admin", "schedule:<id>"'),
});
const CauseFields = {
  at: z.number().int(),
  trigger: z.enum(["command", "clock", "reads"]),
  by: z.string().describe('"submit", "speedupcodeaudit", "token", "lenient", "admin", "config", ...'),
};
/** A change other than a transition, as the journal keeps it: never a token, secret or hash. */
export const RecordedSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("counter"),
    tenant: z.string(),
    counter: z.enum(["quota", "undo", "checks", "stableRefresh"]),
    to: z.record(z.string(), z.number()),
    /** A platform's shared quota spent (counter "quota"). */
    platform: z.string().optional(),
    ...CauseFields,
  }),
  z.object({
    kind: z.literal("flag"),
    tenant: z.string(),
    record: z.object({ kind: z.string(), id: z.number().int() }),
    flag: z.literal("spedUp"),
    to: z.boolean(),
    ...CauseFields,
  }),
  z.object({ kind: z.literal("rename"), tenant: z.string(), to: z.string(), ...CauseFields }),
  z.object({ ...ReleaseChangeFields, ...CauseFields }),
  z.object({
    kind: z.literal("token"),
    tenant: z.string(),
    tokenKind: z.enum(["app", "stable", "component", "authorizer"]),
    expiresAtMs: z.number(),
    supersede: z.literal(true).optional(),
    ...CauseFields,
  }),
  z.object({
    kind: z.literal("setup"),
    what: z.enum([
      "tenant",
      "platform",
      "reset",
      "snapshot",
      "name-rules",
      "fault-add",
      "fault-remove",
      "faults-clear",
      "own-clock",
      "verify-ticket",
      "token-access",
      "evict",
    ]),
    tenant: z.string().optional(),
    target: z.string().optional(),
    id: z.string().optional(),
    replaced: z.boolean().optional(),
    ...CauseFields,
  }),
]);
export const JournalEntrySchema = z.object({
  seq: z.number().int(),
  /** "wechat": a WeChat-surface request; "admin": transitions an admin command or the clock applied. */
  source: z.enum(["wechat", "admin", "push"]),
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
  transitions: z.array(CommittedSchema),
  changes: z.array(RecordedSchema),
  push: z
    .object({
      delivery: z.number().int(),
      attempt: z.number().int(),
      event: z.string(),
      outcome: z.enum(["success", "wrong_answer", "http_status", "timeout", "connect"]),
      answer: z.string().optional(),
    })
    .optional(),
  /** For a 47001: what was wrong with the request (also the x-wxa-emulator-detail header). */
  detail: z.string().optional(),
  /** Bytes of the request or answer left out of this entry (over limits.journalFieldBytes). */
  elided: z.object({ request: z.number().int().optional(), answer: z.number().int().optional() }).optional(),
});
