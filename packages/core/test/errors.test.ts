import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RATE_LIMIT_ERRCODES } from "../src/errcodes.js";
import {
  ERRCODES,
  parseRid,
  type TransportFailure,
  WechatApiError,
  WechatClient,
  WechatConfigError,
  WechatDeadlineError,
  WechatInputError,
  WechatRateLimitError,
  WechatTransportError,
} from "../src/index.js";
import { type FakeWechat, startFakeWechat } from "./support/fake-wechat.js";

let wx: FakeWechat;
let client: WechatClient;
beforeAll(async () => {
  wx = await startFakeWechat();
  client = new WechatClient({ baseUrl: wx.url, token: "T0KEN", retry: { maxAttempts: 1 } });
});
afterAll(async () => {
  await client.close();
  await wx.close();
});
beforeEach(() => {
  wx.queue.length = 0;
});

const RID = "6296d34d-25dcdd0e-060b3d7f";

describe("the errcode catalogue", () => {
  it("holds every errcode of the reference page, each with meaning, action, category and source", () => {
    const reference = [
      -1, 40001, 91011, 91012, 86000, 86001, 85012, 41033, 53010, 53011, 53012, 53013, 53014, 53015, 53016,
      53017, 53018, 53019, 41001, 40014, 42001, 43001, 43002, 44002, 47001, 45009, 45011, 48001, 61007, 91001,
      91002, 91003, 91004, 91005, 91006, 91007, 91008, 91009, 91010, 85009, 85085, 85086, 87013, 89401, 89402,
      89403, 89404, 89405, 85058,
      // Code audit fidelity (issue 11): submit_audit's checks, 85051 (D5), undocodeaudit's 87012.
      85006, 85007, 85008, 85010, 85011, 85023, 85051, 85077, 85087, 86002, 87012,
      // Nickname fidelity (issue 11): the global list's rename codes.
      91013, 91014, 91015, 91016, 91017, 91018, 91019,
      // Token endpoints (fidelity D10-D13)
      40002, 40013, 40125, 40164, 40243, 41004, 61004, 61005, 61006, 61011, 61023, 61024, 89501, 89503, 89506,
      89507,
    ];
    // The release step's (official pages and WxJava's catalogue: see each entry's source).
    const release = [
      85013, 85014, 85043, 85044, 85045, 85046, 85047, 85048, 85019, 85020, 85052, 87011, 85079, 85080, 85081,
      85082, 85021, 85022,
    ];
    expect([...ERRCODES.keys()].sort((a, b) => a - b)).toEqual(
      [...reference, ...release].sort((a, b) => a - b),
    );
    for (const entry of ERRCODES.values()) {
      expect(entry.en, String(entry.errcode)).not.toBe("");
      expect(entry.action, String(entry.errcode)).not.toBe("");
      expect(entry.source, String(entry.errcode)).toMatch(/reference|seed|fidelity|S1|D |C /);
      expect(["retryable", "credential", "invalid_input", "rate_limit", "business_state"]).toContain(
        entry.category,
      );
    }
  });

  it("keeps the facts the seeds got wrong corrected, and invents no errmsg", () => {
    expect(ERRCODES.get(53018)).toMatchObject({ zh: "名称命中微信号", errmsg: "nickname hit alias" });
    expect(ERRCODES.get(53019)).toMatchObject({
      zh: "名称在保护期内",
      errmsg: "nickname protected by infringement",
    });
    // WxJava's global list (S1) and the community: the nickname family's wire errmsgs.
    expect(ERRCODES.get(91009)?.errmsg).toBe("nickname need proof");
    expect(ERRCODES.get(91019)?.errmsg).toBe("小程序正在审核中");
    expect(ERRCODES.get(91005)?.en).toMatch(/15-day/);
    expect(ERRCODES.get(41033)?.errmsg).toBe("invaid register type");
    expect(ERRCODES.get(85012)?.errmsg).toBe("invalid audit id");
  });
});

describe("every catalogue errcode surfaces as a WechatApiError", () => {
  for (const entry of ERRCODES.values()) {
    if (entry.errcode === 40001 || entry.errcode === 40014 || entry.errcode === 42001) continue; // refresh path, below
    it(`${entry.errcode} (${entry.category})`, async () => {
      const errmsg = `${entry.errmsg || "some error"} rid: ${RID}`;
      wx.queue.push({ body: { errcode: entry.errcode, errmsg } });
      const err = await client.getAuditStatus({ auditid: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WechatApiError);
      expect(err).toMatchObject({
        errcode: entry.errcode,
        errmsg,
        rid: RID,
        endpoint: "getAuditStatus",
        info: entry,
      });
      expect((err as WechatApiError).code).toBe(
        RATE_LIMIT_ERRCODES.has(entry.errcode) ? "WXA_RATE_LIMITED" : "WXA_API_ERROR",
      );
      expect(err instanceof WechatRateLimitError).toBe(RATE_LIMIT_ERRCODES.has(entry.errcode));
    });
  }

  it.each([40001, 40014, 42001])("%i after the one token refresh is a WechatApiError", async (errcode) => {
    wx.queue.push(
      { body: { errcode, errmsg: `x rid: ${RID}` } },
      { body: { errcode, errmsg: `x rid: ${RID}` } },
    );
    await expect(client.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({
      errcode,
      code: "WXA_API_ERROR",
    });
  });

  it("reads errcode before any business field: the real 85012 answer with status 0 is an error", async () => {
    wx.queue.push({
      body: { errcode: 85012, errmsg: `invalid audit id rid: ${RID}`, status: 0, reason: "", screenshot: "" },
    });
    await expect(client.getAuditStatus({ auditid: 1234567 })).rejects.toMatchObject({
      errcode: 85012,
      rid: RID,
    });
  });

  it("decodes a text/plain body as JSON", async () => {
    wx.queue.push({ contentType: "text/plain", body: { errcode: 0, errmsg: "ok", status: 2 } });
    await expect(client.getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 2 });
    wx.queue.push({ contentType: "text/plain", body: { errcode: -1, errmsg: `system error rid: ${RID}` } });
    await expect(client.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ errcode: -1, rid: RID });
  });
});

describe("transport errors are distinct", () => {
  it.each([
    ["non-200 status", { status: 502, body: "bad gateway" }, "http_status"],
    ["body not JSON", { body: "<html>oops</html>" }, "bad_json"],
    ["truncated JSON", { body: '{"errcode":0,"errmsg":"ok","sta' }, "bad_json"],
    ["JSON that is not an object", { body: "[1,2]" }, "bad_shape"],
    ["success answer missing a field", { body: { errcode: 0, errmsg: "ok" } }, "bad_shape"],
  ] as const)("%s", async (_name, reply, failure) => {
    wx.queue.push(reply);
    const err = await client.getAuditStatus({ auditid: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatTransportError);
    expect(err).toMatchObject({ code: "WXA_TRANSPORT_ERROR", failure, endpoint: "getAuditStatus" });
  });

  it("a dropped connection", async () => {
    wx.queue.push({ drop: true, body: "" });
    await expect(client.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ failure: "connect" });
  });

  it("nothing listening", async () => {
    const c = new WechatClient({ baseUrl: "http://127.0.0.1:1", token: "t", retry: { maxAttempts: 1 } });
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({
      failure: "connect",
      retryable: true,
    });
    await c.close();
  });

  it("an AbortSignal from the caller", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(client.getAuditStatus({ auditid: 1 }, { signal: ac.signal })).rejects.toMatchObject({
      failure: "aborted",
    });
  });
});

describe("error classes have stable literal codes", () => {
  it.each([
    [new WechatApiError("e", 1, "m"), "WXA_API_ERROR"],
    [new WechatRateLimitError("e", 53011, "m"), "WXA_RATE_LIMITED"],
    [new WechatTransportError("e", "connect", "d", { url: "u" }), "WXA_TRANSPORT_ERROR"],
    [new WechatInputError("e", "f", "p"), "WXA_INPUT_ERROR"],
    [new WechatConfigError("m"), "WXA_CONFIG_ERROR"],
    [new WechatDeadlineError("e", 1, 5), "WXA_DEADLINE_EXCEEDED"],
  ] as const)("%s -> %s", (err, code) => {
    expect(err.code).toBe(code);
    expect(err.toJSON()).toMatchObject({ code, name: err.constructor.name });
  });

  it("parses rids of both shapes and tolerates none", () => {
    expect(parseRid(`system error rid: ${RID}`)).toBe(RID);
    expect(parseRid("system error hint: [abc]")).toBeUndefined();
  });
});

describe("an error's JSON keeps every field a caller may log or branch on", () => {
  it("WechatApiError: errcode, errmsg, rid, endpoint and the errcode's entry", () => {
    const err = new WechatApiError("getAuditStatus", 85012, `invalid audit id rid: ${RID}`);
    const json = JSON.parse(JSON.stringify(err));
    expect(json).toMatchObject({
      name: "WechatApiError",
      code: "WXA_API_ERROR",
      errcode: 85012,
      errmsg: `invalid audit id rid: ${RID}`,
      rid: RID,
      endpoint: "getAuditStatus",
    });
    expect(json.message).toContain("85012");
    expect(json.info).toMatchObject({ errcode: 85012 });
  });

  it("WechatTransportError: failure, endpoint, url, status and causeSummary; never the cause object", () => {
    const err = new WechatTransportError("getAuditStatus", "http_status", "HTTP 502", {
      url: "https://h/wxa/get_auditstatus?access_token=***",
      status: 502,
      causeSummary: "Error: upstream",
    });
    Object.assign(err, { cause: new Error("raw") });
    const json = err.toJSON();
    expect(json).toEqual({
      name: "WechatTransportError",
      code: "WXA_TRANSPORT_ERROR",
      message: err.message,
      failure: "http_status",
      endpoint: "getAuditStatus",
      url: "https://h/wxa/get_auditstatus?access_token=***",
      status: 502,
      causeSummary: "Error: upstream",
    });
    expect(json).not.toHaveProperty("cause");
  });

  it("WechatDeadlineError and WechatInputError: attempts, last error, field", () => {
    const deadline = new WechatDeadlineError("checkNickName", 3, 2500, new Error("busy"));
    expect(deadline.toJSON()).toMatchObject({ endpoint: "checkNickName", attempts: 3, lastError: "busy" });
    expect(deadline.message).toMatch(/3 attempt.*2500 ms.*busy/);
    expect(new WechatDeadlineError("x", 0, 10).toJSON()).toMatchObject({ attempts: 0, lastError: undefined });
    expect(new WechatInputError("getAuditStatus", "auditid", "not an integer").toJSON()).toMatchObject({
      name: "WechatInputError",
      endpoint: "getAuditStatus",
      field: "auditid",
    });
    expect(new WechatInputError("e", "", "p").message).toContain("invalid request");
  });

  it("only connect, timeout, bad_json and 5xx are retryable", () => {
    const t = (failure: TransportFailure, status?: number) =>
      new WechatTransportError("e", failure, "d", { url: "u", ...(status !== undefined && { status }) })
        .retryable;
    expect([t("connect"), t("timeout"), t("bad_json"), t("http_status", 500), t("http_status", 503)]).toEqual(
      [true, true, true, true, true],
    );
    expect([t("aborted"), t("bad_shape"), t("too_large"), t("http_status", 499), t("http_status")]).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("a rate limit is a WechatApiError with its own code", () => {
    const err = new WechatRateLimitError("checkNickName", 53011, "too frequently");
    expect(err).toBeInstanceOf(WechatApiError);
    expect(err.toJSON()).toMatchObject({
      name: "WechatRateLimitError",
      code: "WXA_RATE_LIMITED",
      errcode: 53011,
    });
  });
});
