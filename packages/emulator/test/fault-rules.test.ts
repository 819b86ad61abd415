/**
 * Fault rules on their own (no server): what a rule is scoped to, how its counters and its seeded
 * draws behave, and which rules the schema refuses. Each rule must hit only the requests it names.
 */
import { describe, expect, it } from "vitest";
import { type FaultRuleInput, FaultRuleInputSchema, FaultRuleSchema, FaultRules } from "../src/faults.js";
import { MAX_INSTANT_MS } from "../src/limits.js";

const parse = (input: FaultRuleInput) => FaultRuleInputSchema.parse(input);
const req = (endpoint: string, tenant?: string, fields?: Record<string, unknown>) => ({
  endpoint,
  tenant,
  fields,
});

describe("fault rule scope", () => {
  it("a tenant's rule never applies to another tenant on the same endpoint, nor counts its requests", () => {
    const f = new FaultRules(1, 10);
    const rule = f.add(parse({ endpoint: "queryQuota", tenant: "wxa", errcode: -1, firstRequests: 2 }), 0);
    expect(f.match(req("queryQuota", "wxb"), 0)).toBeUndefined();
    expect(f.match(req("queryQuota", undefined), 0)).toBeUndefined();
    expect(f.match(req("getAuditStatus", "wxa"), 0)).toBeUndefined();
    expect(rule).toMatchObject({ seen: 0, applied: 0 });
    // its first two requests are still the scoped tenant's own
    expect(f.match(req("queryQuota", "wxa"), 0)?.id).toBe(rule.id);
    expect(f.match(req("queryQuota", "wxa"), 0)?.id).toBe(rule.id);
    expect(f.match(req("queryQuota", "wxa"), 0)).toBeUndefined();
    expect(rule).toMatchObject({ seen: 3, applied: 2 });
  });

  it("a rule without tenant or endpoint applies to every request", () => {
    const f = new FaultRules(1, 10);
    f.add(parse({ httpStatus: 503 }), 0);
    expect(f.match(req("queryQuota", "wxa"), 0)?.httpStatus).toBe(503);
    expect(f.match(req("getAuditStatus", undefined), 0)?.httpStatus).toBe(503);
  });

  it("request fields: numbers and digit strings compare equal; other values compare as JSON", () => {
    const f = new FaultRules(1, 10);
    const rule = f.add(parse({ match: { auditid: 7, tags: ["a"], opt: { x: 1 } }, errcode: -1 }), 0);
    const fields = { auditid: "7", tags: ["a"], opt: { x: 1 }, other: true };
    expect(f.match(req("getAuditStatus", "t", fields), 0)?.id).toBe(rule.id);
    expect(f.match(req("getAuditStatus", "t", { ...fields, auditid: 8 }), 0)).toBeUndefined();
    expect(f.match(req("getAuditStatus", "t", { ...fields, auditid: "07" }), 0)).toBeUndefined();
    expect(f.match(req("getAuditStatus", "t", { ...fields, tags: ["b"] }), 0)).toBeUndefined();
    expect(f.match(req("getAuditStatus", "t", { ...fields, opt: { x: "1" } }), 0)).toBeUndefined();
    expect(f.match(req("getAuditStatus", "t", { ...fields, auditid: true }), 0)).toBeUndefined();
    expect(f.match(req("getAuditStatus", "t", undefined), 0)).toBeUndefined();
    const loose = new FaultRules(1, 10);
    loose.add(parse({ match: { n: true }, errcode: -1 }), 0);
    expect(loose.match(req("x", "t", { n: "true" }), 0)).toBeUndefined();
    const digits = new FaultRules(1, 10);
    digits.add(parse({ match: { auditid: "7" }, errcode: -1 }), 0);
    expect(digits.match(req("x", "t", { auditid: 7 }), 0)).toBeDefined();
    const text = new FaultRules(1, 10);
    text.add(parse({ match: { n: "true" }, errcode: -1 }), 0);
    expect(text.match(req("x", "t", { n: true }), 0)).toBeUndefined();
  });

  it("first matching rule wins; a spent rule (times) lets the next one apply", () => {
    const f = new FaultRules(1, 10);
    const a = f.add(parse({ errcode: -1, times: 2 }), 0);
    const b = f.add(parse({ errcode: 45009 }), 0);
    expect([0, 1, 2, 3].map(() => f.match(req("queryQuota", "t"), 0)?.id)).toEqual([a.id, a.id, b.id, b.id]);
    expect(a).toMatchObject({ applied: 2 });
    expect(b).toMatchObject({ applied: 2 });
  });

  it("a rule lapses exactly expiresInSeconds after it was added, on the given clock", () => {
    const f = new FaultRules(1, 10);
    f.add(parse({ errcode: -1, expiresInSeconds: 10 }), 5_000);
    expect(f.match(req("queryQuota", "t"), 14_999)).toBeDefined();
    expect(f.match(req("queryQuota", "t"), 15_000)).toBeUndefined();
    expect(f.rules[0]).toMatchObject({ expiresAtMs: 15_000 });
    expect(f.rules[0]).not.toHaveProperty("expiresInSeconds");
    const lasting = new FaultRules(1, 10);
    lasting.add(parse({ errcode: -1 }), 5_000);
    expect(lasting.rules[0]).not.toHaveProperty("expiresAtMs");
    expect(lasting.match(req("queryQuota", "t"), Number.MAX_SAFE_INTEGER)).toBeDefined();
  });
});

describe("fault rule probability", () => {
  const applied = (p: number, seed: number | string, n: number) => {
    const f = new FaultRules(seed, 10);
    f.add(parse({ errcode: -1, probability: p }), 0);
    let hits = 0;
    for (let i = 0; i < n; i++) if (f.match(req("queryQuota", "t"), 0)) hits++;
    return hits;
  };

  it("applies to about p of the matching requests, not 1 - p", () => {
    // 1000 draws at p = 0.2: the count is within 5 standard deviations (about 63) of 200.
    for (const seed of [1, "other"]) {
      const hits = applied(0.2, seed, 1000);
      expect(hits).toBeGreaterThan(137);
      expect(hits).toBeLessThan(263);
    }
  });

  it("p = 0 never applies, p = 1 always does, and the draws follow the seed", () => {
    expect(applied(0, 1, 200)).toBe(0);
    expect(applied(1, 1, 200)).toBe(200);
    const pattern = (seed: number) => {
      const f = new FaultRules(seed, 10);
      f.add(parse({ errcode: -1, probability: 0.5 }), 0);
      return Array.from({ length: 32 }, () => f.match(req("q", "t"), 0) !== undefined);
    };
    expect(pattern(3)).toEqual(pattern(3));
    expect(pattern(3)).not.toEqual(pattern(4));
  });

  it("a rule's draws do not depend on requests it does not match", () => {
    const draws = (noise: boolean) => {
      const f = new FaultRules(9, 10);
      f.add(parse({ tenant: "a", errcode: -1, probability: 0.5 }), 0);
      const out: boolean[] = [];
      for (let i = 0; i < 32; i++) {
        if (noise) f.match(req("q", "b"), 0);
        out.push(f.match(req("q", "a"), 0) !== undefined);
      }
      return out;
    };
    expect(draws(true)).toEqual(draws(false));
  });
});

describe("fault rule set", () => {
  it("holds at most `max` rules; removal and clearing free room", () => {
    const f = new FaultRules(1, 2);
    const a = f.add(parse({ errcode: -1 }), 0);
    f.add(parse({ errcode: -1 }), 0);
    expect(() => f.add(parse({ errcode: -1 }), 0)).toThrow(/faultRules/);
    expect(f.remove(a.id)).toBe(true);
    expect(f.remove(a.id)).toBe(false);
    expect(f.rules).toHaveLength(1);
    f.add(parse({ errcode: -1 }), 0);
    f.clear();
    expect(f.rules).toEqual([]);
    expect(f.match(req("q", "t"), 0)).toBeUndefined();
  });

  it("ids are never reused, across an exported and restored state too", () => {
    const f = new FaultRules(1, 10);
    const a = f.add(parse({ errcode: -1 }), 0);
    const b = f.add(parse({ errcode: -1 }), 0);
    expect(a.id).not.toBe(b.id);
    f.remove(b.id);
    const state = f.exportState();
    const g = FaultRules.fromState(1, state, 10);
    const c = g.add(parse({ errcode: -1 }), 0);
    expect([a.id, b.id]).not.toContain(c.id);
    expect(g.rules.map((r) => r.id)).toEqual([a.id, c.id]);
    // the export is a copy: using the restored rules leaves it as it was
    g.match(req("q", "t"), 0);
    expect(state.rules[0]).toMatchObject({ seen: 0, applied: 0 });
    expect(f.rules).toHaveLength(1);
  });

  it("each rule draws from its own PRNG, seeded by the emulator seed and its id", () => {
    const f = new FaultRules(1, 10);
    const a = f.add(parse({ errcode: -1 }), 0);
    const b = f.add(parse({ errcode: -1 }), 0);
    expect(a.prng).not.toEqual(b.prng);
    expect(new FaultRules(1, 10).add(parse({ errcode: -1 }), 0).prng).toEqual(a.prng);
    expect(new FaultRules(2, 10).add(parse({ errcode: -1 }), 0).prng).not.toEqual(a.prng);
  });
});

describe("fault rule as stored (a snapshot's)", () => {
  const stored = (over: Record<string, unknown>) =>
    FaultRuleSchema.safeParse({ ...new FaultRules(1, 1).add(parse({ errcode: -1 }), 0), ...over }).success;

  it("holds an instant, never a relative expiry, within the clock's range", () => {
    expect(stored({})).toBe(true);
    expect(stored({ expiresInSeconds: 10 })).toBe(false);
    expect(stored({ expiresAtMs: 0 })).toBe(true);
    expect(stored({ expiresAtMs: MAX_INSTANT_MS })).toBe(true);
    expect(stored({ expiresAtMs: -1 })).toBe(false);
    expect(stored({ expiresAtMs: MAX_INSTANT_MS + 1e6 })).toBe(false);
    expect(stored({ prng: [0, 0, 0, 0xffffffff] })).toBe(true);
    expect(stored({ prng: [0, 0, 0, 0x100000000] })).toBe(false);
    expect(stored({ prng: [0, 0, 0, -1] })).toBe(false);
    expect(stored({ prng: [0, 0, 0] })).toBe(false);
  });
});

describe("fault rule input", () => {
  const ok = (input: Record<string, unknown>) => FaultRuleInputSchema.safeParse(input).success;
  const field = (input: Record<string, unknown>) =>
    FaultRuleInputSchema.safeParse(input).error?.issues[0]?.path.join(".");

  it("needs one effect", () => {
    expect(field({ endpoint: "queryQuota" })).toBe("errcode");
    for (const effect of [
      { errcode: -1 },
      { httpStatus: 500 },
      { latencyMs: 0 },
      { drop: false },
      { body: "truncated" },
      { body: "malformed" },
      { body: "empty" },
      { contentType: "text/plain" },
      { contentType: "text/html" },
    ])
      expect(ok(effect), JSON.stringify(effect)).toBe(true);
  });

  it("refuses values outside each field's range, naming the field", () => {
    const refused: Array<[Record<string, unknown>, string]> = [
      [{ errcode: 0 }, "errcode"],
      [{ errcode: 12_345_678 }, "errcode"],
      [{ errcode: -1.5 }, "errcode"],
      [{ httpStatus: 199 }, "httpStatus"],
      [{ httpStatus: 600 }, "httpStatus"],
      [{ httpStatus: 500.5 }, "httpStatus"],
      [{ latencyMs: -1 }, "latencyMs"],
      [{ latencyMs: 60_001 }, "latencyMs"],
      [{ latencyMs: 1.5 }, "latencyMs"],
      [{ errcode: -1, times: 0 }, "times"],
      [{ errcode: -1, times: 1.5 }, "times"],
      [{ errcode: -1, firstRequests: 0 }, "firstRequests"],
      [{ errcode: -1, firstRequests: 1.5 }, "firstRequests"],
      [{ errcode: -1, probability: -0.1 }, "probability"],
      [{ errcode: -1, probability: 1.1 }, "probability"],
      [{ errcode: -1, expiresInSeconds: 0 }, "expiresInSeconds"],
      [{ errcode: -1, expiresInSeconds: 100 * 365 * 86_400 + 1 }, "expiresInSeconds"],
      [{ errcode: -1, endpoint: "noSuchEndpoint" }, "endpoint"],
      [{ errcode: -1, tenant: "" }, "tenant"],
      [{ errcode: -1, unknown: 1 }, ""],
      [{ body: "other" }, "body"],
      [{ contentType: "application/xml" }, "contentType"],
    ];
    for (const [input, path] of refused) expect(field(input), JSON.stringify(input)).toBe(path);
  });

  it("accepts each range's ends", () => {
    for (const input of [
      { httpStatus: 200 },
      { httpStatus: 599 },
      { latencyMs: 60_000 },
      { errcode: -1, times: 1, firstRequests: 1 },
      { errcode: -1, probability: 0 },
      { errcode: -1, probability: 1 },
      { errcode: -1, expiresInSeconds: 100 * 365 * 86_400 },
      { errcode: -1, expiresInSeconds: 0.5 },
      { errcode: -1, endpoint: "queryQuota", tenant: "t", match: { a: 1 } },
    ])
      expect(ok(input), JSON.stringify(input)).toBe(true);
  });
});
