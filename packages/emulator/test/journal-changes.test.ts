/**
 * The commit point beyond transitions, proved from outside: every kind of change (counter, flag,
 * rename, token, setup), by every trigger that can cause it, appears exactly once in the journal
 * with its cause, subscribers receive the same changes, and no secret (token, app secret, ticket,
 * refresh token, nor their hashes) is in the journal or in what subscribers receive.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JournalEntry, type RunningEmulator, startEmulator } from "../src/index.js";
import { client, freshToken } from "./helpers.js";

const SECRETS = ["app-secret-123456", "component-secret-1", "ticket@@@xyz", "refreshtoken@@@1"];
const CONFIG = {
  platforms: [{ appid: "wxcomponent", secret: SECRETS[1]!, verifyTicket: SECRETS[2]! }],
  tenants: [
    { name: "wxapp", secret: SECRETS[0]! },
    { name: "wxauthorized", authorizer: { componentAppId: "wxcomponent", refreshToken: SECRETS[3]! } },
  ],
  faults: [{ endpoint: "queryQuota" as const, tenant: "nobody", errcode: -1 }],
};

let em: RunningEmulator;
const received: unknown[] = [];
beforeAll(async () => {
  em = await startEmulator({ host: "127.0.0.1", port: 0, seed: 31, config: CONFIG });
  em.emulator.subscribeChanges((c) => received.push(c));
});
afterAll(() => em.close());

type Flat = Record<string, unknown> & { source: string; endpoint: string | undefined; entryTenant?: string };
/** Every non-transition change the journal holds, with the entry that holds it. */
async function changes(filter: Parameters<RunningEmulator["admin"]["journal"]>[0] = {}): Promise<Flat[]> {
  const entries: JournalEntry[] = await em.admin.journal(filter);
  return entries.flatMap((e) =>
    e.changes.map((c) => ({ ...c, source: e.source, endpoint: e.endpoint, entryTenant: e.tenant })),
  );
}

async function expectOnce(match: Record<string, unknown>, filter = {}): Promise<Flat> {
  const hits = (await changes(filter)).filter((c) =>
    Object.entries(match).every(([k, v]) => JSON.stringify(c[k]) === JSON.stringify(v)),
  );
  expect(hits, JSON.stringify(match)).toHaveLength(1);
  expect(hits[0]).toMatchObject({
    trigger: expect.any(String),
    by: expect.any(String),
    at: expect.any(Number),
  });
  return hits[0]!;
}

const fresh = () => {
  const token = freshToken("changes");
  return { token, tenant: em.admin.tenantOf(token), c: client(em.url, token) };
};

describe("counters and flags, by the WeChat calls that spend them", () => {
  it("submit_audit spends the quota: one counter change in its entry", async () => {
    const { tenant, c } = fresh();
    await c.submitAudit({});
    const hit = await expectOnce({ kind: "counter", counter: "quota", tenant });
    expect(hit).toMatchObject({
      trigger: "command",
      by: "submit",
      endpoint: "submitAudit",
      source: "wechat",
    });
    expect(hit.to).toMatchObject({ used: 1, speedupUsed: 0 });
  });

  it("speedupcodeaudit: the speed-up count and the audit's spedUp flag, once each", async () => {
    const { tenant, c } = fresh();
    const { auditid } = await c.submitAudit({});
    await c.speedupCodeAudit({ auditid });
    const cause = { trigger: "command", by: "speedupcodeaudit", endpoint: "speedupCodeAudit" };
    const counter = await expectOnce({ kind: "counter", counter: "quota", tenant, by: "speedupcodeaudit" });
    expect(counter).toMatchObject(cause);
    expect(counter.to).toMatchObject({ used: 1, speedupUsed: 1 });
    const flag = await expectOnce({ kind: "flag", tenant });
    expect(flag).toMatchObject({
      ...cause,
      record: { kind: "audit", id: auditid },
      flag: "spedUp",
      to: true,
    });
  });

  it("undocodeaudit spends an undo", async () => {
    const { tenant, c } = fresh();
    await c.submitAudit({});
    await c.undoCodeAudit();
    const hit = await expectOnce({ kind: "counter", counter: "undo", tenant });
    expect(hit).toMatchObject({ by: "undocodeaudit", endpoint: "undoCodeAudit" });
    expect(hit.to).toMatchObject({ dayCount: 1, monthCount: 1 });
  });

  it("checknickname counts a check when a rate limit is set (none is journaled without one)", async () => {
    const { tenant, c } = fresh();
    await c.checkNickName({ nick_name: "好名字" });
    expect((await changes({ tenant })).filter((x) => x.kind === "counter")).toHaveLength(0);
    await em.admin.setNameRules({ rateLimit: { perMinute: 5 } });
    await c.checkNickName({ nick_name: "好名字" });
    await em.admin.setNameRules({ rateLimit: null });
    const hit = await expectOnce({ kind: "counter", counter: "checks", tenant });
    expect(hit).toMatchObject({ by: "checknickname", endpoint: "checkNickName", to: { count: 1 } });
  });
});

describe("renames", () => {
  it("setnickname with a clear name renames at once", async () => {
    const { tenant, c } = fresh();
    await c.setNickName({ nick_name: "清清楚楚" });
    const hit = await expectOnce({ kind: "rename", tenant });
    expect(hit).toMatchObject({
      to: "清清楚楚",
      trigger: "command",
      by: "setnickname",
      endpoint: "setNickName",
    });
  });

  it.each([
    ["an admin command", { trigger: "command", by: "admin" }],
    ["the clock", { trigger: "clock" }],
    ["reads", { trigger: "reads" }],
  ])("a nickname audit succeeding by %s renames, with the move's cause", async (how, cause) => {
    const { tenant, c, token } = fresh();
    const audit_id = (await c.setNickName({ nick_name: "腾讯 小店", license: "media-license" })).audit_id!;
    if (how === "an admin command") await em.admin.transitionNicknameAudit(audit_id, { to: "succeeded" });
    else if (how === "the clock") {
      await em.admin.scheduleNicknameAudit(audit_id, { to: "succeeded", afterSeconds: 10 });
      await em.admin.advanceClock(10);
    } else {
      await em.admin.scheduleNicknameAudit(audit_id, { to: "succeeded", afterReads: 0 });
      await client(em.url, token).getNickNameStatus({ audit_id });
    }
    expect(await expectOnce({ kind: "rename", tenant })).toMatchObject({ to: "腾讯 小店", ...cause });
    expect((await em.admin.tenant(tenant)).nickname).toBe("腾讯 小店");
  });
});

describe("tokens: the appid and the kind, never the token", () => {
  it("each of the four token endpoints journals one token change in its entry", async () => {
    const anon = client(em.url);
    const before = (await changes()).filter((c) => c.kind === "token").length;
    const app = await anon.getAccessToken({ appid: "wxapp", secret: SECRETS[0]! });
    const stable = await anon.getStableAccessToken({
      appid: "wxapp",
      secret: SECRETS[0]!,
      force_refresh: true,
    });
    const { component_access_token } = await anon.getComponentAccessToken({
      component_appid: "wxcomponent",
      component_appsecret: SECRETS[1]!,
      component_verify_ticket: SECRETS[2]!,
    });
    const auth = await anon.getAuthorizerAccessToken(
      {
        component_appid: "wxcomponent",
        authorizer_appid: "wxauthorized",
        authorizer_refresh_token: SECRETS[3]!,
      },
      component_access_token,
    );
    const tokens = (await changes()).filter((c) => c.kind === "token").slice(before);
    expect(tokens.map((t) => [t.tenant, t.tokenKind, t.by, t.endpoint])).toEqual([
      ["wxapp", "app", "token", "getAccessToken"],
      ["wxapp", "stable", "stable_token", "getStableAccessToken"],
      ["wxcomponent", "component", "api_component_token", "getComponentAccessToken"],
      ["wxauthorized", "authorizer", "api_authorizer_token", "getAuthorizerAccessToken"],
    ]);
    const issued = [
      app.access_token,
      stable.access_token,
      component_access_token,
      auth.authorizer_access_token,
    ];
    expectNoSecret([...SECRETS, ...issued]);
    // The same stable token again is no new issue.
    await anon.getStableAccessToken({ appid: "wxapp", secret: SECRETS[0]! });
    expect((await changes()).filter((c) => c.kind === "token").slice(before)).toHaveLength(4);
  });
});

describe("set-up, by the config, admin commands and lenient mode", () => {
  it("a lenient tenant is created once, by the request that first names it", async () => {
    const { tenant, c } = fresh();
    await c.queryQuota();
    await c.queryQuota();
    const hit = await expectOnce({ kind: "setup", what: "tenant", tenant });
    expect(hit).toMatchObject({
      trigger: "command",
      by: "lenient",
      endpoint: "queryQuota",
      source: "wechat",
    });
  });

  it("admin: tenant, platform, name rules, fault rules, own clock, one-tenant reset, snapshot", async () => {
    const admin = { trigger: "command", by: "admin", source: "admin" };
    await em.admin.createTenant({ name: "wxnew", secret: "new-secret-0001" });
    expect(await expectOnce({ kind: "setup", what: "tenant", tenant: "wxnew" })).toMatchObject(admin);
    await em.admin.addPlatform({ appid: "wxplat2", secret: "plat-secret-2", verifyTicket: "ticket@@@2" });
    expect(await expectOnce({ kind: "setup", what: "platform", id: "wxplat2" })).toMatchObject(admin);
    const { id } = await em.admin.addFault({ endpoint: "queryQuota", tenant: "nobody", errcode: -1 });
    expect(await expectOnce({ kind: "setup", what: "fault-add", id })).toMatchObject(admin);
    await em.admin.removeFault(id);
    expect(await expectOnce({ kind: "setup", what: "fault-remove", id })).toMatchObject(admin);
    await em.admin.advanceClock(1, "wxnew");
    expect(await expectOnce({ kind: "setup", what: "own-clock", tenant: "wxnew" })).toMatchObject(admin);
    await em.admin.reset("wxnew");
    expect(await expectOnce({ kind: "setup", what: "reset", target: "wxnew" })).toMatchObject(admin);
    expect(await em.admin.journalCount({ tenant: "wxnew" })).toBe(0);
    expectNoSecret(["new-secret-0001", "plat-secret-2", "ticket@@@2"]);
    const snap = await em.admin.exportSnapshot();
    await em.admin.importSnapshot(snap);
    expect(await expectOnce({ kind: "setup", what: "snapshot" })).toMatchObject(admin);
    await em.admin.clearFaults();
    expect(await expectOnce({ kind: "setup", what: "faults-clear" })).toMatchObject(admin);
  });

  it("a full reset journals itself and the config's set-up, once each, as the config's", async () => {
    await em.admin.reset();
    const all = await changes();
    // One admin entry per tenant (none for what concerns no tenant), in the order first touched.
    expect(all.map((c) => `${c.what}:${c.by}`)).toEqual([
      "name-rules:config",
      "reset:admin",
      "platform:config",
      "fault-add:config",
      "tenant:config",
      "tenant:config",
    ]);
    expect(all.filter((c) => c.what === "tenant").map((c) => c.entryTenant)).toEqual([
      "wxapp",
      "wxauthorized",
    ]);
    expectNoSecret(SECRETS);
  });
});

describe("subscribers", () => {
  it("receive every change the journal holds, in the same order, and no secret", async () => {
    received.length = 0;
    const { tenant, c } = fresh();
    const { auditid } = await c.submitAudit({});
    await c.speedupCodeAudit({ auditid });
    // A rename waits for the release audit to end (91019 while it is open).
    await em.admin.transitionAudit(auditid, { to: "approved" });
    await c.setNickName({ nick_name: "订阅者" });
    const entries = await em.admin.journal({ tenant });
    const journaled = entries.flatMap((e) => [...e.transitions, ...e.changes]);
    const seen = received.filter((r) => (r as { tenant?: string }).tenant === tenant);
    expect(seen).toHaveLength(journaled.length);
    expect(new Set(seen)).toEqual(new Set(journaled));
    expect(seen.map((r) => (r as { kind: string }).kind)).toEqual([
      "setup",
      "counter",
      "audit",
      "counter",
      "flag",
      "audit",
      "rename",
    ]);
  });

  it("one that throws changes nothing: the call answers, the journal has the entry, others still hear", async () => {
    const heard: unknown[] = [];
    const offThrow = em.emulator.subscribeChanges(() => {
      throw new Error("subscriber bug");
    });
    const offHear = em.emulator.subscribeChanges((c) => heard.push(c));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const { tenant, c } = fresh();
      const { auditid } = await c.submitAudit({});
      expect(auditid).toBeGreaterThan(0);
      const entries = await em.admin.journal({ tenant, endpoint: "submitAudit" });
      expect(entries).toHaveLength(1);
      expect(entries[0]!.transitions.map((t) => t.to)).toEqual(["in_review"]);
      expect(heard.some((h) => (h as { tenant?: string }).tenant === tenant)).toBe(true);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings.some((w) => w.includes("a commit subscriber threw: Error"))).toBe(true);
    } finally {
      offThrow();
      offHear();
      process.off("warning", onWarning);
    }
  });
});

/** Neither the values nor their SHA-256 hashes are in the journal or what subscribers received. */
function expectNoSecret(secrets: string[]): void {
  const text = JSON.stringify(em.emulator.journal.find()) + JSON.stringify(received);
  for (const s of secrets) {
    expect(text).not.toContain(s);
    expect(text).not.toContain(createHash("sha256").update(s).digest("hex"));
  }
}
