/** Name endpoints through the core client, on both hosts. */
import { NicknameAuditStat } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBJECT_NAME_WORDING } from "../src/index.js";
import { client, expectErrcode, freshToken, HOSTS, type Hosted, host, raw } from "./helpers.js";

/** A media id as setnickname's material (a keyword name needs some). */
const MATERIAL = "media-license";

describe.each(HOSTS)("nickname contract (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, {
      seed: "nick",
      config: {
        nameRules: {
          forbiddenWords: ["赌博"],
          taken: [
            { name: "同类已有", errcode: 53013 },
            { name: "主体已有", errcode: 53014 },
            { name: "公众号同名", errcode: 53015 },
            { name: "多个公众号", errcode: 53016 },
            { name: "跨类已有", errcode: 53017 },
          ],
          wechatIds: ["wxid_taken"],
          protectedNames: [{ name: "保护中" }, { name: "已过保护期", untilUnix: 1_000 }],
        },
      },
    });
  });
  afterAll(() => em.close());

  const fresh = () => {
    const token = freshToken("nick");
    return { token, c: client(em.url, token), tenant: em.admin.tenantOf(token) };
  };

  it("the documented sample: a name with 腾讯 hits the subject-name keyword policy", async () => {
    const { c } = fresh();
    expect(await c.checkNickName({ nick_name: "腾讯" })).toMatchObject({
      errcode: 0,
      errmsg: "ok",
      hit_condition: true,
      wording: SUBJECT_NAME_WORDING,
    });
    expect(await c.checkNickName({ nick_name: "  我的腾讯应用 " })).toMatchObject({ hit_condition: true });
    expect(await c.checkNickName({ nick_name: "好名字" })).toMatchObject({
      hit_condition: false,
      wording: "",
    });
  });

  it.each([
    ["赌博小游戏", 53012],
    ["同类已有", 53013],
    ["主体已有", 53014],
    ["公众号同名", 53015],
    ["多个公众号", 53016],
    ["跨类已有", 53017],
    ["WXID_TAKEN", 53018],
    ["保护中", 53019],
  ])("checkNickName(%s) answers %i", async (name, errcode) => {
    await expectErrcode(fresh().c.checkNickName({ nick_name: name }), errcode);
  });

  it("a protection period ends on the clock", async () => {
    expect(await fresh().c.checkNickName({ nick_name: "已过保护期" })).toMatchObject({
      hit_condition: false,
    });
  });

  it("53010: empty, too long (CJK counts 2), control characters", async () => {
    const { c, token } = fresh();
    for (const nick_name of ["", "   ", "a".repeat(31), "名".repeat(16), "bad\u0007name"]) {
      const res = await raw(em.url, `/cgi-bin/wxverify/checkwxverifynickname?access_token=${token}`, {
        body: JSON.stringify({ nick_name }),
      });
      expect(res.json?.errcode, JSON.stringify(nick_name)).toBe(53010);
    }
    expect(await c.checkNickName({ nick_name: "名".repeat(15) })).toMatchObject({ errcode: 0 });
    expect(await c.checkNickName({ nick_name: "a".repeat(30) })).toMatchObject({ errcode: 0 });
  });

  it("41033 for a mini program not created through the API (and 91001 on setnickname)", async () => {
    const { c, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, registeredViaApi: false });
    const e = await expectErrcode(c.checkNickName({ nick_name: "名字" }), 41033);
    expect(e.errmsg).toMatch(/^invaid register type rid:/);
    await expectErrcode(c.setNickName({ nick_name: "名字" }), 91001);
  });

  it("53011 past the configured per-tenant rate limit, again after a minute; off by default", async () => {
    const { c, tenant } = fresh();
    const other = fresh();
    await em.admin.createTenant({ name: tenant, ownClock: true });
    await em.admin.setNameRules({ rateLimit: { perMinute: 2 } });
    try {
      await c.checkNickName({ nick_name: "一" });
      await c.checkNickName({ nick_name: "二" });
      await expectErrcode(c.checkNickName({ nick_name: "三" }), 53011);
      await other.c.checkNickName({ nick_name: "一" }); // another tenant has its own budget
      await em.admin.advanceClock(60, tenant);
      await c.checkNickName({ nick_name: "三" });
    } finally {
      await em.admin.setNameRules({ rateLimit: null });
    }
    for (let i = 0; i < 5; i++) await other.c.checkNickName({ nick_name: "四" });
  });

  it("setnickname applies a clear name at once (no audit_id), trimmed", async () => {
    const { c, tenant } = fresh();
    const res = await c.setNickName({ nick_name: "  新名字 " });
    expect(res.audit_id).toBeUndefined();
    expect((await em.admin.tenant(tenant)).nickname).toBe("新名字");
  });

  it("a keyword-policy name opens a nickname audit; succeeded applies the name", async () => {
    const { c, tenant } = fresh();
    const res = await c.setNickName({ nick_name: "腾讯 助手", license: MATERIAL });
    expect(res.wording).toBe(SUBJECT_NAME_WORDING);
    const audit_id = res.audit_id!;
    const now = (await em.admin.clock()).now;
    expect(await c.getNickNameStatus({ audit_id })).toMatchObject({
      nickname: "腾讯 助手",
      audit_stat: NicknameAuditStat.InReview,
      create_time: Math.floor(now),
      audit_time: 0,
    });
    expect(await c.getNickNameStatus({ audit_id: String(audit_id) })).toMatchObject({ audit_stat: 1 });
    await expectErrcode(c.setNickName({ nick_name: "腾讯 其他", license: MATERIAL }), 91003);
    await em.admin.advanceClock(30);
    await em.admin.transitionNicknameAudit(audit_id, { to: "succeeded" });
    const done = await c.getNickNameStatus({ audit_id });
    expect(done).toMatchObject({ audit_stat: NicknameAuditStat.Succeeded, audit_time: Math.floor(now) + 30 });
    expect((await em.admin.tenant(tenant)).nickname).toBe("腾讯 助手");
    await expect(em.admin.transitionNicknameAudit(audit_id, { to: "failed" })).rejects.toMatchObject({
      status: 409,
      code: "illegal_transition",
      current: "succeeded",
    });
  });

  it("failed carries a fail_reason (given, or a generated Chinese one)", async () => {
    const { c } = fresh();
    const { audit_id } = await c.setNickName({ nick_name: "腾讯 一", license: MATERIAL });
    await em.admin.transitionNicknameAudit(audit_id!, { to: "failed" });
    const failed = await c.getNickNameStatus({ audit_id: audit_id! });
    expect(failed.audit_stat).toBe(NicknameAuditStat.Failed);
    expect(failed.fail_reason).toMatch(/[\u4e00-\u9fff]/);
    const second = await c.setNickName({ nick_name: "腾讯 二", license: MATERIAL });
    await em.admin.transitionNicknameAudit(second.audit_id!, { to: "failed", fail_reason: "材料不足" });
    expect((await c.getNickNameStatus({ audit_id: second.audit_id! })).fail_reason).toBe("材料不足");
  });

  it("91011 for an unknown or another tenant's audit_id", async () => {
    const a = fresh();
    const { audit_id } = await a.c.setNickName({ nick_name: "腾讯 三", license: MATERIAL });
    await expectErrcode(fresh().c.getNickNameStatus({ audit_id: audit_id! }), 91011);
    await expectErrcode(a.c.getNickNameStatus({ audit_id: 1 }), 91011);
  });

  it.each([
    ["赌博", 91004],
    ["a".repeat(40), 91004],
    ["wxid_taken", 91006],
    ["同类已有", 91007],
    ["保护中", 91008],
  ])("setnickname(%s) answers %i", async (nick_name, errcode) => {
    await expectErrcode(fresh().c.setNickName({ nick_name }), errcode);
  });

  it("91002 after release", async () => {
    const { c, tenant } = fresh();
    await em.admin.createTenant({ name: tenant, released: true });
    await expectErrcode(c.setNickName({ nick_name: "名字" }), 91002);
  });

  it("every documented errcode of the name endpoints can be answered (fault rules for the rest)", async () => {
    const { c, tenant } = fresh();
    const calls = {
      getNickNameStatus: [() => c.getNickNameStatus({ audit_id: 9 }), [-1, 40001, 91011]],
      checkNickName: [
        () => c.checkNickName({ nick_name: "x" }),
        [-1, 40001, 41033, 53010, 53011, 53012, 53019],
      ],
      setNickName: [
        () => c.setNickName({ nick_name: "x" }),
        [-1, 40001, 91005, 91009, 91010, 91012, 91013, 91014, 91015, 91016, 91017, 91018, 91019],
      ],
    } as const;
    for (const [endpoint, [call, codes]] of Object.entries(calls)) {
      for (const errcode of codes) {
        const { id } = await em.admin.addFault({ endpoint, tenant, errcode, times: 2 });
        await expectErrcode(call(), errcode);
        await em.admin.removeFault(id);
      }
    }
  });
});
