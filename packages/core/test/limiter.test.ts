import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Limiter, WechatClient } from "../src/index.js";
import { type FakeWechat, manualClock, type Reply, startFakeWechat } from "./support/fake-wechat.js";

/** Lets every pending promise callback run (a few turns of the event loop), without a timer. */
async function settle() {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

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

  it("does not leak concurrency slots: after failures and aborts, as many calls run as before", async () => {
    const limiter = new Limiter({ checkNickName: { concurrency: 2 } });
    const fail = () =>
      limiter.run("checkNickName", async () => {
        throw new Error("refused");
      });
    const abort = () =>
      limiter.run("checkNickName", async () => {
        throw new DOMException("aborted", "AbortError");
      });
    await Promise.allSettled([fail(), abort(), fail(), abort(), fail()]);
    // Two at once must still fit: hold two open and let a third wait behind them.
    const gates: Array<() => void> = [];
    let started = 0;
    const held = () =>
      limiter.run("checkNickName", async () => {
        started++;
        await new Promise<void>((r) => gates.push(r));
        return started;
      });
    const calls = [held(), held(), held()];
    await settle();
    expect(started).toBe(2);
    gates.shift()?.();
    await settle();
    expect(started).toBe(3);
    for (const g of gates.splice(0)) g();
    await expect(Promise.all(calls)).resolves.toHaveLength(3);
  });

  it("a call waiting for a slot starts once one frees, in order of arrival", async () => {
    const limiter = new Limiter({ "*": { concurrency: 1 } });
    const order: number[] = [];
    const gates: Array<() => void> = [];
    const task = (i: number) =>
      limiter.run("getAuditStatus", async () => {
        order.push(i);
        await new Promise<void>((r) => gates.push(r));
      });
    const all = Promise.all([task(1), task(2), task(3)]);
    for (let i = 0; i < 3; i++) {
      await settle();
      gates.shift()?.();
    }
    await all;
    expect(order).toEqual([1, 2, 3]);
  });

  it("rules per endpoint: one endpoint's busy lane does not hold another back", async () => {
    const limiter = new Limiter({ "*": { concurrency: 1 } });
    let release: () => void = () => {};
    const busy = limiter.run("checkNickName", () => new Promise<void>((r) => (release = r)));
    await settle();
    await expect(limiter.run("getAuditStatus", async () => "ran")).resolves.toBe("ran");
    release();
    await busy;
  });

  it("perSecond: a burst up to the rate starts at once, and an idle second refills it", async () => {
    const clock = manualClock(0);
    const limiter = new Limiter({ "*": { perSecond: 3 } }, clock);
    const starts: number[] = [];
    const go = () => limiter.run("checkNickName", async () => void starts.push(clock.now()));
    for (let i = 0; i < 4; i++) await go();
    expect(starts).toEqual([0, 0, 0, 334]);
    clock.advance(5000);
    starts.length = 0;
    for (let i = 0; i < 4; i++) await go();
    // never more than the rate saved up, however long the lane was idle
    expect(starts).toEqual([5334, 5334, 5334, 5668]);
  });

  it("refuses rules outside their bounds, naming the endpoint", () => {
    expect(() => new Limiter({ checkNickName: { concurrency: 0 } })).toThrow(/checkNickName.*concurrency/);
    expect(() => new Limiter({ "*": { perSecond: -1 } })).toThrow(/perSecond/);
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
