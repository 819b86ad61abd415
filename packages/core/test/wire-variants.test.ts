/**
 * What WeChat really sends, as a caller of the client sees it (wechat-fidelity.md, "Doc samples
 * through the core schemas" and "Documented behaviours not modelled" 6, 7, 9), against a real
 * server on a loopback port:
 * - ids that arrive as digit strings in answers (`auditid`, `audit_id`) decode to numbers;
 * - the extra fields of an error answer (91009's `wording`) are kept on the error, scrubbed and
 *   bounded;
 * - the errmsg variants ", rid: ..." and " hint: [...]", and 40001's long suffix;
 * - the empty `text/html` 200 answer of /cgi-bin/token (bad appid or secret).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_ERROR_FIELDS_BYTES, WechatApiError, WechatClient, WechatTransportError } from "../src/index.js";
import { type FakeWechat, startFakeWechat } from "./support/fake-wechat.js";

const TOKEN = "T0KEN-wire-variants-123";
const RID = "6296d34d-25dcdd0e-060b3d7f";

let wx: FakeWechat;
let client: WechatClient;
beforeAll(async () => {
  wx = await startFakeWechat();
  client = new WechatClient({ baseUrl: wx.url, token: TOKEN, retry: { maxAttempts: 3, baseDelayMs: 1 } });
});
afterAll(async () => {
  await client.close();
  await wx.close();
});
beforeEach(() => {
  wx.requests.length = 0;
  wx.queue.length = 0;
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("ids sent as digit strings decode to numbers", () => {
  it('submitAudit: auditid "1234567" (PowerWeChat-era typing)', async () => {
    wx.queue.push({ body: { errcode: 0, errmsg: "ok", auditid: "1234567" } });
    const a = await client.submitAudit({});
    expect(a.auditid).toBe(1234567);
  });

  it("getLatestAuditStatus: the old doc sample (SKIT's ModelSample), auditid a string", async () => {
    wx.queue.push({
      body: {
        errcode: 0,
        errmsg: "ok",
        auditid: "1234567",
        status: 1,
        reason: "reason",
        ScreenShot: "xx|yy|zz",
      },
    });
    const a = await client.getLatestAuditStatus();
    expect(a).toMatchObject({ auditid: 1234567, status: 1, ScreenShot: "xx|yy|zz" });
  });

  it('setNickName: audit_id "12345"', async () => {
    wx.queue.push({ body: { errcode: 0, errmsg: "ok", wording: "", audit_id: "12345" } });
    const a = await client.setNickName({ nick_name: "name" });
    expect(a.audit_id).toBe(12345);
  });

  it("numbers stay numbers; a string that is not an id is a bad answer naming the field", async () => {
    wx.queue.push({ body: { errcode: 0, errmsg: "ok", auditid: 42 } });
    expect((await client.submitAudit({})).auditid).toBe(42);
    for (const bad of ["12a", "", "1.5", "-3", "99999999999999999999"]) {
      wx.queue.push({ body: { errcode: 0, errmsg: "ok", auditid: bad } });
      const err = await failure(client.submitAudit({}));
      expect(err, bad).toBeInstanceOf(WechatTransportError);
      expect(err).toMatchObject({ failure: "bad_shape", message: expect.stringContaining("auditid") });
    }
  });
});

describe("the extra fields of an error answer are kept on the error", () => {
  it("91009's wording is readable, and toJSON shows it", async () => {
    const wording = "你申请的名称可能涉及特定主体，需补充材料";
    wx.queue.push({
      body: { errcode: 91009, errmsg: `nickname need attach info rid: ${RID}`, wording },
    });
    const err = await failure(client.setNickName({ nick_name: "腾讯名称" }));
    expect(err).toBeInstanceOf(WechatApiError);
    const e = err as WechatApiError;
    expect(e).toMatchObject({ errcode: 91009, rid: RID });
    expect(e.fields).toEqual({ wording });
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ errcode: 91009, fields: { wording } });
  });

  it("85012's zero-valued business fields are kept; an answer with none has {}", async () => {
    wx.queue.push({
      body: { errcode: 85012, errmsg: "invalid audit id", status: 0, reason: "", screenshot: "" },
    });
    const e = (await failure(client.getAuditStatus({ auditid: 9 }))) as WechatApiError;
    expect(e.fields).toEqual({ status: 0, reason: "", screenshot: "" });
    wx.queue.push({ body: { errcode: 85012, errmsg: "invalid audit id" } });
    expect(((await failure(client.getAuditStatus({ auditid: 9 }))) as WechatApiError).fields).toEqual({});
  });

  it("no secret survives in them: an echoed token is scrubbed, a secret-named field redacted", async () => {
    wx.queue.push({
      body: {
        errcode: 91009,
        errmsg: "x",
        wording: `echo ${TOKEN}`,
        access_token: "another-token-value-xyz",
        nested: { deep: [TOKEN] },
      },
    });
    const e = (await failure(client.setNickName({ nick_name: "n" }))) as WechatApiError;
    const shown = JSON.stringify(e);
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain("another-token-value-xyz");
    expect(e.fields).toMatchObject({ wording: "echo ***", access_token: "***", nested: { deep: ["***"] } });
  });

  it("bounded: fields past MAX_ERROR_FIELDS_BYTES of JSON are left out and counted", async () => {
    const big = "x".repeat(MAX_ERROR_FIELDS_BYTES);
    wx.queue.push({ body: { errcode: 91009, errmsg: "x", wording: "w", huge: big, after: 1 } });
    const e = (await failure(client.setNickName({ nick_name: "n" }))) as WechatApiError;
    expect(e.fields).toEqual({ wording: "w", after: 1 });
    expect(e.fieldsElided).toBe(1);
    expect(JSON.stringify(e).length).toBeLessThan(MAX_ERROR_FIELDS_BYTES);
  });
});

describe("errmsg variants", () => {
  it('", rid: ..." (comma): the rid is read, the errmsg kept whole', async () => {
    const errmsg = `invalid audit id, rid: ${RID}`;
    wx.queue.push({ body: { errcode: 85012, errmsg } });
    const e = (await failure(client.getAuditStatus({ auditid: 9 }))) as WechatApiError;
    expect(e).toMatchObject({ errcode: 85012, errmsg, rid: RID });
  });

  it('legacy " hint: [...]": the hint is kept, with or without a rid after it', async () => {
    wx.queue.push({ body: { errcode: 85012, errmsg: "invalid audit id hint: [CVJXrA0584vr61!]" } });
    let e = (await failure(client.getAuditStatus({ auditid: 9 }))) as WechatApiError;
    expect(e).toMatchObject({ errcode: 85012, hint: "CVJXrA0584vr61!", rid: undefined });
    wx.queue.push({
      body: { errcode: 85012, errmsg: `invalid audit id hint: [41.K9a0306ent2] rid: ${RID}` },
    });
    e = (await failure(client.getAuditStatus({ auditid: 9 }))) as WechatApiError;
    expect(e).toMatchObject({ hint: "41.K9a0306ent2", rid: RID });
    wx.queue.push({ body: { errcode: 85012, errmsg: `invalid audit id rid: ${RID}` } });
    e = (await failure(client.getAuditStatus({ auditid: 9 }))) as WechatApiError;
    expect(e.hint).toBeUndefined();
  });

  it("40001's long suffix (a URL) confuses nothing: rid, meaning and the one token refresh", async () => {
    const errmsg =
      "invalid credential, access_token is invalid or not latest, could get access_token by " +
      `getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r rid: ${RID}`;
    wx.fallback = () => ({ body: { errcode: 40001, errmsg } });
    try {
      const e = (await failure(client.getAuditStatus({ auditid: 9 }))) as WechatApiError;
      expect(e).toBeInstanceOf(WechatApiError);
      expect(e).toMatchObject({ errcode: 40001, errmsg, rid: RID, hint: undefined, fields: {} });
      expect(e.info?.errcode).toBe(40001);
      // A credential error: refreshed (a configured token is simply sent again) once, not more.
      expect(wx.requests).toHaveLength(2);
    } finally {
      wx.fallback = () => ({ body: { errcode: 0, errmsg: "ok" } });
    }
  });
});

describe("the empty text/html 200 answer", () => {
  it("of /cgi-bin/token (bad appid or secret) is a typed error saying so, not retried", async () => {
    wx.fallback = () => ({ contentType: "text/html", body: "" });
    try {
      const err = await failure(client.getAccessToken({ appid: "wxbad", secret: "wrong-secret-abc" }));
      expect(err).toBeInstanceOf(WechatTransportError);
      const e = err as WechatTransportError;
      expect(e).toMatchObject({ failure: "empty_answer", status: 200, retryable: false });
      expect(e.message).toMatch(/empty/i);
      expect(e.message).toMatch(/appid/);
      expect(e.message).not.toMatch(/JSON/);
      expect(JSON.stringify(e)).not.toContain("wrong-secret-abc");
      expect(wx.requests).toHaveLength(1);
    } finally {
      wx.fallback = () => ({ body: { errcode: 0, errmsg: "ok" } });
    }
  });

  it("on any other endpoint it is the same failure, also not retried", async () => {
    wx.fallback = () => ({ contentType: "text/html", body: " \r\n" });
    try {
      const e = await failure(client.getAuditStatus({ auditid: 1 }));
      expect(e).toMatchObject({ failure: "empty_answer", retryable: false });
      expect(wx.requests).toHaveLength(1);
    } finally {
      wx.fallback = () => ({ body: { errcode: 0, errmsg: "ok" } });
    }
  });
});
