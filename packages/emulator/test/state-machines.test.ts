/** The transition tables through the admin API; schedules after a delay and after N reads. */
import { AUDIT_STATUS_NAMES, AuditStatus, NicknameAuditStat } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_MOVES } from "../src/index.js";
import { client, freshToken, type Hosted, host } from "./helpers.js";

let em: Hosted;
beforeAll(async () => {
  em = await host("listener", { seed: 11 });
});
afterAll(() => em.close());

const TARGETS = ["approved", "rejected", "deferred", "in_review", "withdrawn"] as const;
const STATUSES = Object.values(AUDIT_STATUS_NAMES);

describe("code audit transitions", () => {
  const cases = STATUSES.flatMap((from) => TARGETS.map((to) => [from, to] as const));
  it.each(cases)("%s -> %s", async (from, to) => {
    const tenant = em.admin.tenantOf(freshToken());
    const t = await em.admin.createTenant({ name: tenant, audits: [{ status: from }] });
    const auditid = t.auditIds[0]!;
    const fromStatus = STATUSES.indexOf(from) as AuditStatus;
    const toStatus = STATUSES.indexOf(to) as AuditStatus;
    const legal = AUDIT_MOVES[fromStatus].includes(toStatus);
    const result = em.admin.transitionAudit(auditid, { to: to as never });
    if (legal) {
      expect((await result).fired).toEqual([{ kind: "audit", id: auditid, from, to }]);
      const sheet = await em.admin.getAudit(auditid);
      expect(sheet.status).toBe(toStatus);
      // Only a rejection carries media ids, only a rejection or deferral a reason; any other
      // move leaves neither (a deferral's reason does not linger into review or approval).
      expect(sheet.reason !== "", "reason").toBe(to === "rejected" || to === "deferred");
      expect(sheet.screenshot !== "", "screenshot").toBe(to === "rejected");
    } else {
      await expect(result).rejects.toMatchObject({ status: 409, code: "illegal_transition", current: from });
      // The refusal says which record it is about and where that record stands.
      await expect(result).rejects.toThrow(new RegExp(`audit ${auditid} is ${from}`));
    }
  });

  it("the table: 2 and 4 are open, 0, 1 and 3 final", () => {
    expect(AUDIT_MOVES[AuditStatus.InReview]).toHaveLength(4);
    expect(AUDIT_MOVES[AuditStatus.Deferred]).toEqual(
      expect.arrayContaining([AuditStatus.InReview, AuditStatus.Approved, AuditStatus.Rejected]),
    );
    for (const s of [AuditStatus.Approved, AuditStatus.Rejected, AuditStatus.Withdrawn])
      expect(AUDIT_MOVES[s]).toEqual([]);
  });

  it("unknown ids are 404; bad ids and bodies are 400 naming the field", async () => {
    await expect(em.admin.transitionAudit(1, { to: "approved" })).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    });
    await expect(em.admin.transitionAudit(0, { to: "approved" })).rejects.toMatchObject({
      status: 400,
      field: "params",
    });
    await expect(em.admin.transitionAudit(5, { to: "done" as never })).rejects.toMatchObject({
      field: "body.to",
    });
    await expect(em.admin.transitionAudit(5, { to: "approved", extra: 1 } as never)).rejects.toMatchObject({
      field: "body.extra",
    });
  });
});

describe("tenants through the admin API", () => {
  it("a duplicate audit id is refused before anything changes, naming the field", async () => {
    const tenant = em.admin.tenantOf(freshToken());
    const t = await em.admin.createTenant({ name: tenant, audits: [{ auditid: 900_001 }] });
    const other = em.admin.tenantOf(freshToken());
    await expect(
      em.admin.createTenant({ name: other, audits: [{ auditid: 900_002 }, { auditid: 900_001 }] }),
    ).rejects.toMatchObject({ status: 409, code: "conflict", field: "body.audits.1.auditid" });
    await expect(em.admin.tenant(other)).rejects.toMatchObject({ status: 404 });
    expect((await em.admin.getAudit(900_001)).tenant).toBe(t.name);
    // Replacing a tenant may keep its own ids.
    await em.admin.createTenant({ name: tenant, audits: [{ auditid: 900_001, status: "approved" }] });
    expect((await em.admin.getAudit(900_001)).status).toBe(AuditStatus.Approved);
  });
});

describe("nickname audit transitions", () => {
  it.each([
    ["in_review", "succeeded", true],
    ["in_review", "failed", true],
    ["failed", "succeeded", false],
    ["failed", "failed", false],
    ["succeeded", "failed", false],
    ["succeeded", "succeeded", false],
  ] as const)("%s -> %s", async (from, to, legal) => {
    const tenant = em.admin.tenantOf(freshToken());
    const t = await em.admin.createTenant({ name: tenant, nicknameAudits: [{ nickname: "名", stat: from }] });
    const id = t.nicknameAuditIds[0]!;
    const result = em.admin.transitionNicknameAudit(id, { to });
    if (legal) {
      expect((await result).fired).toEqual([{ kind: "nickname", id, from, to }]);
      // A failure carries a (drawn) reason; a success none.
      expect((await em.admin.getNicknameAudit(id)).fail_reason !== "").toBe(to === "failed");
    } else {
      await expect(result).rejects.toMatchObject({ status: 409, current: from });
      await expect(result).rejects.toThrow(new RegExp(`nickname audit ${id} is ${from}`));
    }
  });
});

describe("scheduled transitions", () => {
  it("after a delay: fired by advancing the clock, reported once", async () => {
    const token = freshToken();
    const c = client(em.url, token);
    const { auditid } = await c.submitAudit({});
    await em.admin.scheduleAudit(auditid, { to: "deferred", afterSeconds: 60 });
    await em.admin.scheduleAudit(auditid, { to: "approved", afterSeconds: 120 });
    expect((await em.admin.advanceClock(59)).fired).toEqual([]);
    expect((await c.getAuditStatus({ auditid })).status).toBe(AuditStatus.InReview);
    const { fired } = await em.admin.advanceClock(100);
    expect(fired).toEqual([
      { kind: "audit", id: auditid, from: "in_review", to: "deferred" },
      { kind: "audit", id: auditid, from: "deferred", to: "approved" },
    ]);
    expect((await c.getAuditStatus({ auditid })).status).toBe(AuditStatus.Approved);
    expect((await em.admin.advanceClock(1000)).fired).toEqual([]);
  });

  it("after N reads: N reads see the old state, the next the new", async () => {
    const c = client(em.url, freshToken());
    const { auditid } = await c.submitAudit({});
    await em.admin.scheduleAudit(auditid, { to: "rejected", afterReads: 3, reason: "不通过" });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) seen.push((await c.getAuditStatus({ auditid })).status);
    expect(seen).toEqual([2, 2, 2, 1, 1]);
    expect((await c.getAuditStatus({ auditid })).reason).toBe("不通过");
    const journal = await em.admin.journal({ endpoint: "getAuditStatus", limit: 6 });
    expect(journal.filter((e) => e.transitions.length > 0)).toHaveLength(1);
  });

  it("get_latest_auditstatus reads count too; nickname audits after reads", async () => {
    const c = client(em.url, freshToken());
    const { auditid } = await c.submitAudit({});
    await em.admin.scheduleAudit(auditid, { to: "approved", afterReads: 0 });
    expect((await c.getLatestAuditStatus()).status).toBe(AuditStatus.Approved);
    const { audit_id } = await c.setNickName({ nick_name: "腾讯 读", license: "media-license" });
    await em.admin.scheduleNicknameAudit(audit_id!, { to: "succeeded", afterReads: 1 });
    expect((await c.getNickNameStatus({ audit_id: audit_id! })).audit_stat).toBe(NicknameAuditStat.InReview);
    expect((await c.getNickNameStatus({ audit_id: audit_id! })).audit_stat).toBe(NicknameAuditStat.Succeeded);
  });

  it("a schedule is checked against the state it will follow; exactly one trigger", async () => {
    const c = client(em.url, freshToken());
    const { auditid } = await c.submitAudit({});
    await em.admin.scheduleAudit(auditid, { to: "approved", afterSeconds: 10 });
    await expect(em.admin.scheduleAudit(auditid, { to: "rejected", afterSeconds: 20 })).rejects.toMatchObject(
      {
        status: 409,
        current: "approved",
      },
    );
    await expect(em.admin.scheduleAudit(auditid, { to: "rejected" })).rejects.toMatchObject({
      status: 400,
      field: "body.afterSeconds",
    });
    await expect(
      em.admin.scheduleAudit(auditid, { to: "rejected", afterSeconds: 1, afterReads: 1 }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("an admin move makes a stale schedule lapse", async () => {
    const c = client(em.url, freshToken());
    const { auditid } = await c.submitAudit({});
    await em.admin.scheduleAudit(auditid, { to: "approved", afterSeconds: 10 });
    await em.admin.transitionAudit(auditid, { to: "rejected" });
    expect((await em.admin.advanceClock(20)).fired.filter((f) => f.id === auditid)).toEqual([]);
    expect((await c.getAuditStatus({ auditid })).status).toBe(AuditStatus.Rejected);
  });

  it("a tenant's own clock moves alone, firing only that tenant's schedules", async () => {
    const tokA = freshToken();
    const tokB = freshToken();
    const a = client(em.url, tokA);
    const b = client(em.url, tokB);
    const ida = (await a.submitAudit({})).auditid;
    const idb = (await b.submitAudit({})).auditid;
    await em.admin.scheduleAudit(ida, { to: "approved", afterSeconds: 30 });
    await em.admin.scheduleAudit(idb, { to: "approved", afterSeconds: 30 });
    const tenantA = em.admin.tenantOf(tokA);
    const shared = await em.admin.clock();
    const { fired } = await em.admin.advanceClock(30, tenantA);
    expect(fired).toEqual([{ kind: "audit", id: ida, from: "in_review", to: "approved" }]);
    expect((await em.admin.clock(tenantA)).now).toBe(shared.now + 30);
    expect((await em.admin.clock()).now).toBe(shared.now);
    expect((await b.getAuditStatus({ auditid: idb })).status).toBe(AuditStatus.InReview);
    await expect(em.admin.advanceClock(1, "no-such-tenant")).rejects.toMatchObject({ status: 404 });
  });

  it("setting the clock forward fires due moves; a seeded clock starts frozen at a fixed instant", async () => {
    const fresh = await host("listener", { seed: 5 });
    try {
      expect(await fresh.admin.clock()).toEqual({ now: 1_704_067_200, frozen: true });
      const c = client(fresh.url, "tok");
      const { auditid } = await c.submitAudit({});
      await fresh.admin.scheduleAudit(auditid, { to: "approved", afterSeconds: 5 });
      const set = await fresh.admin.setClock({ now: 1_704_067_300 });
      expect(set.fired).toHaveLength(1);
    } finally {
      await fresh.close();
    }
    const unseeded = await host("listener");
    try {
      expect((await unseeded.admin.clock()).frozen).toBe(false);
    } finally {
      await unseeded.close();
    }
  });
});
