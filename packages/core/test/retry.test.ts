import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WechatClient, WechatDeadlineError, WechatRateLimitError } from "../src/index.js";
import { type FakeWechat, manualClock, startFakeWechat } from "./support/fake-wechat.js";

let wx: FakeWechat;
beforeAll(async () => {
  wx = await startFakeWechat();
});
afterAll(() => wx.close());
beforeEach(() => {
  wx.queue.length = 0;
  wx.requests.length = 0;
});

const busy = { body: { errcode: -1, errmsg: "system error rid: 00000000-00000000-00000000" } };
const approved = { body: { errcode: 0, errmsg: "ok", status: 0 } };

function client(retry: object, random = () => 0.5) {
  const clock = manualClock();
  const c = new WechatClient({ baseUrl: wx.url, token: "t", retry, clock, random });
  return { c, clock };
}

describe("retries on -1 and transport failures", () => {
  it("backs off exponentially with full jitter, then succeeds", async () => {
    const { c, clock } = client({ baseDelayMs: 100, maxDelayMs: 10_000, maxAttempts: 5 }, () => 0.5);
    wx.queue.push(busy, busy, { status: 503, body: "unavailable" }, approved);
    await expect(c.getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 0 });
    expect(wx.requests).toHaveLength(4);
    // ceilings 100, 200, 400; jitter 0.5 of each
    expect(clock.sleeps).toEqual([50, 100, 200]);
    await c.close();
  });

  it("caps each backoff at maxDelayMs", async () => {
    const { c, clock } = client(
      { baseDelayMs: 1000, maxDelayMs: 1500, maxAttempts: 4, deadlineMs: 1e9 },
      () => 0.999,
    );
    wx.queue.push(busy, busy, busy, approved);
    await c.getAuditStatus({ auditid: 1 });
    expect(clock.sleeps).toEqual([999, 1498, 1498]);
    await c.close();
  });

  it("is bounded by attempts: the last -1 surfaces", async () => {
    const { c } = client({ baseDelayMs: 10, maxAttempts: 3 });
    wx.fallback = () => busy;
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ errcode: -1 });
    expect(wx.requests).toHaveLength(3);
    wx.fallback = () => approved;
    await c.close();
  });

  it("takes a call's own retry settings over the client's", async () => {
    const { c, clock } = client({ baseDelayMs: 1000, maxAttempts: 2 }, () => 0.5);
    wx.queue.push(busy, busy, approved);
    await expect(
      c.getAuditStatus({ auditid: 1 }, { retry: { baseDelayMs: 10, maxAttempts: 3 }, timeoutMs: 500 }),
    ).resolves.toMatchObject({ status: 0 });
    expect(clock.sleeps).toEqual([5, 10]);
    wx.queue.push(busy, busy, approved);
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ errcode: -1 });
    wx.queue.length = 0;
    await c.close();
  });

  it("is bounded by the total deadline", async () => {
    const { c } = client({ baseDelayMs: 1000, maxAttempts: 50, deadlineMs: 2500 }, () => 0.999);
    wx.fallback = () => busy;
    const err = await c.getAuditStatus({ auditid: 1 }).catch((e: unknown) => e);
    wx.fallback = () => approved;
    expect(err).toBeInstanceOf(WechatDeadlineError);
    expect((err as WechatDeadlineError).message).toMatch(/2500 ms deadline; last error: .*errcode -1/);
    expect(wx.requests.length).toBeLessThan(5);
    await c.close();
  });

  it("does not retry business errors", async () => {
    const { c, clock } = client({ baseDelayMs: 10 });
    wx.queue.push({ body: { errcode: 85012, errmsg: "invalid audit id" } });
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ errcode: 85012 });
    expect(wx.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    await c.close();
  });
});

describe("rate limits are not retried blindly", () => {
  it.each([53011, 45009, 45011])(
    "%i surfaces at once as a WechatRateLimitError by default",
    async (errcode) => {
      const { c, clock } = client({ baseDelayMs: 10 });
      wx.queue.push({ body: { errcode, errmsg: "slow down" } });
      await expect(c.checkNickName({ nick_name: "x" })).rejects.toBeInstanceOf(WechatRateLimitError);
      expect(wx.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
      await c.close();
    },
  );

  it("with rateLimitBackoffMs, waits that long once and tries once more", async () => {
    const { c, clock } = client({ rateLimitBackoffMs: 1200 });
    const limited = { body: { errcode: 53011, errmsg: "check nickname too frequently" } };
    wx.queue.push(limited, limited);
    await expect(c.checkNickName({ nick_name: "x" })).rejects.toMatchObject({ code: "WXA_RATE_LIMITED" });
    expect(clock.sleeps).toEqual([1200]);
    expect(wx.requests).toHaveLength(2);
    wx.queue.push(limited, { body: { errcode: 0, errmsg: "ok", hit_condition: false } });
    await expect(c.checkNickName({ nick_name: "x" })).resolves.toMatchObject({ hit_condition: false });
    await c.close();
  });
});
