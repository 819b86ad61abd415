/**
 * What the retry layer retries and how long it waits, through a real client against a real
 * loopback server, on an injected clock that records every backoff.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  WechatApiError,
  WechatClient,
  type WechatClientOptions,
  WechatDeadlineError,
  WechatTransportError,
} from "../src/index.js";
import { withRetry } from "../src/retry.js";
import { type FakeWechat, manualClock, type Reply, startFakeWechat } from "./support/fake-wechat.js";

let wx: FakeWechat;
beforeAll(async () => {
  wx = await startFakeWechat();
});
afterAll(() => wx.close());
beforeEach(() => {
  wx.queue.length = 0;
  wx.requests.length = 0;
  wx.fallback = () => ({ body: { errcode: 0, errmsg: "ok", status: 0 } });
});

const busy = new WechatApiError("getAuditStatus", -1, "system error");

describe("backoff and the deadline", () => {
  it("never sleeps past the deadline: a wait that would end at or after it is not taken", async () => {
    const clock = manualClock(0);
    const seen: Array<{ attempt: number; remainingMs: number }> = [];
    const err = await withRetry(
      "getAuditStatus",
      async (ctx) => {
        seen.push(ctx);
        throw busy;
      },
      { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 30_000, deadlineMs: 1000, rateLimitBackoffMs: 0 },
      { clock, random: () => 0.5 },
    ).catch((e: unknown) => e);
    // 500 ms (half of 1000), then half of 2000 would end exactly at the deadline: not slept.
    expect(clock.sleeps).toEqual([500]);
    expect(clock.now()).toBeLessThan(1000);
    expect(err).toBeInstanceOf(WechatDeadlineError);
    expect(err).toMatchObject({ attempts: 2 });
    expect(seen).toEqual([
      { attempt: 1, remainingMs: 1000 },
      { attempt: 2, remainingMs: 500 },
    ]);
  });

  it("every recorded sleep ends before the deadline, whatever the jitter", async () => {
    for (const r of [0, 0.1, 0.37, 0.5, 0.75, 0.999]) {
      const clock = manualClock(0);
      await withRetry(
        "getAuditStatus",
        async () => {
          throw busy;
        },
        { maxAttempts: 50, baseDelayMs: 100, maxDelayMs: 5000, deadlineMs: 7000, rateLimitBackoffMs: 0 },
        { clock, random: () => r },
      ).catch(() => {});
      let t = 0;
      for (const ms of clock.sleeps) {
        t += ms;
        expect(t, `jitter ${r}`).toBeLessThan(7000);
      }
    }
  });

  it("a deadline already spent when an attempt would start gives up with the last error", async () => {
    const clock = manualClock(0);
    let calls = 0;
    const err = await withRetry(
      "getAuditStatus",
      async () => {
        calls++;
        clock.advance(400); // the attempt itself takes the time
        throw busy;
      },
      { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 400, rateLimitBackoffMs: 0 },
      { clock, random: () => 0 },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(err).toBeInstanceOf(WechatDeadlineError);
    expect((err as WechatDeadlineError).lastError).toContain("-1");
  });

  it("a rate-limit backoff past the deadline is not slept either", async () => {
    const clock = manualClock(0);
    const limited = () => ({ body: { errcode: 45009, errmsg: "reach max api daily quota limit" } });
    wx.fallback = limited;
    const c = new WechatClient({
      baseUrl: wx.url,
      token: "TOKEN-123456",
      clock,
      retry: { rateLimitBackoffMs: 5000, deadlineMs: 5000 },
    });
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toBeInstanceOf(WechatDeadlineError);
    expect(clock.sleeps).toEqual([]);
    expect(wx.requests).toHaveLength(1);
    await c.close();
  });
});

describe("which transport failures are retried", () => {
  function client(extra: Partial<WechatClientOptions> = {}) {
    const clock = manualClock();
    const c = new WechatClient({
      baseUrl: wx.url,
      token: "TOKEN-123456",
      clock,
      random: () => 0.5,
      retry: { maxAttempts: 3, baseDelayMs: 100 },
      ...extra,
    });
    return { c, clock };
  }
  const always = (reply: Reply) => () => reply;

  it.each([
    ["HTTP 500", { status: 500, body: "oops" }, "http_status"],
    ["HTTP 502", { status: 502, body: "bad gateway" }, "http_status"],
    ["not JSON", { body: "<html>busy</html>" }, "bad_json"],
  ] as const)("%s: retried up to maxAttempts, then surfaces", async (_name, reply, failure) => {
    wx.fallback = always(reply);
    const { c, clock } = client();
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ failure });
    expect(wx.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([50, 100]);
    await c.close();
  });

  it.each([
    ["HTTP 404", { status: 404, body: "not found" }, "http_status"],
    ["HTTP 499", { status: 499, body: "closed" }, "http_status"],
    ["a JSON array", { body: [] }, "bad_shape"],
    ["JSON null", { body: "null" }, "bad_shape"],
    ["a success missing its fields", { body: { errcode: 0, errmsg: "ok" } }, "bad_shape"],
    ["errcode not an integer", { body: { errcode: 1.5, errmsg: "x" } }, "bad_shape"],
    ["errmsg not text", { body: { errcode: 85012, errmsg: 7 } }, "bad_shape"],
  ] as const)("%s: not retried", async (_name, reply, failure) => {
    wx.fallback = always(reply);
    const { c, clock } = client();
    const err = await c.getAuditStatus({ auditid: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatTransportError);
    expect(err).toMatchObject({ failure, retryable: false });
    expect(wx.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    await c.close();
  });

  it("an answer past maxResponseBytes (too_large): not retried", async () => {
    wx.fallback = always({ body: { errcode: 0, errmsg: "ok", status: 0, pad: "x".repeat(200) } });
    const { c, clock } = client({ maxResponseBytes: 100 });
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({
      failure: "too_large",
      retryable: false,
    });
    expect(wx.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    await c.close();
  });

  it("a call the caller aborted: not retried", async () => {
    wx.fallback = () => new Promise<Reply>(() => {});
    const ac = new AbortController();
    const { c, clock } = client();
    const pending = c.getAuditStatus({ auditid: 1 }, { signal: ac.signal });
    await expect.poll(() => wx.requests.length).toBe(1);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ failure: "aborted", retryable: false });
    expect(wx.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    await c.close();
  });

  it("no answer within timeoutMs: reported as timeout (not connect), and retried", async () => {
    wx.fallback = () => new Promise<Reply>(() => {});
    const { c, clock } = client({ timeoutMs: 100 });
    const err = await c.getAuditStatus({ auditid: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: "timeout", retryable: true });
    expect((err as Error).message).toContain("100 ms");
    expect(wx.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([50, 100]);
    await c.close();
  });

  it("nothing listening: connect, retried", async () => {
    const { c, clock } = client({ baseUrl: "http://127.0.0.1:1" });
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({
      failure: "connect",
      retryable: true,
    });
    expect(clock.sleeps).toEqual([50, 100]);
    await c.close();
  });

  it("a transient failure then an answer: the answer is returned", async () => {
    wx.queue.push({ status: 500, body: "oops" }, { drop: true, body: "" });
    const { c, clock } = client();
    await expect(c.getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 0 });
    expect(wx.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([50, 100]);
    await c.close();
  });
});
