/**
 * The token providers meet WeChat's token errcodes (fidelity D10-D13): each surfaces at once as a
 * WechatApiError with its catalogue entry, and none sends the same refused credentials again. A
 * refused component token is the one credential a fresh fetch can fix: it is fetched again once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { platformToken, WechatApiError, WechatClient } from "../src/index.js";
import {
  type FakeWechat,
  PLATFORM_CREDS,
  type Recorded,
  type Reply,
  startFakeWechat,
} from "./support/fake-wechat.js";

let wx: FakeWechat;
/** Scripted refusals by endpoint path suffix, consumed in order; then the happy answers. */
let refusals: Array<{ suffix: string; errcode: number; errmsg: string }> = [];
let issued = 0;

function authority(req: Recorded): Reply {
  const refusal = refusals.find((r) => req.path.endsWith(r.suffix));
  if (refusal) {
    refusals.splice(refusals.indexOf(refusal), 1);
    return {
      body: { errcode: refusal.errcode, errmsg: `${refusal.errmsg} rid: 6296d34d-25dcdd0e-060b3d7f` },
    };
  }
  if (req.path.endsWith("api_component_token"))
    return { body: { component_access_token: `CAT-${++issued}`, expires_in: 7200 } };
  if (req.path.endsWith("api_authorizer_token"))
    return { body: { authorizer_access_token: `AAT-${++issued}`, expires_in: 7200 } };
  return { body: { errcode: 0, errmsg: "ok", rest: 1, limit: 20, speedup_rest: 1, speedup_limit: 1 } };
}

beforeAll(async () => {
  wx = await startFakeWechat(authority);
});
afterAll(() => wx.close());
beforeEach(() => {
  wx.requests.length = 0;
  refusals = [];
  issued = 0;
});

const creds = PLATFORM_CREDS;
const count = (suffix: string) => wx.requests.filter((r) => r.path.endsWith(suffix)).length;
const platformClient = () =>
  new WechatClient({
    baseUrl: wx.url,
    token: platformToken(creds),
    retry: { maxAttempts: 3, baseDelayMs: 1, deadlineMs: 10_000 },
  });

async function failure(p: Promise<unknown>): Promise<WechatApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WechatApiError);
  return err as WechatApiError;
}

describe("token errcodes through the platform flow", () => {
  it.each([
    [40125, "invalid appsecret", "api_component_token"],
    [61005, "component ticket is expired", "api_component_token"],
    [61006, "component ticket is invalid", "api_component_token"],
    [40013, "invalid appid", "api_component_token"],
    [61004, "access clientip is not registered", "api_component_token"],
    [61023, "refresh_token is invalid", "api_authorizer_token"],
  ])(
    "%i surfaces at once as a credential error, its credentials sent once",
    async (errcode, errmsg, suffix) => {
      refusals.push({ suffix, errcode, errmsg });
      const c = platformClient();
      const e = await failure(c.queryQuota());
      expect(e.errcode).toBe(errcode);
      expect(e.endpoint).toBe(
        suffix === "api_component_token" ? "getComponentAccessToken" : "getAuthorizerAccessToken",
      );
      expect(e.info).toMatchObject({ category: "credential", policy: "never" });
      expect(count(suffix)).toBe(1);
      expect(count("queryquota")).toBe(0);
      // Nothing was cached from the failure: the next call starts over, and now succeeds.
      await expect(c.queryQuota()).resolves.toMatchObject({ rest: 1 });
      await c.close();
    },
  );

  it("40001 answered by a token endpoint is not retried with the same credentials", async () => {
    refusals.push({ suffix: "api_component_token", errcode: 40001, errmsg: "invalid credential" });
    const c = platformClient();
    expect((await failure(c.queryQuota())).errcode).toBe(40001);
    expect(count("api_component_token")).toBe(1);
    await c.close();
  });

  it.each([40001, 42001])(
    "a component token refused at api_authorizer_token (%i) is fetched again once",
    async (errcode) => {
      refusals.push({ suffix: "api_authorizer_token", errcode, errmsg: "component token refused" });
      const c = platformClient();
      await expect(c.queryQuota()).resolves.toMatchObject({ rest: 1 });
      expect(count("api_component_token")).toBe(2);
      expect(count("api_authorizer_token")).toBe(2);
      const second = wx.requests.filter((r) => r.path.endsWith("api_authorizer_token"))[1]!;
      expect(second.query.component_access_token).toBe("CAT-2");
      await c.close();
    },
  );

  it("a component token refused twice surfaces the refusal (no loop)", async () => {
    for (let i = 0; i < 5; i++)
      refusals.push({ suffix: "api_authorizer_token", errcode: 42001, errmsg: "access_token expired" });
    const c = platformClient();
    expect((await failure(c.queryQuota())).errcode).toBe(42001);
    // One fresh component token, then the refusal: the failed fetch is not repeated by the call.
    expect(count("api_authorizer_token")).toBe(2);
    expect(count("api_component_token")).toBe(2);
    await c.close();
  });
});

describe("token errcodes of the app token endpoints", () => {
  it.each([40002, 40013, 40125, 40164, 40243, 41004, 61024, 89501, 89503, 89506, 89507])(
    "%i answered by /cgi-bin/token is a typed error with its catalogue entry, sent once",
    async (errcode) => {
      wx.queue.push({ body: { errcode, errmsg: `refused rid: 6296d34d-25dcdd0e-060b3d7f` } });
      const c = new WechatClient({ baseUrl: wx.url, retry: { maxAttempts: 3, baseDelayMs: 1 } });
      const e = await failure(c.getAccessToken({ appid: "wxapp", secret: "SECRET_1" }));
      expect(e.errcode).toBe(errcode);
      expect(e.info?.policy).toBe("never");
      expect(wx.requests).toHaveLength(1);
      await c.close();
    },
  );

  it("40125's comma before the rid still yields the rid", async () => {
    wx.queue.push({ body: { errcode: 40125, errmsg: "invalid appsecret, rid: 6296d34d-25dcdd0e-060b3d7f" } });
    const c = new WechatClient({ baseUrl: wx.url });
    const e = await failure(c.getAccessToken({ appid: "wxapp", secret: "SECRET_1" }));
    expect(e.rid).toBe("6296d34d-25dcdd0e-060b3d7f");
    await c.close();
  });
});
