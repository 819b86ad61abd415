/** The catalogue owns the retry policy: the sets retry and transport read derive from it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ERRCODES,
  RATE_LIMIT_ERRCODES,
  RETRYABLE_ERRCODES,
  TOKEN_REFRESH_ERRCODES,
} from "../src/errcodes.js";
import { WechatClient } from "../src/index.js";
import { type FakeWechat, manualClock, startFakeWechat } from "./support/fake-wechat.js";

const withPolicy = (policy: string) =>
  [...ERRCODES.values()].filter((e) => e.policy === policy).map((e) => e.errcode);

describe("retry policy column", () => {
  it("every set is exactly the entries of its policy", () => {
    expect([...TOKEN_REFRESH_ERRCODES].sort()).toEqual(withPolicy("refresh").sort());
    expect([...RATE_LIMIT_ERRCODES].sort()).toEqual(withPolicy("wait-once").sort());
    expect([...RETRYABLE_ERRCODES].sort()).toEqual(withPolicy("backoff").sort());
  });

  it("agrees with the category: retryable is backed off, refresh is a credential error", () => {
    for (const e of ERRCODES.values()) {
      if (e.category === "retryable") expect(e.policy, String(e.errcode)).toBe("backoff");
      if (e.policy === "refresh") expect(e.category, String(e.errcode)).toBe("credential");
      if (e.policy === "wait-once") expect(e.category, String(e.errcode)).toBe("rate_limit");
    }
    expect(ERRCODES.get(89401)?.policy).toBe("backoff");
    // Monthly and daily quotas: waiting a moment does not help, so they are surfaced at once.
    for (const code of [85085, 87013, 89405]) expect(ERRCODES.get(code)?.policy).toBe("never");
  });
});

describe("89401 (speedupaudit: system unstable) is retried with backoff", () => {
  let wx: FakeWechat;
  beforeAll(async () => {
    wx = await startFakeWechat();
  });
  afterAll(() => wx.close());

  it("backs off, then succeeds", async () => {
    const clock = manualClock();
    const c = new WechatClient({
      baseUrl: wx.url,
      token: "t",
      clock,
      random: () => 0.5,
      retry: { baseDelayMs: 100 },
    });
    wx.queue.push(
      { body: { errcode: 89401, errmsg: "system unstable rid: 0-0-0" } },
      { body: { errcode: 0, errmsg: "ok" } },
    );
    await expect(c.speedupCodeAudit({ auditid: 1 })).resolves.toMatchObject({ errcode: 0 });
    expect(wx.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([50]);
    await c.close();
  });
});
