/**
 * The release step through the core client, on both hosts: commit and get_page, release (only an
 * approved audit, once), revertcoderelease (and its version list), change_visitstatus and
 * getaccountbasicinfo, each errcode with WeChat's wire errmsg.
 */
import { ERRCODES, type WechatClient } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvedAudit,
  client,
  expectErrcode,
  freshToken,
  HOSTS,
  type Hosted,
  host,
  raw,
} from "./helpers.js";

/** The call fails with `errcode`, its errmsg being `errmsg` then ` rid: ...` (as on the wire). */
async function expectWire(p: Promise<unknown>, errcode: number, errmsg: string): Promise<void> {
  const e = await expectErrcode(p, errcode);
  expect(e.errmsg.slice(0, e.errmsg.indexOf(" rid: "))).toBe(errmsg);
}

const EXT = JSON.stringify({ extAppid: "wxext", pages: ["pages/home/index", "pages/about/index"] });

describe.each(HOSTS)("release step contract (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 11 });
  });
  afterAll(() => em.close());

  const fresh = () => {
    const token = freshToken("rel");
    return { token, c: client(em.url, token), tenant: em.admin.tenantOf(token) };
  };
  const approved = (c: WechatClient) => approvedAudit(em, c);

  it("commit uploads a version: get_page lists ext_json's pages, and the next audit carries user_version", async () => {
    const { c, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, codeCommitted: false });
    await expectWire(c.getCodePage(), 86001, "component experience version not exists");
    await expectErrcode(c.submitAudit({}), 85086);
    expect(await c.commit({ template_id: 3, ext_json: EXT, user_version: "2.1.0", user_desc: "d" })).toEqual({
      errcode: 0,
      errmsg: "ok",
    });
    expect(await c.getCodePage()).toEqual({
      errcode: 0,
      errmsg: "ok",
      page_list: ["pages/home/index", "pages/about/index"],
    });
    const { auditid } = await c.submitAudit({ version_desc: "for review" });
    expect(await c.getLatestAuditStatus()).toMatchObject({ auditid, user_version: "2.1.0" });
    expect((await em.admin.release(tenant)).committed).toMatchObject({
      templateId: 3,
      userVersion: "2.1.0",
      userDesc: "d",
      pages: ["pages/home/index", "pages/about/index"],
    });
  });

  it("commit: template_id as digits, ext_json without pages (the template's), 85048 and 85047", async () => {
    const { c } = fresh();
    await c.commit({ template_id: "0", ext_json: "{}", user_version: "1.0.1", user_desc: "" });
    expect((await c.getCodePage()).page_list).toEqual(["index"]);
    const bad = { template_id: 1, user_version: "1", user_desc: "" };
    await expectWire(c.commit({ ...bad, ext_json: "{not json" }), 85048, "parse ext.json failed");
    await expectWire(c.commit({ ...bad, ext_json: "[1]" }), 85048, "parse ext.json failed");
    await expectWire(c.commit({ ...bad, ext_json: '{"pages":[]}' }), 85047, "pages are empty");
    const res = await raw(em.url, `/wxa/commit?access_token=${fresh().token}`, {
      body: JSON.stringify({ ...bad, ext_json: "x" }),
    });
    expect(Object.keys(res.json ?? {}).sort()).toEqual(["errcode", "errmsg"]);
  });

  it("release: 85019 before any audit, 85020 until it is approved, then live once (85052)", async () => {
    const { c, tenant } = fresh();
    await expectWire(c.release(), 85019, "no version is under auditing");
    const { auditid } = await c.submitAudit({ version_desc: "v" });
    await expectWire(c.release(), 85020, "status not allowed");
    await em.admin.transitionAudit(auditid, { to: "rejected" });
    await expectWire(c.release(), 85020, "status not allowed");
    const second = await approved(c);
    expect(await c.release()).toEqual({ errcode: 0, errmsg: "ok" });
    await expectWire(c.release(), 85052, "app is already released");
    const view = await em.admin.tenant(tenant);
    expect(view.flags.released).toBe(true);
    expect(view.release).toMatchObject({
      live: { appVersion: 1, auditid: second, userVersion: "1.0.0" },
      history: [],
      releasedAuditId: second,
    });
    // Released: no more renames (setnickname reads the same flag).
    await expectErrcode(c.setNickName({ nick_name: "新名字" }), 91002);
  });

  it("release needs a body, even an empty object (the page: no body answers 44002 empty post data)", async () => {
    const { token } = fresh();
    const res = await raw(em.url, `/wxa/release?access_token=${token}`);
    expect(res.json).toMatchObject({ errcode: 44002 });
    expect(String(res.json?.errmsg)).toMatch(/^empty post data rid: /);
    const withBody = await raw(em.url, `/wxa/release?access_token=${token}`, { body: "{}" });
    expect(withBody.json).toMatchObject({ errcode: 85019 });
    expect(String(withBody.json?.errmsg)).toMatch(/^no version is under auditing rid: /);
  });

  it("revertcoderelease: back to the previous version once; the list empties; 87012 after", async () => {
    const { c, tenant } = fresh();
    await expectWire(c.revertCodeRelease(), 87012, "forbid revert this version release");
    await approved(c);
    await c.release();
    await expectWire(c.revertCodeRelease(), 87012, "forbid revert this version release");
    await c.commit({ template_id: 1, ext_json: "{}", user_version: "1.1.0", user_desc: "second" });
    await approved(c);
    await c.release();
    const list = await c.revertCodeRelease({ action: "get_history_version" });
    expect(list).toEqual({
      errcode: 0,
      errmsg: "ok",
      version_list: [
        { app_version: 1, user_version: "1.0.0", user_desc: "", commit_time: expect.any(Number) },
      ],
    });
    expect(await c.revertCodeRelease()).toEqual({ errcode: 0, errmsg: "ok" });
    expect((await em.admin.release(tenant)).live).toMatchObject({ appVersion: 1, userVersion: "1.0.0" });
    expect((await c.revertCodeRelease({ action: "get_history_version" })).version_list).toEqual([]);
    await expectWire(c.revertCodeRelease(), 87012, "forbid revert this version release");
    // A new release makes the reverted-from version's predecessor listable again.
    await approved(c);
    await c.release();
    expect(
      (await c.revertCodeRelease({ action: "get_history_version" })).version_list?.map((v) => v.app_version),
    ).toEqual([1]);
  });

  it("revertcoderelease app_version: to a listed version (skipping the ones after it); 87012 for another", async () => {
    const { c, tenant } = fresh();
    for (const v of ["1.0.0", "2.0.0", "3.0.0"]) {
      await c.commit({ template_id: 1, ext_json: "{}", user_version: v, user_desc: v });
      await approved(c);
      await c.release();
    }
    const listed = (await c.revertCodeRelease({ action: "get_history_version" })).version_list;
    expect(listed?.map((v) => [v.app_version, v.user_version])).toEqual([
      [2, "2.0.0"],
      [1, "1.0.0"],
    ]);
    await expectWire(c.revertCodeRelease({ app_version: 3 }), 87012, "forbid revert this version release");
    await c.revertCodeRelease({ app_version: "1" });
    expect(await em.admin.release(tenant)).toMatchObject({
      live: { appVersion: 1 },
      history: [],
      reverted: true,
    });
  });

  it("change_visitstatus: 85022 for another action, 85021 while nothing is live, then close and open", async () => {
    const { c, tenant } = fresh();
    await expectWire(c.setVisitStatus({ action: "hide" }), 85022, "invalid action");
    await expectWire(c.setVisitStatus({ action: "close" }), 85021, "status not allowed");
    await approved(c);
    await c.release();
    expect(await c.setVisitStatus({ action: "close" })).toEqual({ errcode: 0, errmsg: "ok" });
    expect((await em.admin.release(tenant)).visit).toBe("close");
    await c.setVisitStatus({ action: "close" });
    await c.setVisitStatus({ action: "open" });
    expect((await em.admin.release(tenant)).visit).toBe("open");
  });

  it("getaccountbasicinfo: the appid, the current name and the year's renames, a direct rename and an approved one", async () => {
    const { c, tenant } = fresh();
    const first = await c.getAccountBasicInfo();
    expect(first).toMatchObject({
      errcode: 0,
      errmsg: "ok",
      appid: tenant,
      account_type: 3,
      nickname: "",
      nickname_info: { nickname: "", modify_used_count: 0, modify_quota: 2 },
    });
    await c.setNickName({ nick_name: "清风小店" });
    expect((await c.getAccountBasicInfo()).nickname_info).toEqual({
      nickname: "清风小店",
      modify_used_count: 1,
      modify_quota: 2,
    });
    const { audit_id } = await c.setNickName({ nick_name: "腾讯美食", license: "media-id" });
    expect(audit_id).toBeDefined();
    expect((await c.getAccountBasicInfo()).nickname_info).toMatchObject({
      nickname: "清风小店",
      modify_used_count: 1,
    });
    await em.admin.transitionNicknameAudit(audit_id!, { to: "succeeded" });
    const after = await c.getAccountBasicInfo();
    expect(after.nickname).toBe("腾讯美食");
    expect(after.nickname_info).toEqual({ nickname: "腾讯美食", modify_used_count: 2, modify_quota: 2 });
  });

  it("every listed errcode of each release endpoint can be answered (fault rules for the rest)", async () => {
    const { c, tenant } = fresh();
    const commit = () => c.commit({ template_id: 1, ext_json: "{}", user_version: "1", user_desc: "" });
    const calls = {
      commit: [commit, [-1, 40001, 85013, 85014, 85043, 85044, 85045, 85046, 85047, 85048]],
      getCodePage: [() => c.getCodePage(), [-1, 40001, 86000, 86001]],
      release: [() => c.release(), [-1, 40001, 85019, 85020, 85052]],
      revertCodeRelease: [() => c.revertCodeRelease(), [-1, 40001, 87011, 87012]],
      setVisitStatus: [() => c.setVisitStatus({ action: "open" }), [-1, 40001, 85021, 85022]],
      getAccountBasicInfo: [() => c.getAccountBasicInfo(), [-1, 40001]],
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

describe.each(HOSTS)("release step in strict mode (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, {
      seed: 12,
      strictTokens: true,
      config: { tenants: [{ name: "wxrelapp", secret: "rel-app-secret-1" }] },
    });
  });
  afterAll(() => em.close());

  it("get_page with a plain app token: 86000 (only a platform calls it on the mini program's behalf)", async () => {
    const { access_token } = await client(em.url).getAccessToken({
      appid: "wxrelapp",
      secret: "rel-app-secret-1",
    });
    await expectWire(
      client(em.url, access_token).getCodePage(),
      86000,
      "should be called only from third party",
    );
  });
});
