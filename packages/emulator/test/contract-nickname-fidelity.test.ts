/**
 * The name endpoints answer as WeChat does (issue 11): the documented 腾讯 sample and its wording,
 * 91009 with `wording` for a keyword name without material, 91019 while a release audit is open,
 * names with 小程序 refused, the yearly rename count, and every errmsg of the family on the wire.
 * Through core's client and the raw wire, on both hosts.
 */
import { ENDPOINTS, NicknameAuditStat } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, expectErrcode, freshToken, HOSTS, type Hosted, host, RID, raw } from "./helpers.js";

/** WeChat's wording for the documented sample (checkNickName's page, D1), full-width commas. */
const WECHAT_SUBJECT_WORDING =
  "你申请的名称可能涉及特定主体姓名或名称，请提供可确认主体材料与名称对应的材料，或提供《商标注册证》等其他材料，以证明你有权合理且善意使用该名称，否则可能审核不通过";

/** 2026-12-31 23:59 in Beijing (UTC+8), unix seconds. */
const BEIJING_NEW_YEARS_EVE = Date.UTC(2026, 11, 31, 15, 59) / 1000;

describe.each(HOSTS)("nickname fidelity (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, {
      seed: "nick-fidelity",
      config: {
        nameRules: {
          taken: [{ name: "同类已有", errcode: 53013 }],
          wechatIds: ["wxid_taken"],
          protectedNames: [{ name: "保护中" }],
        },
      },
    });
  });
  afterAll(() => em.close());

  const fresh = () => {
    const token = freshToken("nickf");
    return { token, c: client(em.url, token), tenant: em.admin.tenantOf(token) };
  };
  /** The wire answer of a POST to `path` with `body`, for the exact errmsg and extra fields. */
  const post = async (path: string, token: string, body: unknown) =>
    (await raw(em.url, `${path}?access_token=${token}`, { body: JSON.stringify(body) })).json!;
  const setnickname = (token: string, body: unknown) => post("/wxa/setnickname", token, body);
  /** errmsg without its ` rid: ...`, after checking the rid is there. */
  const errmsgOf = (answer: Record<string, unknown>) => {
    expect(answer.errmsg).toMatch(RID);
    return String(answer.errmsg).replace(RID, "");
  };

  it("the documented sample: 腾讯 hits the keyword policy with WeChat's own wording", async () => {
    const { c, token } = fresh();
    expect(await post("/cgi-bin/wxverify/checkwxverifynickname", token, { nick_name: "腾讯" })).toEqual({
      errcode: 0,
      errmsg: "ok",
      hit_condition: true,
      wording: WECHAT_SUBJECT_WORDING,
    });
    expect(await c.checkNickName({ nick_name: "腾讯视频助手" })).toMatchObject({ hit_condition: true });
    // The machine-translated sample is no longer the default keyword.
    expect(await c.checkNickName({ nick_name: "Tencent" })).toMatchObject({ hit_condition: false });
  });

  it("53018 and 53019 carry WeChat's errmsgs", async () => {
    const { token } = fresh();
    const check = (nick_name: string) =>
      post("/cgi-bin/wxverify/checkwxverifynickname", token, { nick_name });
    const alias = await check("wxid_taken");
    expect(alias.errcode).toBe(53018);
    expect(errmsgOf(alias)).toBe("nickname hit alias");
    const protectedName = await check("保护中");
    expect(protectedName.errcode).toBe(53019);
    expect(errmsgOf(protectedName)).toBe("nickname protected by infringement");
  });

  it("91009 with the policy's wording for a keyword name without material; material opens the audit", async () => {
    const { c, token, tenant } = fresh();
    for (const body of [
      { nick_name: "腾讯小店" },
      { nick_name: "腾讯小店", license: "", id_card: "", naming_other_stuff_1: "" },
    ]) {
      const answer = await setnickname(token, body);
      expect(answer, JSON.stringify(body)).toEqual({
        errcode: 91009,
        errmsg: expect.stringMatching(RID),
        wording: WECHAT_SUBJECT_WORDING,
      });
      expect(errmsgOf(answer)).toBe("nickname need proof");
    }
    await expectErrcode(c.setNickName({ nick_name: "腾讯小店" }), 91009);
    expect((await em.admin.tenant(tenant)).nicknameAuditIds).toEqual([]);

    for (const material of [
      { license: "media-license" },
      { id_card: "media-id" },
      { naming_other_stuff_5: "m" },
    ]) {
      const other = fresh();
      const res = await other.c.setNickName({ nick_name: "腾讯小店", ...material });
      expect(res, JSON.stringify(material)).toMatchObject({ errcode: 0, wording: WECHAT_SUBJECT_WORDING });
      expect((await other.c.getNickNameStatus({ audit_id: res.audit_id! })).audit_stat).toBe(
        NicknameAuditStat.InReview,
      );
    }
  });

  it("91019 while a release audit is open (in review or deferred), not once it is decided", async () => {
    const { c, token, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, audits: [{ auditid: 700_000_001, status: "in_review" }] });
    const answer = await setnickname(token, { nick_name: "新名字" });
    expect(answer.errcode).toBe(91019);
    expect(errmsgOf(answer)).toBe("小程序正在审核中");
    await em.admin.transitionAudit(700_000_001, { to: "deferred" });
    await expectErrcode(c.setNickName({ nick_name: "新名字" }), 91019);
    await em.admin.transitionAudit(700_000_001, { to: "approved" });
    expect(await c.setNickName({ nick_name: "新名字" })).toMatchObject({ errcode: 0 });
    expect((await em.admin.tenant(tenant)).nickname).toBe("新名字");
  });

  it("91004 for a name containing 小程序 (setnickname only: checkNickName has no such rule)", async () => {
    const { c, token, tenant } = fresh();
    for (const nick_name of ["小程序", "好用的小程序", " 小程序商店 "]) {
      const answer = await setnickname(token, { nick_name });
      expect(answer.errcode, nick_name).toBe(91004);
      expect(errmsgOf(answer)).toBe("invalid nickname");
    }
    expect((await em.admin.tenant(tenant)).nickname).toBe("");
    expect(await c.checkNickName({ nick_name: "好用的小程序" })).toMatchObject({ hit_condition: false });
  });

  it("two renames per Beijing calendar year by default (91003 past them), counted anew on 1 January", async () => {
    const { c, token, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, ownClock: true });
    await em.admin.setClock({ now: BEIJING_NEW_YEARS_EVE }, tenant);
    expect((await em.admin.tenant(tenant)).renames).toEqual({ limit: 2, used: 0, rest: 2 });
    await c.setNickName({ nick_name: "第一个名字" });
    await c.setNickName({ nick_name: "第二个名字" });
    expect((await em.admin.tenant(tenant)).renames).toEqual({ limit: 2, used: 2, rest: 0 });
    const answer = await setnickname(token, { nick_name: "第三个名字" });
    expect(answer.errcode).toBe(91003);
    expect(errmsgOf(answer)).toBe("invalid change stat");
    expect((await em.admin.tenant(tenant)).nickname).toBe("第二个名字");
    // 16:00 UTC is midnight in Beijing: a new year, two renames again.
    await em.admin.advanceClock(60, tenant);
    expect((await em.admin.tenant(tenant)).renames).toEqual({ limit: 2, used: 0, rest: 2 });
    await c.setNickName({ nick_name: "第三个名字" });
    expect((await em.admin.tenant(tenant)).renames).toEqual({ limit: 2, used: 1, rest: 1 });
  });

  it("a succeeded nickname audit counts as a rename, a failed one does not; renamesPerYear/renamesUsed configure it", async () => {
    const { c, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, renamesPerYear: 1 });
    const failed = await c.setNickName({ nick_name: "腾讯一", license: "m" });
    await em.admin.transitionNicknameAudit(failed.audit_id!, { to: "failed" });
    expect((await em.admin.tenant(tenant)).renames).toEqual({ limit: 1, used: 0, rest: 1 });
    const succeeded = await c.setNickName({ nick_name: "腾讯二", license: "m" });
    await em.admin.transitionNicknameAudit(succeeded.audit_id!, { to: "succeeded" });
    expect(await em.admin.tenant(tenant)).toMatchObject({
      nickname: "腾讯二",
      renames: { limit: 1, used: 1, rest: 0 },
    });
    await expectErrcode(c.setNickName({ nick_name: "别的名字" }), 91003);

    const used = fresh();
    await em.admin.createTenant({ name: used.tenant, renamesUsed: 2 });
    await expectErrcode(used.c.setNickName({ nick_name: "别的名字" }), 91003);
    const none = fresh();
    await em.admin.createTenant({ name: none.tenant, renamesPerYear: 0 });
    await expectErrcode(none.c.setNickName({ nick_name: "别的名字" }), 91003);
  });

  it("the wire errmsgs of the rename family (state, name rules, and fault rules for the rest)", async () => {
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ["91006", { nick_name: "wxid_taken" }, 91006, "nickname used by username"],
      ["91007", { nick_name: "同类已有" }, 91007, "nickname used"],
      ["91008", { nick_name: "保护中" }, 91008, "nickname protected"],
      ["91004", { nick_name: "a".repeat(40) }, 91004, "invalid nickname"],
    ];
    for (const [label, body, errcode, errmsg] of cases) {
      const answer = await setnickname(fresh().token, body);
      expect(answer.errcode, label).toBe(errcode);
      expect(errmsgOf(answer), label).toBe(errmsg);
    }
    const unregistered = fresh();
    await em.admin.createTenant({ name: unregistered.tenant, registeredViaApi: false });
    expect(errmsgOf(await setnickname(unregistered.token, { nick_name: "名字" }))).toBe("not fast register");
    const released = fresh();
    await em.admin.createTenant({ name: released.tenant, released: true });
    expect(errmsgOf(await setnickname(released.token, { nick_name: "名字" }))).toBe("has published");

    const { token, tenant } = fresh();
    const faults: Array<[number, string]> = [
      [91005, "nickname protected"],
      [91010, "其他错误"],
      [91012, "其它错误"],
      [91013, "lock name too more"],
      [91014, "diff master plus"],
      [91015, "diff master"],
      [91016, "name more owner"],
      [91017, "other diff master plus"],
      [91018, "组织类型小程序发布后，侵权被清空昵称，需走认证改名"],
      [91019, "小程序正在审核中"],
    ];
    for (const [errcode, errmsg] of faults) {
      const { id } = await em.admin.addFault({ endpoint: "setNickName", tenant, errcode, times: 1 });
      const answer = await setnickname(token, { nick_name: "名字" });
      expect(answer.errcode).toBe(errcode);
      expect(errmsgOf(answer), String(errcode)).toBe(errmsg);
      await em.admin.removeFault(id).catch(() => undefined);
    }
  });

  it("getNickNameStatus: 91011 with the global list's text; 91012 is setNickName's, not on its row", async () => {
    const { c, token } = fresh();
    const answer = await post("/wxa/api_wxa_querynickname", token, { audit_id: 1 });
    expect(answer.errcode).toBe(91011);
    expect(errmsgOf(answer)).toBe("查不到昵称修改审核单信息");
    await expectErrcode(c.getNickNameStatus({ audit_id: 1 }), 91011);
    expect(ENDPOINTS.getNickNameStatus.errcodes).not.toContain(91012);
    expect(ENDPOINTS.setNickName.errcodes).toEqual(expect.arrayContaining([91012, 91013, 91018, 91019]));
  });

  it("the rename count travels in snapshots", async () => {
    const { c, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, renamesPerYear: 3 });
    await c.setNickName({ nick_name: "快照名字" });
    const snap = await em.admin.exportSnapshot();
    const carried = snap.tenants.find((t) => t.name === tenant)!;
    expect(carried.renames).toMatchObject({ limit: 3, used: 1 });
    // A tenant without its count is refused, naming the field: an import invents nothing.
    const { renames: _renames, ...older } = carried;
    const tenants = snap.tenants.map((t) => (t === carried ? older : t)) as typeof snap.tenants;
    const refused = await em.admin.importSnapshot({ ...snap, tenants }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(refused?.message).toMatch(/renames/);
    expect((await em.admin.tenant(tenant)).renames).toEqual({ limit: 3, used: 1, rest: 2 });
    await em.admin.importSnapshot(snap);
    expect((await em.admin.tenant(tenant)).renames).toEqual({ limit: 3, used: 1, rest: 2 });
  });
});
