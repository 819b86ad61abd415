/**
 * Properties of the limits (src/limits.ts) over real HTTP, on both hosts (and the Express app
 * behind a host's body parser): random nesting, sizes and sequences of commands, each checked
 * against a model of what the limit allows. Small limits keep every run short; the seed is fixed
 * (FUZZ_SEED overrides it) and fast-check prints it on failure.
 */
import { Agent, request } from "node:http";
import { ENDPOINTS } from "@wxa-audit/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Limits, tenantOfToken } from "../src/index.js";
import { expressHost, HOSTS, type Hosted, host } from "./helpers.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20_241_114);
const LIMITS: Partial<Limits> = {
  jsonDepth: 16,
  wechatBodyBytes: 4096,
  adminBodyBytes: 4096,
  journalBytes: 64 * 1024,
  journalFieldBytes: 1024,
  lenientTenants: 8,
  faultRules: 5,
};
const STATUS = ENDPOINTS.getAuditStatus.path;
const QUOTA = ENDPOINTS.queryQuota.path;

type Kind = (typeof HOSTS)[number] | "behind a body parser";
const KINDS: Kind[] = [...HOSTS, "behind a body parser"];

function start(kind: Kind): Promise<Hosted> {
  const opts = { seed: "limits-fuzz", limits: LIMITS };
  return kind === "behind a body parser" ? expressHost(opts, "1mb") : host(kind, opts);
}

interface Exchange {
  status: number;
  json: Record<string, unknown>;
  bytes: number;
  /** The x-wxa-emulator-detail header (what was wrong with a 47001 request). */
  detail: string | undefined;
}

function send(agent: Agent, url: string, method: string, path: string, body?: string): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const req = request(`${url}${path}`, { method, headers, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          json: JSON.parse(text),
          bytes: Buffer.byteLength(text),
          detail: res.headers["x-wxa-emulator-detail"] as string | undefined,
        }),
      );
      res.on("error", reject);
    });
    // The server may hang up on an oversized body once it answered: the answer is what counts.
    req.on("error", reject);
    req.end(body);
  });
}

/** A value nested exactly `depth` levels, arrays and objects mixed, as JSON text. */
const nested = fc
  .record({
    depth: fc.integer({ min: 1, max: 30 }),
    arrays: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
    // Brackets and quotes inside strings must not count as nesting.
    noise: fc.string({ unit: fc.constantFrom("[", "{", "]", "}", '"', "\\", "a"), maxLength: 40 }),
  })
  .map(({ depth, arrays, noise }) => {
    let text = JSON.stringify(noise);
    for (let i = 0; i < depth; i++) text = arrays[i] ? `[${text}]` : `{"k":${text}}`;
    return { depth, text };
  });
const padding = fc.integer({ min: 0, max: 6000 });

describe.each(KINDS)("limits, property by property (%s)", (kind) => {
  let em: Hosted;
  let agent: Agent;
  beforeAll(async () => {
    em = await start(kind);
    agent = new Agent({ keepAlive: true, maxSockets: 4 });
  });
  afterAll(async () => {
    agent.destroy();
    await em.close();
  });

  it("WeChat surface: 47001 exactly past jsonDepth or wechatBodyBytes; the journal stays readable and within journalBytes", async () => {
    await fc.assert(
      fc.asyncProperty(nested, padding, async ({ depth, text }, pad) => {
        const body = `{"auditid":1,"x":${text},"pad":"${"p".repeat(pad)}"}`;
        const res = await send(agent, em.url, "POST", `${STATUS}?access_token=fuzz-depth`, body);
        // The limit is named in the emulator's detail header, never in WeChat's errmsg.
        const detail = String(res.detail);
        // The host's own parser (1 MiB) reads it whole: the emulator's limit still applies.
        if (Buffer.byteLength(body) > LIMITS.wechatBodyBytes!) {
          expect(res.json.errcode).toBe(47001);
          expect(detail).toMatch(/limits\.wechatBodyBytes/);
        } else if (depth + 1 > LIMITS.jsonDepth!) {
          expect(res.json.errcode).toBe(47001);
          expect(detail).toMatch(/limits\.jsonDepth/);
        } else expect(res.json.errcode).toBe(85012); // read, then an unknown audit id
      }),
      { seed: SEED, numRuns: 250 },
    );
    const journal = await send(agent, em.url, "GET", "/__admin/journal");
    expect(journal.status).toBe(200);
    expect(journal.bytes).toBeLessThanOrEqual(LIMITS.journalBytes!);
  });

  it("admin API: a fault rule is 201, or 413/400 limit_exceeded exactly past adminBodyBytes/jsonDepth; listings still answer", async () => {
    await fc.assert(
      fc.asyncProperty(nested, padding, async ({ depth, text }, pad) => {
        const body = `{"errcode":-1,"tenant":"wx-fuzz","match":{"x":${text},"pad":"${"p".repeat(pad)}"}}`;
        const res = await send(agent, em.url, "POST", "/__admin/faults", body);
        const error = res.json.error as { code: string; message: string } | undefined;
        if (Buffer.byteLength(body) > LIMITS.adminBodyBytes!) {
          expect(res.status).toBe(413);
          expect(error?.message).toMatch(/limits\.adminBodyBytes/);
        } else if (depth + 2 > LIMITS.jsonDepth!) {
          expect(res.status).toBe(400);
          expect(error?.message).toMatch(/limits\.jsonDepth/);
        } else {
          expect(res.status).toBe(201);
          await send(agent, em.url, "DELETE", `/__admin/faults/${res.json.id}`);
          return;
        }
        expect(error?.code).toBe("limit_exceeded");
      }),
      { seed: SEED + 1, numRuns: 150 },
    );
    for (const path of ["/__admin/faults", "/__admin/journal", "/__admin/snapshot"])
      expect((await send(agent, em.url, "GET", path)).status, path).toBe(200);
  });

  it("fault rules: never more than faultRules; an add past it is 409 and changes nothing", async () => {
    // Adds weigh most, so runs reach the limit and go past it.
    const op = fc.oneof(
      { arbitrary: fc.constant({ op: "add" as const }), weight: 6 },
      { arbitrary: fc.nat(9).map((i) => ({ op: "remove" as const, i })), weight: 2 },
      { arbitrary: fc.constant({ op: "clear" as const }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), async (ops) => {
        await send(agent, em.url, "DELETE", "/__admin/faults");
        const model: string[] = [];
        for (const o of ops) {
          if (o.op === "add") {
            const res = await send(
              agent,
              em.url,
              "POST",
              "/__admin/faults",
              '{"errcode":-1,"tenant":"wx-none"}',
            );
            if (model.length < LIMITS.faultRules!) {
              expect(res.status).toBe(201);
              model.push(res.json.id as string);
            } else expect(res.status).toBe(409);
          } else if (o.op === "remove" && model.length > 0) {
            const [id] = model.splice(o.i % model.length, 1);
            expect((await send(agent, em.url, "DELETE", `/__admin/faults/${id}`)).status).toBe(200);
          } else if (o.op === "clear") {
            await send(agent, em.url, "DELETE", "/__admin/faults");
            model.length = 0;
          }
        }
        const listed = (await send(agent, em.url, "GET", "/__admin/faults")).json as unknown as Array<{
          id: string;
        }>;
        expect(listed.map((r) => r.id).sort()).toEqual([...model].sort());
      }),
      { seed: SEED + 2, numRuns: 40 },
    );
  });

  it("lenient tenants: exactly the lenientTenants most recently used remain, each eviction journaled", async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(19), { minLength: 1, maxLength: 30 }), async (uses) => {
        await send(agent, em.url, "POST", "/__admin/reset", "{}");
        const tokens = Array.from({ length: 20 }, (_, i) => `lru-${++round}-${i}`);
        const model: string[] = [];
        for (const u of uses) {
          await send(agent, em.url, "GET", `${QUOTA}?access_token=${tokens[u]}`);
          const name = tenantOfToken(tokens[u]!);
          const at = model.indexOf(name);
          if (at >= 0) model.splice(at, 1);
          model.push(name);
          if (model.length > LIMITS.lenientTenants!) model.shift();
        }
        const tenants = (await send(agent, em.url, "GET", "/__admin/tenants")).json as unknown as Array<{
          name: string;
        }>;
        expect(tenants.map((t) => t.name).sort()).toEqual([...model].sort());
        const evictions = (await send(agent, em.url, "GET", "/__admin/journal")).json as unknown as Array<{
          changes: Array<{ what?: string; tenant?: string }>;
        }>;
        const evicted = evictions.flatMap((e) => e.changes).filter((c) => c.what === "evict");
        expect(evicted.length).toBe(evictionsOf(uses));
      }),
      { seed: SEED + 3, numRuns: 30 },
    );
  });
});

/** How many evictions an LRU of lenientTenants makes for these uses. */
function evictionsOf(uses: number[]): number {
  const lru: number[] = [];
  let evictions = 0;
  for (const u of uses) {
    const at = lru.indexOf(u);
    if (at >= 0) lru.splice(at, 1);
    lru.push(u);
    if (lru.length > LIMITS.lenientTenants!) {
      lru.shift();
      evictions++;
    }
  }
  return evictions;
}
