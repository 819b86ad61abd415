/**
 * Fault rules, msw-style: add a rule, scoped by endpoint, tenant and request fields; first match
 * wins. A rule's effect is data (errcode, HTTP status, latency, drop, broken body, text/plain),
 * applied by the dispatch pipeline.
 */
import { ENDPOINTS, ERRCODES } from "@wxa-audit/core/tables";
import { z } from "zod";
import { countExceeded } from "./limit-options.js";
import { MAX_INSTANT_MS } from "./limits.js";
import { Prng } from "./random.js";

const endpointNames = Object.keys(ENDPOINTS);

const FaultFields = z.strictObject({
  /** Interface name, e.g. "getAuditStatus"; all endpoints when absent. */
  endpoint: z.enum(endpointNames).optional(),
  /** Tenant name (appid, or `tok-<hash>` in lenient mode); all when absent. */
  tenant: z.string().min(1).optional(),
  /** Request fields that must be equal (numbers and digit strings compare equal). */
  match: z.record(z.string(), z.unknown()).optional(),
  /** Answer this errcode of the catalogue, with its errmsg and a rid. */
  errcode: z
    .number()
    .int()
    .refine(
      (c) => ERRCODES.has(c), // the catalogue holds failures only: 0 (success) is not in it
      // Stryker disable next-line StringLiteral: the message's wording; tests check the field named.
      "must be a non-zero errcode of the catalogue",
    )
    .optional(),
  httpStatus: z.number().int().min(200).max(599).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  drop: z.boolean().optional(),
  /** `empty`: no body at all, as old /cgi-bin/token answered a bad appid or secret (with text/html). */
  body: z.enum(["truncated", "malformed", "empty"]).optional(),
  /** text/plain: a JSON body some errors come with; text/html: the empty answer's. */
  contentType: z.enum(["text/plain", "text/html"]).optional(),
  /** Fail this many times, then pass. */
  times: z.number().int().positive().optional(),
  /** Apply only to the first N matching requests. */
  firstRequests: z.number().int().positive().optional(),
  /** Chance of applying to a matching request, from the seeded PRNG. */
  probability: z.number().min(0).max(1).optional(),
  /** The rule lapses this long after it was added, on the emulator clock (100 years at most). */
  expiresInSeconds: z
    .number()
    .positive()
    .max(100 * 365 * 86_400)
    .optional(),
});

export const FaultRuleInputSchema = FaultFields.refine(
  (r) =>
    r.errcode !== undefined ||
    r.httpStatus !== undefined ||
    r.latencyMs !== undefined ||
    r.drop !== undefined ||
    r.body !== undefined ||
    r.contentType !== undefined,
  {
    // Stryker disable next-line StringLiteral: the message's wording; tests check the field named.
    message: "a fault rule needs an effect: errcode, httpStatus, latencyMs, drop, body or contentType",
    path: ["errcode"],
  },
);
export type FaultRuleInput = z.input<typeof FaultRuleInputSchema>;

const U32 = z.number().int().min(0).max(0xffffffff);
/** A rule as stored: its input, plus counters and the state of its own PRNG. */
export const FaultRuleSchema = FaultFields.omit({ expiresInSeconds: true }).extend({
  id: z.string(),
  /** Unix ms on the shared clock after which the rule lapses. */
  expiresAtMs: z.number().min(0).max(MAX_INSTANT_MS).optional(),
  /** Matching requests seen. */
  seen: z.number().int().nonnegative(),
  /** Times applied. */
  applied: z.number().int().nonnegative(),
  /** State of the rule's own PRNG (its draws do not depend on other traffic). */
  prng: z.tuple([U32, U32, U32, U32]),
});
export type FaultRule = z.output<typeof FaultRuleSchema>;

export interface FaultRequest {
  endpoint: string;
  tenant: string | undefined;
  fields: Record<string, unknown> | undefined;
}

function fieldsMatch(
  want: Record<string, unknown> | undefined,
  got: Record<string, unknown> | undefined,
): boolean {
  if (!want) return true;
  for (const [k, v] of Object.entries(want)) {
    const g = got?.[k];
    // Stryker disable next-line ConditionalExpression: a fast path; equal values also compare equal as JSON.
    if (g === v) continue;
    if (
      (typeof g === "number" || typeof g === "string") &&
      (typeof v === "number" || typeof v === "string")
    ) {
      if (String(g) === String(v)) continue;
    }
    if (JSON.stringify(g) !== JSON.stringify(v)) return false;
  }
  return true;
}

export class FaultRules {
  rules: FaultRule[] = [];
  #next = 1;

  constructor(
    private seed: number | string,
    /** limits.faultRules: another rule past it is refused. */
    readonly max: number,
  ) {}

  add(input: z.output<typeof FaultRuleInputSchema>, nowMs: number): FaultRule {
    // Stryker disable next-line StringLiteral: the message's wording; the limit named (faultRules) is tested.
    if (this.rules.length >= this.max) throw countExceeded("faultRules", this.max, "fault rules");
    const id = `f${this.#next++}`;
    const { expiresInSeconds, ...rest } = input;
    const rule: FaultRule = {
      ...rest,
      id,
      ...(expiresInSeconds !== undefined && { expiresAtMs: nowMs + expiresInSeconds * 1000 }),
      seen: 0,
      applied: 0,
      prng: Prng.fromSeed(`${this.seed}:${id}`).state(),
    };
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule that applies to this request, counting it; undefined when none does. */
  match(req: FaultRequest, nowMs: number): FaultRule | undefined {
    // Stryker disable next-line ConditionalExpression: a fast path; the loop finds nothing either.
    if (this.rules.length === 0) return undefined;
    const never = Number.POSITIVE_INFINITY;
    for (const r of this.rules) {
      if (nowMs >= (r.expiresAtMs ?? never)) continue;
      if (r.endpoint !== undefined && r.endpoint !== req.endpoint) continue;
      if (r.tenant !== undefined && r.tenant !== req.tenant) continue;
      if (!fieldsMatch(r.match, req.fields)) continue;
      if (r.applied >= (r.times ?? never)) continue;
      r.seen++;
      if (r.seen > (r.firstRequests ?? never)) continue;
      // Stryker disable next-line ConditionalExpression: with no probability the roll is compared with undefined, false: the rule applies.
      if (r.probability !== undefined) {
        const prng = Prng.restore(r.prng);
        const roll = prng.next();
        r.prng = prng.state();
        // Stryker disable next-line EqualityOperator: a roll exactly equal to p has probability 2^-32.
        if (roll >= r.probability) continue;
      }
      r.applied++;
      return r;
    }
    return undefined;
  }

  exportState() {
    return { next: this.#next, rules: structuredClone(this.rules) };
  }

  /** New fault rules holding an exported state (a snapshot's). */
  static fromState(seed: number | string, s: { next: number; rules: FaultRule[] }, max: number): FaultRules {
    const f = new FaultRules(seed, max);
    f.#next = s.next;
    f.rules = structuredClone(s.rules);
    return f;
  }
}
