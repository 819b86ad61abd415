import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Limiter, WechatClient } from "../src/index.js";
import { type FakeWechat, manualClock, type Reply, startFakeWechat } from "./support/fake-wechat.js";

describe("Limiter", () => {
  it("keeps at most `concurrency` calls in flight per endpoint", async () => {
    const limiter = new Limiter({ checkNickName: { concurrency: 2 } });
    let active = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const task = () =>
      limiter.run("checkNickName", async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((r) => gates.push(r));
        active--;
      });
    const all = Promise.all(Array.from({ length: 6 }, task));
    for (let released = 0; released < 6; released++) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await all;
    expect(peak).toBe(2);
  });

  it("spaces starts at `perSecond` on the injected clock", async () => {
    const clock = manualClock(0);
    const limiter = new Limiter({ "*": { perSecond: 2 } }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 6; i++) await limiter.run("checkNickName", async () => void starts.push(clock.now()));
    expect(starts).toEqual([0, 0, 500, 1000, 1500, 2000]);
  });

  it("leaves endpoints without a rule alone", async () => {
    const limiter = new Limiter({ checkNickName: { concurrency: 1 } });
    await expect(limiter.run("getAuditStatus", async () => 7)).resolves.toBe(7);
  });
});

describe("the client's limiter keeps a batch of name checks under WeChat's limit", () => {
  let wx: FakeWechat;
  let peak = 0;
  let active = 0;
  beforeAll(async () => {
    wx = await startFakeWechat(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
      return { body: { errcode: 0, errmsg: "ok", hit_condition: false } } satisfies Reply;
    });
  });
  afterAll(() => wx.close());

  it("20 checks with concurrency 3 never have more than 3 on the wire", async () => {
    const c = new WechatClient({
      baseUrl: wx.url,
      token: "t",
      limiter: { checkNickName: { concurrency: 3 } },
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.checkNickName({ nick_name: `name${i}` })));
    await c.close();
    expect(wx.requests).toHaveLength(20);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(0);
  });
});
