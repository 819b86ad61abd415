/**
 * The phased release trio through the core client, on both hosts: grayrelease (only over a live
 * version, with an approved version waiting, a valid and rising share), getgrayreleaseplan,
 * revertgrayrelease, and how the plan meets release and revertcoderelease.
 */
import { ERRCODES, type WechatClient } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvedAudit, client, expectErrcode, freshToken, HOSTS, type Hosted, host } from "./helpers.js";

async function expectWire(p: Promise<unknown>, errcode: number, errmsg: string): Promise<void> {
  const e = await expectErrcode(p, errcode);
  expect(e.errmsg.slice(0, e.errmsg.indexOf(" rid: "))).toBe(errmsg);
}

const NO_PLAN = {
  status: 0,
  create_timestamp: 0,
  gray_percentage: 0,
  support_debuger_first: false,
  support_experiencer_first: false,
};

describe.each(HOSTS)("phased release contract (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 13 });
  });
  afterAll(() => em.close());

  const fresh = () => {
    const token = freshToken("gray");
    return { c: client(em.url, token), tenant: em.admin.tenantOf(token) };
  };
  const approved = (c: WechatClient) => approvedAudit(em, c);
  /** A mini program with version 1 live and version 2 approved, waiting. */
  const liveAndWaiting = async () => {
    const f = fresh();
    await approved(f.c);
    await f.c.release();
    const waiting = await approved(f.c);
    return { ...f, waiting };
  };

  it("85079 while nothing is live; 85080 with no approved version waiting", async () => {
    const { c } = fresh();
    await expectWire(c.grayRelease({ gray_percentage: 10 }), 85079, "miniprogram has no online release");
    await approved(c);
    await expectWire(c.grayRelease({ gray_percentage: 10 }), 85079, "miniprogram has no online release");
    await c.release();
    // The approved version is live already: nothing waits to be phased in.
    await expectWire(c.grayRelease({ gray_percentage: 10 }), 85080, "miniprogram commit not approved");
    await c.submitAudit({});
    await expectWire(c.grayRelease({ gray_percentage: 10 }), 85080, "miniprogram commit not approved");
  });

  it("85081 outside 1..100 (0 only with a member flag); 85082 unless the share rises", async () => {
    const { c } = await liveAndWaiting();
    for (const gray_percentage of [101, -1, 0])
      await expectWire(c.grayRelease({ gray_percentage }), 85081, "invalid gray percentage");
    expect(await c.grayRelease({ gray_percentage: 0, support_debuger_first: true })).toEqual({
      errcode: 0,
      errmsg: "ok",
    });
    await c.grayRelease({ gray_percentage: 20 });
    await expectWire(c.grayRelease({ gray_percentage: 20 }), 85082, "gray percentage too low");
    await expectWire(c.grayRelease({ gray_percentage: 5 }), 85082, "gray percentage too low");
    await c.grayRelease({ gray_percentage: 100 });
  });

  it("getgrayreleaseplan: zeros before any plan, then the running plan; revertgrayrelease deletes it (4)", async () => {
    const { c, tenant, waiting } = await liveAndWaiting();
    expect(await c.getGrayReleasePlan()).toEqual({ errcode: 0, errmsg: "ok", gray_release_plan: NO_PLAN });
    await c.grayRelease({ gray_percentage: 8, support_experiencer_first: true });
    const { gray_release_plan: plan } = await c.getGrayReleasePlan();
    expect(plan).toEqual({
      status: 1,
      create_timestamp: expect.any(Number),
      gray_percentage: 8,
      support_debuger_first: false,
      support_experiencer_first: true,
    });
    await c.grayRelease({ gray_percentage: 30 });
    expect((await c.getGrayReleasePlan()).gray_release_plan).toMatchObject({
      status: 1,
      gray_percentage: 30,
      create_timestamp: plan.create_timestamp,
      support_experiencer_first: true,
    });
    expect(await c.revertGrayRelease()).toEqual({ errcode: 0, errmsg: "ok" });
    expect((await c.getGrayReleasePlan()).gray_release_plan).toMatchObject({
      status: 4,
      gray_percentage: 30,
    });
    // Nothing running: nothing to cancel, and WeChat documents no error for it.
    expect(await c.revertGrayRelease()).toEqual({ errcode: 0, errmsg: "ok" });
    // A new plan may start again from any share.
    await c.grayRelease({ gray_percentage: 5 });
    expect((await em.admin.release(tenant)).gray).toMatchObject({
      status: 1,
      auditid: waiting,
      percentage: 5,
    });
  });

  it("no revert during a phased release (87011); release completes the plan (3) and the version goes live", async () => {
    const { c, tenant, waiting } = await liveAndWaiting();
    await c.grayRelease({ gray_percentage: 50 });
    await expectWire(c.revertCodeRelease(), 87011, "wxa has a gray release plan, forbid revert release");
    await c.release();
    expect((await c.getGrayReleasePlan()).gray_release_plan).toMatchObject({
      status: 3,
      gray_percentage: 50,
    });
    expect((await em.admin.release(tenant)).live).toMatchObject({ appVersion: 2, auditid: waiting });
    expect(await c.revertCodeRelease()).toEqual({ errcode: 0, errmsg: "ok" });
  });

  it("every listed errcode of the trio can be answered (fault rules for the rest)", async () => {
    const { c, tenant } = fresh();
    const calls = {
      grayRelease: [() => c.grayRelease({ gray_percentage: 1 }), [-1, 40001, 85079, 85080, 85081, 85082]],
      getGrayReleasePlan: [() => c.getGrayReleasePlan(), [-1, 40001]],
      revertGrayRelease: [() => c.revertGrayRelease(), [-1, 40001]],
    } as const;
    for (const [endpoint, [call, codes]] of Object.entries(calls)) {
      for (const errcode of codes) {
        const { id } = await em.admin.addFault({ endpoint, tenant, errcode, times: 2 });
        // The catalogue's errmsg (WeChat's; its English meaning where no source gives WeChat's).
        const entry = ERRCODES.get(errcode)!;
        await expectWire(call(), errcode, entry.errmsg || entry.en);
        await em.admin.removeFault(id);
      }
    }
  });
});
