/**
 * The emulator's limits (src/limits.ts), one class at a time, on both hosts: nesting depth and
 * bytes at every JSON entry point, the journal's bytes, lenient tenants, issued tokens, fault
 * rules and schedules. Past a limit: WeChat's 47001 on the WeChat surface, a 4xx naming the limit
 * on the admin API; never a 500, never a partial change.
 */
import { readFileSync } from "node:fs";
import { ENDPOINTS } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, Emulator, type EmulatorOptions, LIMITS, tenantOfToken } from "../src/index.js";
import { expressHost, freshToken, HOSTS, type Hosted, host, RID, raw } from "./helpers.js";

const STATUS = ENDPOINTS.getAuditStatus.path;
const SUBMIT = ENDPOINTS.submitAudit.path;
/** `{"auditid":1,"x":[[[...]]]}`, `levels` deep in all. */
const deepBody = (levels: number) => `{"auditid":1,"x":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;
/** JSON text nested `levels` deep: `{"a":{"a":...1}}` (built as text: JSON.stringify would overflow). */
const deepText = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
const deepValue = (levels: number) => JSON.parse(deepText(levels)) as unknown;

type Kind = (typeof HOSTS)[number] | "express behind a body parser";
const KINDS: Kind[] = [...HOSTS, "express behind a body parser"];
const start = (kind: Kind, opts: EmulatorOptions = {}) =>
  kind === "express behind a body parser" ? expressHost(opts, "50mb") : host(kind, opts as never);

describe.each(KINDS)("nesting depth and bytes on the WeChat surface (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await start(kind, { seed: 1 });
  });
  afterAll(() => em.close());

  it("a body nested 100,000 levels deep is 47001, and the journal still answers", async () => {
    const res = await raw(em.url, `${STATUS}?access_token=${freshToken()}`, { body: deepBody(100_000) });
    expect(res.status).toBe(200);
    expect(res.json?.errcode).toBe(47001);
    expect(res.detail).toMatch(/nested deeper than 64/);
    expect(String(res.json?.errmsg)).toMatch(RID);
    const journal = await raw(em.url, "/__admin/journal?limit=5", { method: "GET" });
    expect(journal.status).toBe(200);
  });

  it("a body 65 levels deep is refused, 64 is not a format error", async () => {
    const over = await raw(em.url, `${STATUS}?access_token=${freshToken()}`, { body: deepBody(65) });
    expect(over.json?.errcode).toBe(47001);
    const at = await raw(em.url, `${STATUS}?access_token=${freshToken()}`, { body: deepBody(64) });
    // Not refused for its depth: the handler runs (an unknown audit id is 85012).
    expect(at.json?.errcode).toBe(85012);
  });

  it("every journal listing and the snapshot still answer after hostile bodies", async () => {
    for (const levels of [1_000, 5_000, 50_000])
      await raw(em.url, `${SUBMIT}?access_token=${freshToken()}`, { body: deepBody(levels) });
    for (const path of [
      "/__admin/journal",
      "/__admin/journal/count",
      "/__admin/snapshot",
      "/__admin/tenants",
    ])
      expect((await raw(em.url, path, { method: "GET" })).status, path).toBe(200);
  });
});

describe.each(HOSTS)("the admin API's bodies (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 2, limits: { adminBodyBytes: 64 * 1024 } } as never);
  });
  afterAll(() => em.close());

  it("a fault rule with a deeply nested match is a 400 naming the limit; nothing is added", async () => {
    const body = `{"errcode":-1,"match":{"x":${deepText(10_000)}}}`;
    const res = await raw(em.url, "/__admin/faults", {
      body,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    const err = res.json?.error as { code: string; message: string; field: string };
    expect(err.code).toBe("limit_exceeded");
    expect(err.message).toMatch(/limits\.jsonDepth/);
    expect(err.field).toMatch(/^body\.match\.x/);
    expect(await em.admin.listFaults()).toEqual([]);
    // The WeChat surface and the listings are unharmed.
    const q = await raw(em.url, `${STATUS}?access_token=${freshToken()}`, { body: '{"auditid":1}' });
    expect(q.json?.errcode).toBe(85012);
    expect((await raw(em.url, "/__admin/faults", { method: "GET" })).status).toBe(200);
  });

  it("a set-up command nested too deep is a 400, not a 500", async () => {
    const body = `{"name":"wx-deep","nickname":${deepText(10_000)}}`;
    const res = await raw(em.url, "/__admin/tenants", {
      body,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect((res.json?.error as { code?: string } | undefined)?.code).toBe("limit_exceeded");
  });

  it("a body over limits.adminBodyBytes is a 413 naming the limit", async () => {
    const body = JSON.stringify({ name: "wx-big", nickname: "n".repeat(70 * 1024) });
    const res = await raw(em.url, "/__admin/tenants", {
      body,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    const err = res.json?.error as { code: string; message: string };
    expect(err.code).toBe("limit_exceeded");
    expect(err.message).toMatch(/limits\.adminBodyBytes/);
  });

  it("a snapshot over limits.adminBodyBytes but within limits.snapshotBodyBytes imports", async () => {
    await em.admin.createTenant({ name: "wx-big-snapshot" });
    const snap = await em.admin.exportSnapshot();
    // 2 MiB of insignificant whitespace: the bytes are the snapshot limit's, not the admin one's.
    const body = `${JSON.stringify(snap)}${" ".repeat(2 * 1024 * 1024)}`;
    const res = await raw(em.url, "/__admin/snapshot", {
      method: "PUT",
      body,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await em.admin.exportSnapshot())).toBe(JSON.stringify(snap));
  });

  it("a snapshot nested too deep is refused before anything changes", async () => {
    await em.admin.createTenant({ name: "wx-keep" });
    const snap = (await em.admin.exportSnapshot()) as unknown as Record<string, unknown>;
    const before = JSON.stringify(snap);
    const rule = { id: "f1", errcode: -1, match: { x: 0 }, seen: 0, applied: 0, prng: [1, 2, 3, 4] };
    const hostile = JSON.stringify({ ...snap, tenants: [], faults: { next: 2, rules: [rule] } }).replace(
      '"x":0',
      `"x":${deepText(10_000)}`,
    );
    const res = await raw(em.url, "/__admin/snapshot", {
      method: "PUT",
      body: hostile,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect((res.json?.error as { code?: string } | undefined)?.code).toBe("limit_exceeded");
    const after = (await em.admin.exportSnapshot()) as unknown as Record<string, unknown>;
    expect(JSON.stringify(after)).toBe(before);
    expect((await raw(em.url, "/__admin/faults", { method: "GET" })).status).toBe(200);
  });
});

describe("in process: depth of fault rules and snapshots", () => {
  it("addFault and importSnapshot refuse a deep value, and nothing changes", () => {
    const em = new Emulator({ seed: 1 });
    expect(() => em.addFault({ errcode: -1, match: { x: deepValue(10_000) } })).toThrow(/limits\.jsonDepth/);
    expect(em.faults.rules).toEqual([]);
    const snap = em.exportSnapshot() as unknown as Record<string, unknown>;
    const hostile = { ...snap, tenants: [{ deep: deepValue(10_000) }] };
    expect(() => em.importSnapshot(hostile)).toThrow(/limits\.jsonDepth/);
    expect(em.exportSnapshot()).toEqual(snap);
    em.close();
  });

  it("a config whose fault rule is nested too deep does not start", () => {
    expect(
      () => new Emulator({ config: { faults: [{ errcode: -1, match: { x: deepValue(200) } }] } }),
    ).toThrow(/faults\[0\]\.match\.x.*limits\.jsonDepth/s);
  });
});

/** The approximate bytes of the journal as GET /__admin/journal serialises it. */
async function journalBytes(url: string): Promise<number> {
  const res = await raw(url, "/__admin/journal", { method: "GET" });
  expect(res.status).toBe(200);
  return Buffer.byteLength(res.text);
}

describe.each(HOSTS)("the journal is bounded by bytes (%s)", (kind) => {
  let em: Hosted;
  const limits = { journalBytes: 1024 * 1024, journalFieldBytes: 16 * 1024 };
  beforeAll(async () => {
    em = await host(kind, { seed: 3, limits } as never);
  });
  afterAll(() => em.close());

  it("large bodies do not take the journal past limits.journalBytes; a large request is elided", async () => {
    const token = freshToken("big");
    const body = JSON.stringify({ version_desc: "d".repeat(200 * 1024) });
    for (let i = 0; i < 30; i++) {
      const res = await raw(em.url, `${SUBMIT}?access_token=${token}-${i}`, { body });
      expect(res.json?.errcode).toBe(0);
    }
    expect(await journalBytes(em.url)).toBeLessThanOrEqual(limits.journalBytes);
    const [last] = await em.admin.journal({ endpoint: "submitAudit", limit: 1 });
    expect(last?.request).toBeUndefined();
    expect(last?.elided?.request).toBeGreaterThan(200 * 1024);
  });

  it("many small entries are still bounded by bytes, oldest first", async () => {
    const token = freshToken("many");
    const body = JSON.stringify({ auditid: 1, pad: "p".repeat(8 * 1024) });
    for (let i = 0; i < 200; i++) await raw(em.url, `${STATUS}?access_token=${token}`, { body });
    expect(await journalBytes(em.url)).toBeLessThanOrEqual(limits.journalBytes);
    const kept = await em.admin.journal({ endpoint: "getAuditStatus" });
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.length).toBeLessThan(200);
    // The newest is kept whole (it is under limits.journalFieldBytes).
    expect(kept.at(-1)?.request?.pad).toHaveLength(8 * 1024);
  });
});

describe.each(HOSTS)("lenient tenants are bounded, least recently used evicted (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 4, limits: { lenientTenants: 5 } } as never);
  });
  afterAll(() => em.close());

  it("keeps at most limits.lenientTenants, the recently used ones, and journals each eviction", async () => {
    const tokens = Array.from({ length: 12 }, () => freshToken("lru"));
    const keepAlive = tokens[0]!;
    for (const t of tokens) {
      await raw(em.url, `${ENDPOINTS.queryQuota.path}?access_token=${t}`, { method: "GET" });
      // The first token is used again after every other: it is never the least recently used.
      await raw(em.url, `${ENDPOINTS.queryQuota.path}?access_token=${keepAlive}`, { method: "GET" });
    }
    const names = (await em.admin.tenants()).map((t) => t.name);
    expect(names).toHaveLength(5);
    expect(names).toContain(tenantOfToken(keepAlive));
    expect(names).toContain(tenantOfToken(tokens.at(-1)!));
    const evicted = tenantOfToken(tokens[1]!);
    expect(names).not.toContain(evicted);
    const entries = await em.admin.journal({ tenant: evicted });
    const eviction = entries.at(-1)!;
    expect(eviction.source).toBe("admin");
    expect(eviction.changes).toEqual([
      expect.objectContaining({ kind: "setup", what: "evict", tenant: evicted, by: "lenient" }),
    ]);
    // No secret: the token never appears.
    expect(JSON.stringify(entries)).not.toContain(tokens[1]);
  });

  it("configured tenants are never evicted", async () => {
    await em.admin.createTenant({ name: "wx-configured" });
    for (let i = 0; i < 8; i++)
      await raw(em.url, `${ENDPOINTS.queryQuota.path}?access_token=${freshToken("more")}`, { method: "GET" });
    expect((await em.admin.tenants()).map((t) => t.name)).toContain("wx-configured");
  });
});

describe("lenient tenants are bounded by what they keep", () => {
  it("1 MiB version_desc per tenant does not grow past limits.lenientTenantBytes", async () => {
    const em = new Emulator({ seed: 5, limits: { lenientTenantBytes: 2 * 1024 * 1024 } } as never);
    const body = Buffer.from(JSON.stringify({ version_desc: "v".repeat(1000 * 1024) }));
    for (let i = 0; i < 10; i++) {
      const a = em.handle({ method: "POST", url: `${SUBMIT}?access_token=${freshToken("kept")}-${i}`, body });
      expect(JSON.parse((a as { body: string }).body).errcode).toBe(0);
    }
    expect(em.tenantViews().length).toBeLessThanOrEqual(2);
    em.close();
  });
});

describe("lenient tenants in snapshots", () => {
  it("a snapshot keeps which tenants are lenient: after an import they are still evicted", () => {
    const em = new Emulator({ seed: 9, limits: { lenientTenants: 3 } } as never);
    const use = (token: string) =>
      em.handle({
        method: "GET",
        url: `${ENDPOINTS.queryQuota.path}?access_token=${token}`,
        body: undefined,
      });
    const tokens = ["snap-a", "snap-b", "snap-c", "snap-d"].map((t) => freshToken(t));
    for (const t of tokens.slice(0, 3)) use(t);
    const snap = em.exportSnapshot();
    expect(snap.tenants.map((t) => t.lenient)).toEqual([true, true, true]);
    em.importSnapshot(snap);
    use(tokens[3]!);
    const names = em.tenantViews().map((t) => t.name);
    expect(names).toHaveLength(3);
    expect(names).not.toContain(tenantOfToken(tokens[0]!));
    em.close();
  });
});

describe("lenient tenants from appids", () => {
  it("an appid longer than a tenant name may be is refused (40013 invalid appid), so every export imports back", () => {
    const em = new Emulator({ seed: 10, strictTokens: false });
    const long = "w".repeat(129);
    const ask = (path: string, body?: object) =>
      em.handle({
        method: body ? "POST" : "GET",
        url: path,
        body: body && Buffer.from(JSON.stringify(body)),
      });
    const answers = [
      ask(`${ENDPOINTS.getAccessToken.path}?grant_type=client_credential&appid=${long}&secret=s`),
      ask(ENDPOINTS.getStableAccessToken.path, { grant_type: "client_credential", appid: long, secret: "s" }),
      ask(ENDPOINTS.getComponentAccessToken.path, {
        component_appid: long,
        component_appsecret: "s",
        component_verify_ticket: "t",
      }),
    ];
    const json = (a: ReturnType<typeof ask>) => JSON.parse(String("body" in a ? a.body : ""));
    for (const a of answers) expect(json(a)).toMatchObject({ errcode: 40013 });
    const fits = ask(
      `${ENDPOINTS.getAccessToken.path}?grant_type=client_credential&appid=${"w".repeat(128)}&secret=s`,
    );
    expect(json(fits)).toMatchObject({ expires_in: 7200 });
    em.importSnapshot(em.exportSnapshot());
    expect(em.tenantViews().map((t) => t.name)).toEqual(["w".repeat(128)]);
    em.close();
  });
});

describe("issued tokens", () => {
  it("an expired token is forgotten whoever issued it, once others are issued", () => {
    const em = new Emulator({ seed: 6, strictTokens: false });
    const get = (appid: string) =>
      em.handle({
        method: "GET",
        url: `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=s`,
        body: undefined,
      });
    get("wx-first");
    expect(em.exportSnapshot().tokens.map((t) => t.owner)).toEqual(["wx-first"]);
    em.advance(2 * 86_400 + 7_200);
    for (let i = 0; i < 4; i++) get(`wx-other-${i}`);
    expect(em.exportSnapshot().tokens.map((t) => t.owner)).not.toContain("wx-first");
    em.close();
  });

  it("keeps at most limits.issuedTokens, oldest forgotten first", () => {
    const em = new Emulator({ seed: 7, limits: { issuedTokens: 100, lenientTenants: 1000 } } as never);
    for (let i = 0; i < 250; i++)
      em.handle({
        method: "GET",
        url: `/cgi-bin/token?grant_type=client_credential&appid=wx-${i}&secret=s`,
        body: undefined,
      });
    const owners = em.exportSnapshot().tokens.map((t) => t.owner);
    expect(owners).toHaveLength(100);
    expect(owners).toContain("wx-249");
    expect(owners).not.toContain("wx-0");
    em.close();
  });
});

describe.each(HOSTS)("counts: fault rules and schedules (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 8, limits: { faultRules: 3, schedulesPerRecord: 2 } } as never);
  });
  afterAll(() => em.close());

  it("a fault rule past limits.faultRules is a 409 naming the limit; the rules are unchanged", async () => {
    for (let i = 0; i < 3; i++) await em.admin.addFault({ errcode: -1, tenant: `wx-${i}` });
    const res = await raw(em.url, "/__admin/faults", {
      body: JSON.stringify({ errcode: -1 }),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(409);
    const err = res.json?.error as { code: string; message: string };
    expect(err.code).toBe("limit_exceeded");
    expect(err.message).toMatch(/limits\.faultRules/);
    expect(await em.admin.listFaults()).toHaveLength(3);
  });

  it("a schedule past limits.schedulesPerRecord is a 409; the record's moves are unchanged", async () => {
    const token = freshToken("sched");
    const submitted = await raw(em.url, `${SUBMIT}?access_token=${token}`, { body: "{}" });
    const auditid = submitted.json?.auditid as number;
    await em.admin.scheduleAudit(auditid, { to: "deferred", afterSeconds: 10 });
    await em.admin.scheduleAudit(auditid, { to: "in_review", afterSeconds: 20 });
    const res = await raw(em.url, `/__admin/audits/${auditid}/schedule`, {
      body: JSON.stringify({ to: "approved", afterSeconds: 30 }),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(409);
    expect((res.json?.error as { message?: string } | undefined)?.message).toMatch(
      /limits\.schedulesPerRecord/,
    );
    expect((await em.admin.getAudit(auditid)).pending).toHaveLength(2);
  });
});

describe("a record's history", () => {
  it("keeps the newest limits.historyPerRecord moves; the journal has them all", () => {
    const em = new Emulator({ seed: 10, limits: { historyPerRecord: 10 } } as never);
    const token = freshToken("hist");
    const a = em.handle({ method: "POST", url: `${SUBMIT}?access_token=${token}`, body: Buffer.from("{}") });
    const { auditid } = JSON.parse((a as { body: string }).body) as { auditid: number };
    for (let i = 0; i < 12; i++) em.transitionAudit(auditid, i % 2 === 0 ? 4 : 2, {});
    const history = (em.record("audit", auditid) as { history: Array<{ from: string; to: string }> }).history;
    expect(history).toHaveLength(10);
    expect(history.at(-1)).toMatchObject({ from: "deferred", to: "in_review" });
    const journaled = em.journal
      .find()
      .flatMap((e) => e.transitions)
      .filter((t) => t.id === auditid);
    expect(journaled).toHaveLength(13);
    em.close();
  });
});

describe("overrides are range-checked", () => {
  it("EmulatorOptions.limits: an out-of-range value names the limit and its range", () => {
    expect(() => new Emulator({ limits: { journalBytes: 5 } } as never)).toThrow(
      /limits\.journalBytes.*from/,
    );
    expect(() => new Emulator({ limits: { jsonDepth: 1.5 } } as never)).toThrow(/limits\.jsonDepth/);
    expect(() => new Emulator({ limits: { nope: 1 } } as never)).toThrow(/limits\.nope/);
  });

  it("the config's limits: key is validated with the path of the bad value", () => {
    expect(() => new Emulator({ config: { limits: { faultRules: -1 } } } as never)).toThrow(
      /limits\.faultRules/,
    );
    const em = new Emulator({ config: { limits: { faultRules: 1 } } } as never);
    em.addFault({ errcode: -1 });
    expect(() => em.addFault({ errcode: -1 })).toThrow(/limits\.faultRules/);
    em.close();
  });

  it("options win over the config", () => {
    const em = new Emulator({ config: { limits: { faultRules: 1 } }, limits: { faultRules: 2 } } as never);
    em.addFault({ errcode: -1 });
    em.addFault({ errcode: -1 });
    expect(em.faults.rules).toHaveLength(2);
    em.close();
  });
});

describe("the README's table of limits", () => {
  it("has a row for every limit, with its default", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const [name, spec] of Object.entries(LIMITS)) {
      const row = readme.split("\n").find((l) => l.startsWith(`| \`${name}\``));
      expect(row, name).toBeDefined();
      const d = DEFAULT_LIMITS[name as keyof typeof LIMITS];
      const shown =
        spec.unit === "bytes"
          ? d % 1024 ** 2 === 0
            ? `${d / 1024 ** 2} MiB`
            : `${d / 1024} KiB`
          : d.toLocaleString("en-US");
      expect(row, name).toContain(` ${shown} |`);
    }
  });
});
