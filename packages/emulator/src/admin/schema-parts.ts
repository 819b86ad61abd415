/** Schema pieces every area's admin schemas share: names, times, ids, triggers, history. */
import { z } from "zod";
import { MAX_INSTANT_MS, MAX_UNIX_SECONDS } from "../limits.js";
import { MAX_TENANT_NAME } from "../tenants/naming.js";

export const TenantName = z.string().min(1).max(MAX_TENANT_NAME);
export const Seconds = z
  .number()
  .nonnegative()
  .max(100 * 365 * 86_400);
export const Unix = z.number().nonnegative().max(32_503_680_000);
export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const Count = z.number().int().nonnegative();

export const IdParam = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, "must be a positive integer")
  .transform(Number);

/** A time a clock showed or shows, in whole unix seconds: from 1970 to the end of year 9999. */
export const UnixSeconds = z.number().int().min(0).max(MAX_UNIX_SECONDS);
/** A due or expiry instant in unix milliseconds, one a JavaScript Date holds. */
export const InstantMs = z.number().min(0).max(MAX_INSTANT_MS);

export const ClockStateSchema = z.object({ now: UnixSeconds.describe("unix seconds"), frozen: z.boolean() });

export const When = {
  /** Due this many seconds from now on the tenant's clock. */
  afterSeconds: Seconds.optional(),
  /** The next N status reads answer the old state; the one after answers the new. */
  afterReads: z.number().int().nonnegative().max(1_000_000_000).optional(),
};
export const oneTrigger = <T extends { afterSeconds?: number | undefined; afterReads?: number | undefined }>(
  b: T,
) => (b.afterSeconds === undefined) !== (b.afterReads === undefined);
export const triggerIssue = {
  message: "give exactly one of afterSeconds and afterReads",
  path: ["afterSeconds"],
};

export const HistorySchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  at: UnixSeconds,
  by: z.string(),
});
export const PendingSchema = z.strictObject({
  id: z.number().int(),
  to: z.number().int(),
  dueAtMs: InstantMs.optional(),
  readsLeft: z.number().int().nonnegative().optional(),
  reason: z.string().optional(),
  screenshot: z.string().optional(),
});

/** A state number that must be one of a machine's (`names`: core's number-to-name table). */
export const stateNumber = (names: Record<number, string>, message: string) => {
  const known = Object.keys(names).map(Number);
  return z
    .number()
    .int()
    .refine((s) => known.includes(s), message);
};
