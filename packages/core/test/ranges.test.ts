/**
 * Every time, budget, count and rate input is range-checked with an error naming it: client
 * options, per-call options, limiter rules, the platform token margin, and the CLI's flags. A
 * time of 2^31 ms or more used to become a 1 ms timer (setTimeout's overflow): a long budget
 * ended at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../src/cli.js";
import { platformToken, systemClock, WechatClient, WechatConfigError } from "../src/index.js";
import { type FakeWechat, replies, startFakeWechat } from "./support/fake-wechat.js";

const TOO_LONG = 2 ** 31;

let wx: FakeWechat;
beforeAll(async () => {
  // One answer that fits queryQuota and getLatestAuditStatus both.
  wx = await startFakeWechat(() =>
    replies.ok({ rest: 1, limit: 20, speedup_rest: 1, speedup_limit: 1, auditid: 7, status: 0 }),
  );
});
afterAll(() => wx.close());

/** [what the error must name, the options] */
const BAD_CLIENT_OPTIONS: Array<[string, object]> = [
  ["timeoutMs", { timeoutMs: TOO_LONG }],
  ["timeoutMs", { timeoutMs: 0 }],
  ["timeoutMs", { timeoutMs: Number.NaN }],
  ["retry.deadlineMs", { retry: { deadlineMs: TOO_LONG } }],
  ["retry.deadlineMs", { retry: { deadlineMs: Number.POSITIVE_INFINITY } }],
  ["retry.maxAttempts", { retry: { maxAttempts: 0 } }],
  ["retry.maxAttempts", { retry: { maxAttempts: 1.5 } }],
  ["retry.maxAttempts", { retry: { maxAttempts: 101 } }],
  ["retry.baseDelayMs", { retry: { baseDelayMs: -1 } }],
  ["retry.maxDelayMs", { retry: { maxDelayMs: TOO_LONG } }],
  ["retry.rateLimitBackoffMs", { retry: { rateLimitBackoffMs: TOO_LONG } }],
  ["retry.deadlineMs", { retry: { deadlineMs: "60000" } }],
  ['limiter["*"].concurrency', { limiter: { "*": { concurrency: 0 } } }],
  ['limiter["queryQuota"].perSecond', { limiter: { queryQuota: { perSecond: 0 } } }],
  ['limiter["*"].perSecond', { limiter: { "*": { perSecond: Number.NaN } } }],
];

describe("client options", () => {
  for (const [name, opts] of BAD_CLIENT_OPTIONS) {
    it(`refuses ${JSON.stringify(opts)} naming ${name}`, () => {
      const make = () => new WechatClient({ baseUrl: wx.url, token: "range-token-1", ...opts });
      expect(make).toThrow(WechatConfigError);
      expect(make).toThrow(name);
    });
  }

  it("a value that is not a number is named by its type, never quoted", () => {
    const make = () =>
      new WechatClient({ baseUrl: wx.url, retry: { deadlineMs: "s3cret-looking" as never } });
    expect(make).toThrow("got a string");
    expect(make).not.toThrow("s3cret-looking");
  });

  it("the bounds themselves are accepted, and a call within them is answered", async () => {
    const c = new WechatClient({
      baseUrl: wx.url,
      token: "range-token-1",
      timeoutMs: 2 ** 31 - 1,
      retry: { deadlineMs: 2 ** 31 - 1, maxAttempts: 100, baseDelayMs: 0, rateLimitBackoffMs: 0 },
      limiter: { "*": { concurrency: 1, perSecond: 100_000 } },
    });
    await expect(c.queryQuota()).resolves.toMatchObject({ rest: 1 });
    await c.close();
  });

  it("per-call options: refused before anything is sent, naming the option", async () => {
    const c = new WechatClient({ baseUrl: wx.url, token: "range-token-1" });
    const sent = wx.requests.length;
    await expect(c.queryQuota({ timeoutMs: TOO_LONG })).rejects.toThrow(/timeoutMs/);
    await expect(c.queryQuota({ retry: { deadlineMs: TOO_LONG } })).rejects.toMatchObject({
      code: "WXA_CONFIG_ERROR",
      message: expect.stringContaining("retry.deadlineMs"),
    });
    await c.close();
    expect(wx.requests.length).toBe(sent);
  });

  it("the platform flow's marginMs", () => {
    const make = () =>
      platformToken({
        componentAppId: "wxc",
        componentAppSecret: "secret-123456",
        componentVerifyTicket: "ticket-123456",
        authorizerAppId: "wxa",
        authorizerRefreshToken: "refresh-123456",
        marginMs: -1,
      });
    expect(make).toThrow(/marginMs/);
  });
});

describe("the system clock", () => {
  // Fake timers (performance.now included), so nothing here waits on the wall clock.
  afterEach(() => vi.useRealTimers());

  it("a sleep past a timer's ceiling is not cut to 1 ms: it ends when it is due", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    let settled = false;
    const sleeping = systemClock.sleep(TOO_LONG).then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(TOO_LONG - 60_000 - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(settled).toBe(true);
  });

  it("such a sleep still ends early when its signal aborts", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const stop = new AbortController();
    const sleeping = systemClock.sleep(TOO_LONG, stop.signal);
    await vi.advanceTimersByTimeAsync(60_000);
    stop.abort(new Error("done"));
    await expect(sleeping).rejects.toThrow("done");
  });
});

async function wxa(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { WECHAT_API_BASE_URL: wx.url, WECHAT_ACCESS_TOKEN: "range-token-1" },
  });
  return { code, stdout, stderr };
}

describe("wxa flags", () => {
  const BAD: Array<[string, string]> = [
    ["--deadline", String(TOO_LONG)],
    ["--deadline", "0"],
    ["--deadline", "1e3"],
    ["--deadline", "-5"],
    ["--attempts", "0"],
    ["--attempts", "1.5"],
    ["--attempts", "101"],
    ["--attempts", "0x10"],
  ];
  for (const [flag, value] of BAD) {
    it(`${flag} ${value}: exit 2 naming ${flag}, nothing sent`, async () => {
      const sent = wx.requests.length;
      const r = await wxa(["latest-audit", `${flag}=${value}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(flag);
      expect(wx.requests.length).toBe(sent);
    });
  }

  it("the largest deadline and attempts are accepted", async () => {
    const r = await wxa(["latest-audit", "--deadline", String(2 ** 31 - 1), "--attempts", "100", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
