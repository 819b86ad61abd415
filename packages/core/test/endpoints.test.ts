import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuditStatus, ENDPOINTS, NicknameAuditStat, WechatClient } from "../src/index.js";
import { type FakeWechat, startFakeWechat } from "./support/fake-wechat.js";

let wx: FakeWechat;
let client: WechatClient;
beforeAll(async () => {
  wx = await startFakeWechat();
  client = new WechatClient({ baseUrl: wx.url, token: "TOKEN_abc123", retry: { maxAttempts: 1 } });
});
afterAll(async () => {
  await client.close();
  await wx.close();
});
beforeEach(() => {
  wx.requests.length = 0;
  wx.queue.length = 0;
});

// The seeds' samples, with their JSON mended (missing commas, lost brace and "status" key).
const SAMPLES = {
  getNickNameStatus: {
    errcode: 0,
    errmsg: "ok",
    nickname: "xxx",
    audit_stat: 2,
    fail_reason: "xxx",
    create_time: 1519724071,
    audit_time: 1519724950,
  },
  getAuditStatus: {
    errcode: 0,
    errmsg: "ok",
    status: 1,
    reason: "the account information is not standardized.",
    screenshot: "xxx|yyy|zzz",
  },
  checkNickName: {
    errcode: 0,
    errmsg: "ok",
    hit_condition: true,
    wording: "The name you apply for may involve the name or name of a specific subject ...",
  },
};

describe("the three query endpoints", () => {
  it("getNickNameStatus: POST /wxa/api_wxa_querynickname with audit_id, decodes the sample", async () => {
    wx.queue.push({ body: SAMPLES.getNickNameStatus });
    const a = await client.getNickNameStatus({ audit_id: "12345" });
    expect(wx.requests[0]).toMatchObject({
      method: "POST",
      path: "/wxa/api_wxa_querynickname",
      query: { access_token: "TOKEN_abc123" },
      body: { audit_id: 12345 },
    });
    expect(a).toEqual(SAMPLES.getNickNameStatus);
    expect(a.audit_stat).toBe(NicknameAuditStat.Failed);
  });

  it("getAuditStatus: POST /wxa/get_auditstatus with auditid, decodes the sample", async () => {
    wx.queue.push({ body: SAMPLES.getAuditStatus });
    const a = await client.getAuditStatus({ auditid: 1234567 });
    expect(wx.requests[0]).toMatchObject({
      method: "POST",
      path: "/wxa/get_auditstatus",
      body: { auditid: 1234567 },
    });
    expect(a.status).toBe(AuditStatus.Rejected);
    expect(a.screenshot?.split("|")).toEqual(["xxx", "yyy", "zzz"]);
  });

  it("checkNickName: POST /cgi-bin/wxverify/checkwxverifynickname with nick_name, decodes the sample", async () => {
    wx.queue.push({ body: SAMPLES.checkNickName });
    const a = await client.checkNickName({ nick_name: "Tencent" });
    expect(wx.requests[0]).toMatchObject({
      method: "POST",
      path: "/cgi-bin/wxverify/checkwxverifynickname",
      body: { nick_name: "Tencent" },
    });
    expect(a.hit_condition).toBe(true);
    expect(a.wording).toContain("specific subject");
  });
});

describe("the endpoints that create what the queries read, and the token endpoints", () => {
  const cases: Array<{
    name: string;
    call: () => Promise<unknown>;
    method: string;
    path: string;
    query?: Record<string, string>;
    body?: unknown;
    answer: object;
  }> = [
    {
      name: "setNickName",
      call: () => client.setNickName({ nick_name: "腾讯小店", license: "media1" }),
      method: "POST",
      path: "/wxa/setnickname",
      body: { nick_name: "腾讯小店", license: "media1" },
      answer: { wording: "", audit_id: 42 },
    },
    {
      name: "submitAudit",
      call: () => client.submitAudit({ item_list: [{ address: "pages/index" }], version_desc: "v1" }),
      method: "POST",
      path: "/wxa/submit_audit",
      body: { item_list: [{ address: "pages/index" }], version_desc: "v1" },
      answer: { auditid: 1234567 },
    },
    {
      name: "undoCodeAudit",
      call: () => client.undoCodeAudit(),
      method: "GET",
      path: "/wxa/undocodeaudit",
      answer: {},
    },
    {
      name: "speedupCodeAudit",
      call: () => client.speedupCodeAudit({ auditid: "7" }),
      method: "POST",
      path: "/wxa/speedupaudit",
      body: { auditid: 7 },
      answer: {},
    },
    {
      name: "getLatestAuditStatus",
      call: () => client.getLatestAuditStatus(),
      method: "GET",
      path: "/wxa/get_latest_auditstatus",
      answer: {
        auditid: 9,
        status: 1,
        reason: "r",
        ScreenShot: "a|b",
        user_version: "1.0",
        user_desc: "d",
        submit_audit_time: 1,
      },
    },
    {
      name: "queryQuota",
      call: () => client.queryQuota(),
      method: "GET",
      path: "/wxa/queryquota",
      answer: { rest: 19, limit: 20, speedup_rest: 1, speedup_limit: 1 },
    },
    {
      name: "commit",
      call: () =>
        client.commit({ template_id: "0", ext_json: "{}", user_version: "V1.0", user_desc: "test" }),
      method: "POST",
      path: "/wxa/commit",
      body: { template_id: 0, ext_json: "{}", user_version: "V1.0", user_desc: "test" },
      answer: {},
    },
    {
      name: "getCodePage",
      call: () => client.getCodePage(),
      method: "GET",
      path: "/wxa/get_page",
      answer: { page_list: ["index", "page/list", "page/detail"] },
    },
    { name: "release", call: () => client.release(), method: "POST", path: "/wxa/release", answer: {} },
    {
      name: "revertCodeRelease",
      call: () => client.revertCodeRelease({ action: "get_history_version" }),
      method: "GET",
      path: "/wxa/revertcoderelease",
      query: { access_token: "TOKEN_abc123", action: "get_history_version" },
      answer: {
        version_list: [{ commit_time: 1488965944, user_version: "VVV", user_desc: "AAS", app_version: 111 }],
      },
    },
    {
      name: "grayRelease",
      call: () =>
        client.grayRelease({
          gray_percentage: 1,
          support_experiencer_first: true,
          support_debuger_first: true,
        }),
      method: "POST",
      path: "/wxa/grayrelease",
      body: { gray_percentage: 1, support_experiencer_first: true, support_debuger_first: true },
      answer: {},
    },
    {
      name: "getGrayReleasePlan",
      call: () => client.getGrayReleasePlan(),
      method: "GET",
      path: "/wxa/getgrayreleaseplan",
      answer: {
        gray_release_plan: {
          status: 1,
          create_timestamp: 1517553721,
          gray_percentage: 8,
          support_experiencer_first: true,
          support_debuger_first: true,
        },
      },
    },
    {
      name: "revertGrayRelease",
      call: () => client.revertGrayRelease(),
      method: "GET",
      path: "/wxa/revertgrayrelease",
      answer: {},
    },
    {
      name: "setVisitStatus",
      call: () => client.setVisitStatus({ action: "close" }),
      method: "POST",
      path: "/wxa/change_visitstatus",
      body: { action: "close" },
      answer: {},
    },
    {
      name: "getAccountBasicInfo",
      call: () => client.getAccountBasicInfo(),
      method: "GET",
      path: "/cgi-bin/account/getaccountbasicinfo",
      answer: {
        appid: "wxa",
        account_type: 3,
        nickname: "名字",
        nickname_info: { nickname: "名字", modify_used_count: 2, modify_quota: 2 },
      },
    },
    {
      name: "getAccessToken",
      call: () => client.getAccessToken({ appid: "wx1", secret: "APPSECRET_x" }),
      method: "GET",
      path: "/cgi-bin/token",
      query: { grant_type: "client_credential", appid: "wx1", secret: "APPSECRET_x" },
      answer: { access_token: "AT", expires_in: 7200 },
    },
    {
      name: "getStableAccessToken",
      call: () => client.getStableAccessToken({ appid: "wx1", secret: "APPSECRET_x", force_refresh: false }),
      method: "POST",
      path: "/cgi-bin/stable_token",
      body: { grant_type: "client_credential", appid: "wx1", secret: "APPSECRET_x", force_refresh: false },
      answer: { access_token: "AT", expires_in: 7200 },
    },
    {
      name: "getComponentAccessToken",
      call: () =>
        client.getComponentAccessToken({
          component_appid: "wxc",
          component_appsecret: "s",
          component_verify_ticket: "t",
        }),
      method: "POST",
      path: "/cgi-bin/component/api_component_token",
      body: { component_appid: "wxc", component_appsecret: "s", component_verify_ticket: "t" },
      answer: { component_access_token: "CAT", expires_in: 7200 },
    },
    {
      name: "getAuthorizerAccessToken",
      call: () =>
        client.getAuthorizerAccessToken(
          { component_appid: "wxc", authorizer_appid: "wxa", authorizer_refresh_token: "r" },
          "COMPONENT_TOKEN",
        ),
      method: "POST",
      path: "/cgi-bin/component/api_authorizer_token",
      query: { component_access_token: "COMPONENT_TOKEN" },
      body: { component_appid: "wxc", authorizer_appid: "wxa", authorizer_refresh_token: "r" },
      answer: { authorizer_access_token: "AAT", expires_in: 7200, authorizer_refresh_token: "r2" },
    },
  ];

  it("covers every endpoint of the table", () => {
    expect(
      new Set([...cases.map((c) => c.name), "getNickNameStatus", "getAuditStatus", "checkNickName"]),
    ).toEqual(new Set(Object.keys(ENDPOINTS)));
  });

  for (const c of cases) {
    it(`${c.name}: ${c.method} ${c.path}`, async () => {
      wx.queue.push({ body: { errcode: 0, errmsg: "ok", ...c.answer } });
      const answer = await c.call();
      const req = wx.requests[0]!;
      expect(req.method).toBe(c.method);
      expect(req.path).toBe(c.path);
      expect(req.path).toBe(ENDPOINTS[c.name as keyof typeof ENDPOINTS].path);
      if (c.query) expect(req.query).toEqual(c.query);
      const def = ENDPOINTS[c.name as keyof typeof ENDPOINTS];
      if (def.auth === "access_token") expect(req.query).toEqual(c.query ?? { access_token: "TOKEN_abc123" });
      if (c.method === "GET") expect(req.rawBody).toBe("");
      else expect(req.body).toEqual(c.body ?? {});
      expect(answer).toMatchObject(c.answer);
    });
  }
});

describe("input is checked before sending", () => {
  it.each([
    ["getAuditStatus", () => client.getAuditStatus({ auditid: 0 }), "auditid"],
    ["getAuditStatus", () => client.getAuditStatus({ auditid: "12a" }), "auditid"],
    ["getAuditStatus", () => client.getAuditStatus({ auditid: -3 }), "auditid"],
    ["getNickNameStatus", () => client.getNickNameStatus({ audit_id: 1.5 }), "audit_id"],
    ["checkNickName", () => client.checkNickName({ nick_name: "  " }), "nick_name"],
    ["checkNickName", () => client.checkNickName({ nick_name: 5 as unknown as string }), "nick_name"],
  ] as const)("%s rejects bad input naming %s", async (_n, call, field) => {
    await expect(call()).rejects.toMatchObject({
      code: "WXA_INPUT_ERROR",
      field,
      message: expect.stringContaining(field),
    });
    expect(wx.requests).toHaveLength(0);
  });
});
