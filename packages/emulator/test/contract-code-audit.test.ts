/** Code release audit endpoints through the core client, on both hosts. */
import { AuditStatus } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, expectErrcode, freshToken, HOSTS, type Hosted, host, RID, raw } from "./helpers.js";

describe.each(HOSTS)("code audit contract (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 7 });
  });
  afterAll(() => em.close());

  const fresh = () => {
    const token = freshToken("audit");
    return { token, c: client(em.url, token), tenant: em.admin.tenantOf(token) };
  };

  it("submit_audit opens a sheet in review; get_auditstatus and get_latest_auditstatus read it", async () => {
    const { c } = fresh();
    const { auditid } = await c.submitAudit({ version_desc: "first" });
    expect(await c.getAuditStatus({ auditid })).toMatchObject({
      errcode: 0,
      errmsg: "ok",
      status: AuditStatus.InReview,
    });
    expect(await c.getAuditStatus({ auditid: String(auditid) })).toMatchObject({
      status: AuditStatus.InReview,
    });
    const latest = await c.getLatestAuditStatus();
    expect(latest).toMatchObject({ auditid, status: 2, user_desc: "first", user_version: "1.0.0" });
    expect(typeof latest.submit_audit_time).toBe("number");
  });

  it("85009 while a sheet is open (in review, then deferred); a new one after a final state", async () => {
    const { c } = fresh();
    const { auditid } = await c.submitAudit({});
    await expectErrcode(c.submitAudit({}), 85009);
    await em.admin.transitionAudit(auditid, { to: "deferred" });
    await expectErrcode(c.submitAudit({}), 85009);
    await em.admin.transitionAudit(auditid, { to: "approved" });
    const second = await c.submitAudit({});
    expect(second.auditid).not.toBe(auditid);
    expect((await c.getLatestAuditStatus()).auditid).toBe(second.auditid);
  });

  it("rejected carries a Chinese reason and screenshot media ids; deferred a reason only", async () => {
    const { c } = fresh();
    const { auditid } = await c.submitAudit({});
    await em.admin.transitionAudit(auditid, { to: "deferred" });
    const deferred = await c.getAuditStatus({ auditid });
    expect(deferred.status).toBe(AuditStatus.Deferred);
    expect(deferred.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(deferred.screenshot).toBeUndefined();
    await em.admin.transitionAudit(auditid, { to: "in_review" });
    expect((await c.getAuditStatus({ auditid })).reason).toBeUndefined();
    await em.admin.transitionAudit(auditid, { to: "rejected" });
    const rejected = await c.getAuditStatus({ auditid });
    expect(rejected.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(rejected.screenshot).toMatch(/^[A-Za-z0-9]{64}(\|[A-Za-z0-9]{64}){0,2}$/);
    const latest = await c.getLatestAuditStatus();
    expect(latest.ScreenShot).toBe(rejected.screenshot);
    expect(latest.reason).toBe(rejected.reason);
  });

  it("given reason and screenshot are kept as given", async () => {
    const { c } = fresh();
    const { auditid } = await c.submitAudit({});
    await em.admin.transitionAudit(auditid, { to: "rejected", reason: "原因", screenshot: "a|b" });
    expect(await c.getAuditStatus({ auditid })).toMatchObject({
      status: 1,
      reason: "原因",
      screenshot: "a|b",
    });
  });

  it("85012 for an unknown or another tenant's auditid, with zero-valued business fields", async () => {
    const a = fresh();
    const b = fresh();
    const { auditid } = await a.c.submitAudit({});
    await expectErrcode(b.c.getAuditStatus({ auditid }), 85012);
    const res = await raw(em.url, `/wxa/get_auditstatus?access_token=${b.token}`, {
      body: JSON.stringify({ auditid: 1 }),
    });
    expect(res.json).toMatchObject({ errcode: 85012, status: 0, reason: "", screenshot: "" });
    expect(String(res.json?.errmsg)).toMatch(/^invalid audit id rid: /);
  });

  it("86001 when no code was committed; 85086 on submit", async () => {
    const { c, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, codeCommitted: false });
    await expectErrcode(c.getAuditStatus({ auditid: 123 }), 86001);
    await expectErrcode(c.submitAudit({}), 85086);
  });

  it("85085 when the submit quota is spent; queryquota counts", async () => {
    const { c, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, quota: { limit: 1, speedupLimit: 2 } });
    expect(await c.queryQuota()).toMatchObject({ rest: 1, limit: 1, speedup_rest: 2, speedup_limit: 2 });
    const { auditid } = await c.submitAudit({});
    await em.admin.transitionAudit(auditid, { to: "approved" });
    await expectErrcode(c.submitAudit({}), 85085);
    expect(await c.queryQuota()).toMatchObject({ rest: 0, limit: 1 });
  });

  it("85058 before anything was submitted", async () => {
    await expectErrcode(fresh().c.getLatestAuditStatus(), 85058);
  });

  it("undocodeaudit withdraws the open sheet (in review or deferred); status 3 is final", async () => {
    const { c } = fresh();
    const { auditid } = await c.submitAudit({});
    await c.undoCodeAudit();
    expect((await c.getAuditStatus({ auditid })).status).toBe(AuditStatus.Withdrawn);
    await expectErrcode(c.undoCodeAudit(), 87012);
    const second = await c.submitAudit({});
    await em.admin.transitionAudit(second.auditid, { to: "deferred" });
    await c.undoCodeAudit();
    expect((await c.getAuditStatus({ auditid: second.auditid })).status).toBe(AuditStatus.Withdrawn);
    await expect(em.admin.transitionAudit(second.auditid, { to: "approved" })).rejects.toMatchObject({
      status: 409,
      current: "withdrawn",
    });
  });

  it("87013 after 5 undos in a Beijing day; the next day allows more, up to 10 a month", async () => {
    const { c, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, ownClock: true, quota: { limit: 100 } });
    // 2024-01-10 12:00 Beijing: days 10..12 stay within one month.
    await em.admin.setClock({ now: 1_704_859_200, frozen: true }, tenant);
    const cycle = async () => {
      await c.submitAudit({});
      await c.undoCodeAudit();
    };
    for (let i = 0; i < 5; i++) await cycle();
    await c.submitAudit({});
    await expectErrcode(c.undoCodeAudit(), 87013);
    await em.admin.advanceClock(86_400, tenant);
    for (let i = 0; i < 5; i++) await c.undoCodeAudit().then(() => c.submitAudit({}));
    await em.admin.advanceClock(86_400, tenant);
    await expectErrcode(c.undoCodeAudit(), 87013); // 10 this month
  });

  it("speedupaudit: once per audit (89404), only in review (89402), within the quota (89405)", async () => {
    const { c, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, quota: { speedupLimit: 1 } });
    const { auditid } = await c.submitAudit({});
    await c.speedupCodeAudit({ auditid });
    await expectErrcode(c.speedupCodeAudit({ auditid }), 89404);
    expect((await c.queryQuota()).speedup_rest).toBe(0);
    await em.admin.transitionAudit(auditid, { to: "approved" });
    await expectErrcode(c.speedupCodeAudit({ auditid }), 89402);
    const second = await c.submitAudit({});
    await expectErrcode(c.speedupCodeAudit({ auditid: second.auditid }), 89405);
    await em.admin.transitionAudit(second.auditid, { to: "deferred" });
    await expectErrcode(c.speedupCodeAudit({ auditid: second.auditid }), 89402);
  });

  it("every documented errcode of each code-audit endpoint can be answered (fault rules for the rest)", async () => {
    const { c, tenant } = fresh();
    const calls = {
      getAuditStatus: [() => c.getAuditStatus({ auditid: 5 }), [-1, 40001, 86000, 86001, 85012]],
      submitAudit: [() => c.submitAudit({}), [-1, 40001, 85009, 85085, 85086]],
      undoCodeAudit: [() => c.undoCodeAudit(), [-1, 40001, 87013]],
      speedupCodeAudit: [
        () => c.speedupCodeAudit({ auditid: 5 }),
        [-1, 40001, 89401, 89402, 89403, 89404, 89405],
      ],
      getLatestAuditStatus: [() => c.getLatestAuditStatus(), [-1, 40001, 85058]],
      queryQuota: [() => c.queryQuota(), [-1, 40001]],
    } as const;
    for (const [endpoint, [call, codes]] of Object.entries(calls)) {
      for (const errcode of codes) {
        const { id } = await em.admin.addFault({ endpoint, tenant, errcode, times: 2 });
        const e = await expectErrcode(call(), errcode);
        expect(e.errmsg).toMatch(RID);
        await em.admin.removeFault(id);
      }
    }
  });
});
