/**
 * Code release audit endpoints answer as WeChat does (issue 11): the wire errmsgs, 87012 for an
 * undo with nothing to withdraw, submit_audit's field checks (one errcode each), and the audit
 * quota shared by the mini programs of one platform. Through core's client, on both hosts, with
 * the exact wire answer read raw where the text matters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, validateConfig } from "../src/config.js";
import { client, expectErrcode, freshToken, HOSTS, type Hosted, host, RID, raw } from "./helpers.js";

/** The wire answer of a call: errcode, errmsg without its rid, and the other fields. */
async function wire(url: string, path: string, body?: unknown) {
  const res = await raw(url, path, {
    method: body === undefined ? "GET" : "POST",
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const { errcode, errmsg, ...rest } = res.json ?? {};
  expect(String(errmsg)).toMatch(errcode === 0 ? /^ok$/ : RID);
  return { errcode, errmsg: String(errmsg).replace(RID, ""), rest };
}

const item = (extra: Record<string, unknown> = {}) => ({
  address: "pages/index/index",
  tag: "学习 生活",
  first_class: "文娱",
  second_class: "资讯",
  first_id: 1,
  second_id: 2,
  title: "首页",
  ...extra,
});

describe.each(HOSTS)("code audit fidelity (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 11 });
  });
  afterAll(() => em.close());

  const fresh = () => {
    const token = freshToken("fid");
    return { token, c: client(em.url, token), tenant: em.admin.tenantOf(token) };
  };
  const submit = (token: string, body: unknown) =>
    wire(em.url, `/wxa/submit_audit?access_token=${token}`, body);

  describe("wire errmsgs", () => {
    it("85009, 85086, 85085, 85058 and 87013 carry WeChat's English errmsg", async () => {
      const { token, c, tenant } = fresh();
      expect(await wire(em.url, `/wxa/get_latest_auditstatus?access_token=${token}`)).toMatchObject({
        errcode: 85058,
        errmsg: "no valid audit_id exist",
      });
      await em.admin.createTenant({ name: tenant, quota: { limit: 1 } });
      await c.submitAudit({});
      expect(await submit(token, {})).toMatchObject({
        errcode: 85009,
        errmsg: "already submit a version under auditing",
      });
      await c.undoCodeAudit();
      expect(await submit(token, {})).toMatchObject({
        errcode: 85085,
        errmsg: "submit audit reach limit, please try later",
      });
      await em.admin.createTenant({ name: tenant, codeCommitted: false });
      expect(await submit(token, {})).toMatchObject({
        errcode: 85086,
        errmsg: "must commit before submit audit",
      });
    });

    it("87013 after the day's undos: no quota to undo code", async () => {
      const { token, c, tenant } = fresh();
      await em.admin.createTenant({ name: tenant, ownClock: true, quota: { limit: 100 } });
      await em.admin.setClock({ now: 1_704_859_200, frozen: true }, tenant);
      for (let i = 0; i < 5; i++) await c.submitAudit({}).then(() => c.undoCodeAudit());
      await c.submitAudit({});
      expect(await wire(em.url, `/wxa/undocodeaudit?access_token=${token}`)).toMatchObject({
        errcode: 87013,
        errmsg: "no quota to undo code",
      });
    });

    it("speedupaudit answers D7's Chinese errmsgs (89402, 89404, 89405)", async () => {
      const { token, c, tenant } = fresh();
      await em.admin.createTenant({ name: tenant, quota: { speedupLimit: 1 } });
      const speedup = (auditid: number) =>
        wire(em.url, `/wxa/speedupaudit?access_token=${token}`, { auditid });
      expect(await speedup(1)).toMatchObject({
        errcode: 89402,
        errmsg: "该小程序不在待审核队列，请检查是否已提交审核或已审完",
      });
      const { auditid } = await c.submitAudit({});
      await c.speedupCodeAudit({ auditid });
      expect(await speedup(auditid)).toMatchObject({
        errcode: 89404,
        errmsg: "本单已加速成功，请勿重复提交",
      });
      await c.undoCodeAudit();
      const second = await c.submitAudit({});
      expect(await speedup(second.auditid)).toMatchObject({
        errcode: 89405,
        errmsg: "本月加急额度已用完，请提高提审质量以获取更多额度",
      });
    });
  });

  describe("undocodeaudit with nothing to withdraw: 87012", () => {
    const FORBID = { errcode: 87012, errmsg: "forbid revert this version release", rest: {} };

    it.each(["rejected", "approved"] as const)("a %s sheet answers 87012 and stays as it is", async (to) => {
      const { token, c } = fresh();
      const { auditid } = await c.submitAudit({});
      await em.admin.transitionAudit(auditid, { to });
      expect(await wire(em.url, `/wxa/undocodeaudit?access_token=${token}`)).toEqual(FORBID);
      await expectErrcode(c.undoCodeAudit(), 87012);
      expect((await em.admin.getAudit(auditid)).statusName).toBe(to);
    });

    it("a withdrawn sheet, or none ever submitted, answers 87012 too; no undo quota is spent", async () => {
      const { token, c, tenant } = fresh();
      expect(await wire(em.url, `/wxa/undocodeaudit?access_token=${token}`)).toEqual(FORBID);
      await c.submitAudit({});
      await c.undoCodeAudit();
      await expectErrcode(c.undoCodeAudit(), 87012);
      const undos = await em.admin.journal({ tenant, endpoint: "undoCodeAudit" });
      expect(undos.flatMap((e) => e.changes).filter((ch) => ch.kind === "counter")).toHaveLength(1);
    });
  });

  describe("submit_audit checks item_list and the account, one errcode each", () => {
    it("a full valid request passes: 5 items, 10 tags of 20 characters, a 32-character title", async () => {
      const { c } = fresh();
      const tags = Array.from({ length: 10 }, (_, i) => String(i).padEnd(20, "标")).join(" ");
      const items = Array.from({ length: 5 }, () => item({ tag: tags, title: "题".repeat(32) }));
      const { auditid } = await c.submitAudit({ item_list: items, version_desc: "v", feedback_info: "f" });
      expect(auditid).toBeGreaterThan(0);
    });

    it("ids as digit strings are accepted (the old doc types first_id as String); an empty item_list too", async () => {
      const { c } = fresh();
      await c.submitAudit({ item_list: [item({ first_id: "1", second_id: "2" })] });
      // item_list is optional (D5 "选填"), and an empty one is no error either.
      await c.undoCodeAudit();
      await c.submitAudit({ item_list: [] });
    });

    it.each([
      [
        "85023: more than 5 items",
        { item_list: Array.from({ length: 6 }, () => item()) },
        85023,
        "item size is not in valid range",
      ],
      ["85010: an empty item", { item_list: [item(), {}] }, 85010, "missing required data"],
      [
        "85010: an item without first_id",
        { item_list: [item({ first_id: undefined })] },
        85010,
        "missing required data",
      ],
      [
        "85010: an item with an empty first_class",
        { item_list: [item({ first_class: "" })] },
        85010,
        "missing required data",
      ],
      [
        "85006: 11 tags",
        { item_list: [item({ tag: "a b c d e f g h i j k" })] },
        85006,
        "tag is in invalid format",
      ],
      [
        "85006: a 21-character tag",
        { item_list: [item({ tag: `ok ${"x".repeat(21)}` })] },
        85006,
        "tag is in invalid format",
      ],
      [
        "85008: a zero category id",
        { item_list: [item({ second_id: 0 })] },
        85008,
        "category is in invalid format",
      ],
      ["85007: an empty address", { item_list: [item({ address: "" })] }, 85007, "page is in invalid format"],
      [
        "85011: a 33-character title",
        { item_list: [item({ title: "t".repeat(33) })] },
        85011,
        "title is in invalid format",
      ],
    ])("%s", async (_name, body, errcode, errmsg) => {
      const { token, c } = fresh();
      expect(await submit(token, body)).toEqual({ errcode, errmsg, rest: {} });
      await expectErrcode(c.submitAudit(body as never), errcode);
      // Nothing was opened or spent: a valid request still passes.
      expect((await c.queryQuota()).rest).toBe(20);
      await c.submitAudit({});
    });

    it("85008 for a category the mini program has not set; 85077 for one WeChat withdrew", async () => {
      const { token, tenant } = fresh();
      await em.admin.createTenant({
        name: tenant,
        categories: [
          { first: 1, second: 2 },
          { first: 3, second: 4, third: 5 },
          { first: 6, second: 7, withdrawn: true },
        ],
      });
      const one = (extra: Record<string, unknown>) => submit(token, { item_list: [item(extra)] });
      expect(await one({ first_id: 1, second_id: 3 })).toMatchObject({ errcode: 85008 });
      expect(await one({ first_id: 3, second_id: 4, third_id: 9 })).toMatchObject({ errcode: 85008 });
      expect(await one({ first_id: 6, second_id: 7 })).toEqual({
        errcode: 85077,
        errmsg: "some category you choose is no longger supported, please choose other category",
        rest: {},
      });
      expect(await one({ first_id: 3, second_id: 4, third_id: 5 })).toMatchObject({ errcode: 0 });
    });

    it("85008 for any item when the mini program has no category at all", async () => {
      const { token, tenant } = fresh();
      await em.admin.createTenant({ name: tenant, categories: [] });
      expect(await submit(token, { item_list: [item()] })).toMatchObject({ errcode: 85008 });
    });

    it("85007 for an address that is not a page of the committed code", async () => {
      const { token, tenant } = fresh();
      await em.admin.createTenant({
        name: tenant,
        release: { pages: ["pages/index/index", "pages/logs/logs"] },
      });
      expect(await submit(token, { item_list: [item({ address: "pages/none/none" })] })).toEqual({
        errcode: 85007,
        errmsg: "page is in invalid format",
        rest: {},
      });
      expect(await submit(token, { item_list: [item({ address: "pages/logs/logs" })] })).toMatchObject({
        errcode: 0,
      });
    });

    it("86002 while the profile is incomplete; 85087 while navigateToMiniProgram appids are undeclared", async () => {
      const a = fresh();
      await em.admin.createTenant({ name: a.tenant, profileComplete: false });
      expect(await submit(a.token, {})).toEqual({
        errcode: 86002,
        errmsg: "miniprogram have not completed init procedure",
        rest: {},
      });
      const b = fresh();
      await em.admin.createTenant({ name: b.tenant, navigateAppIdsMissing: true });
      expect(await submit(b.token, {})).toEqual({
        errcode: 85087,
        errmsg: "navigatetominiprogram appid list empty",
        rest: {},
      });
      expect((await em.admin.tenant(b.tenant)).flags).toMatchObject({
        profileComplete: true,
        navigateAppIdsMissing: true,
      });
    });

    it("85051 (data too large) by fault rule only", async () => {
      const { token, tenant } = fresh();
      const { id } = await em.admin.addFault({ endpoint: "submitAudit", tenant, errcode: 85051 });
      expect(await submit(token, { version_desc: "long" })).toEqual({
        errcode: 85051,
        errmsg: "data too large",
        rest: {},
      });
      await em.admin.removeFault(id);
    });
  });

  describe("the audit quota is the platform's, shared by its mini programs", () => {
    let n = 0;
    /** A platform with `quota`, and `count` mini programs authorized to it, each with a token. */
    async function platform(count: number, quota?: { limit?: number; speedupLimit?: number }) {
      const appid = `wxplat${kind}${++n}`;
      await em.admin.addPlatform({
        appid,
        secret: "platform-secret",
        verifyTicket: "ticket",
        ...(quota && { quota }),
      });
      const apps = [];
      for (let i = 0; i < count; i++) {
        const name = `${appid}app${i}`;
        await em.admin.createTenant({
          name,
          secret: "app-secret",
          authorizer: { componentAppId: appid, refreshToken: `refresh-${name}` },
        });
        const res = await raw(
          em.url,
          `/cgi-bin/token?grant_type=client_credential&appid=${name}&secret=app-secret`,
          {
            method: "GET",
          },
        );
        apps.push({ name, c: client(em.url, String(res.json?.access_token)) });
      }
      return { appid, apps };
    }

    it("two mini programs of one platform drain one submit quota (85085 for the second)", async () => {
      const { appid, apps } = await platform(2, { limit: 2 });
      const [a, b] = apps as [(typeof apps)[0], (typeof apps)[0]];
      expect(await b.c.queryQuota()).toMatchObject({ rest: 2, limit: 2 });
      await a.c.submitAudit({});
      expect(await b.c.queryQuota()).toMatchObject({ rest: 1, limit: 2 });
      await b.c.submitAudit({});
      await a.c.undoCodeAudit();
      expect(await a.c.queryQuota()).toMatchObject({ rest: 0 });
      await expectErrcode(a.c.submitAudit({}), 85085);
      // The journal files the spend under the mini program, naming whose quota it was.
      const [entry] = await em.admin.journal({ tenant: b.name, endpoint: "submitAudit" });
      expect(entry?.changes).toContainEqual(
        expect.objectContaining({ kind: "counter", counter: "quota", tenant: b.name, platform: appid }),
      );
    });

    it("speed-ups are shared too (89405 for the second mini program)", async () => {
      const { apps } = await platform(2, { speedupLimit: 1 });
      const [a, b] = apps as [(typeof apps)[0], (typeof apps)[0]];
      await a.c.speedupCodeAudit({ auditid: (await a.c.submitAudit({})).auditid });
      const { auditid } = await b.c.submitAudit({});
      await expectErrcode(b.c.speedupCodeAudit({ auditid }), 89405);
      expect(await b.c.queryQuota()).toMatchObject({
        speedup_rest: 0,
        speedup_limit: 1,
        rest: 18,
        limit: 20,
      });
    });

    it("a mini program with no platform keeps its own quota; admin views show whose quota it is", async () => {
      const { appid, apps } = await platform(1, { limit: 1 });
      await apps[0]!.c.submitAudit({});
      const solo = fresh();
      expect(await solo.c.queryQuota()).toMatchObject({ rest: 20, limit: 20 });
      expect((await em.admin.tenant(apps[0]!.name)).quota).toEqual({
        rest: 0,
        limit: 1,
        speedup_rest: 1,
        speedup_limit: 1,
        platform: appid,
      });
      expect((await em.admin.tenant(solo.tenant)).quota.platform).toBeUndefined();
    });

    it("a snapshot carries the shared counter", async () => {
      const { apps } = await platform(2, { limit: 3 });
      await apps[0]!.c.submitAudit({});
      const snap = await em.admin.exportSnapshot();
      await apps[1]!.c.submitAudit({});
      expect((await apps[0]!.c.queryQuota()).rest).toBe(1);
      await em.admin.importSnapshot(snap);
      expect((await apps[1]!.c.queryQuota()).rest).toBe(2);
    });
  });
});

describe("quota config", () => {
  it("a tenant with both authorizer and its own quota is refused: the platform's quota is the one", () => {
    const config = {
      platforms: [{ appid: "wxplat", secret: "s", verifyTicket: "t", quota: { limit: 3 } }],
      tenants: [
        { name: "wxa", authorizer: { componentAppId: "wxplat", refreshToken: "r" }, quota: { limit: 1 } },
      ],
    };
    expect(() => validateConfig(config)).toThrow(ConfigError);
    expect(() => validateConfig(config)).toThrow(/tenants\.0\.quota|tenants\[0\]\.quota/);
    expect(() =>
      validateConfig({ ...config, tenants: [{ ...config.tenants[0]!, quota: undefined }] }),
    ).not.toThrow();
  });
});
