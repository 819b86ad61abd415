/**
 * What the client does with its options and a call's, as a caller sees it: the dispatcher it is
 * given carries the requests, the static token is a secret from the start, a call's timeout and
 * signal reach the exchange and the token provider, a refusal invalidates only a provider's
 * token, and clientFromEnv hands its options on. Against the fake WeChat on loopback.
 */
import type { Dispatcher } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  clientFromEnv,
  SecretRegistry,
  type TokenProvider,
  WechatClient,
  WechatConfigError,
} from "../src/index.js";
import { type FakeWechat, manualClock, startFakeWechat } from "./support/fake-wechat.js";
import { keepAliveServer } from "./support/keep-alive-server.js";

const TOKEN = "STATIC-TOKEN-42abc";
let wx: FakeWechat;
beforeAll(async () => {
  wx = await startFakeWechat();
});
afterAll(() => wx.close());
beforeEach(() => {
  wx.requests.length = 0;
  wx.queue.length = 0;
  wx.fallback = () => ({ body: { errcode: 0, errmsg: "ok", status: 2 } });
});

function recordingProvider(token = "PROVIDED-TOKEN-1") {
  const seen: { signals: (AbortSignal | undefined)[]; invalidated: string[] } = {
    signals: [],
    invalidated: [],
  };
  const provider: TokenProvider = {
    getToken: async (ctx) => {
      seen.signals.push(ctx.signal);
      return token;
    },
    invalidate: (t) => {
      seen.invalidated.push(t);
    },
  };
  return { provider, seen };
}

describe("client options", () => {
  it("a dispatcher given to the client carries its requests", async () => {
    const origins: string[] = [];
    const dispatcher = {
      request: async (o: { origin: string }) => {
        origins.push(o.origin);
        return {
          statusCode: 200,
          headers: { "content-type": "application/json" },
          body: (async function* () {
            yield Buffer.from('{"errcode":0,"errmsg":"ok","status":2}');
          })(),
        };
      },
    } as unknown as Dispatcher;
    const c = new WechatClient({ baseUrl: "http://127.0.0.1:9", token: TOKEN, dispatcher });
    await expect(c.getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 2 });
    expect(origins).toEqual(["http://127.0.0.1:9"]);
    await c.close();
  });

  it("a static token is a secret from the start: an answer echoing it is scrubbed", async () => {
    wx.fallback = () => ({
      body: { errcode: 0, errmsg: "ok", hit_condition: false, wording: `for ${TOKEN}` },
    });
    const c = new WechatClient({ baseUrl: wx.url, token: TOKEN });
    expect(c.secrets.has(TOKEN)).toBe(true);
    const answer = await c.checkNickName({ nick_name: "Name" });
    expect(JSON.stringify(answer)).not.toContain(TOKEN);
    await c.close();
  });

  it("with no token, an endpoint needing one is refused before sending; a token endpoint still goes", async () => {
    const c = new WechatClient({ baseUrl: wx.url, retry: { maxAttempts: 1 } });
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toBeInstanceOf(WechatConfigError);
    expect(wx.requests).toHaveLength(0);
    wx.fallback = () => ({ body: { access_token: "NEW-TOKEN-123456", expires_in: 7200 } });
    await expect(c.getAccessToken({ appid: "wx1", secret: "SECRET-abcdef" })).resolves.toMatchObject({
      expires_in: 7200,
    });
    expect(wx.requests).toHaveLength(1);
    expect(c.secrets.has("SECRET-abcdef")).toBe(true);
    await c.close();
  });

  it("close() drops the kept-alive connection", async () => {
    const server = await keepAliveServer();
    const c = new WechatClient({ baseUrl: server.url, token: TOKEN });
    await c.getAuditStatus({ auditid: 1 });
    await c.close();
    await server.firstDropped();
    await server.stop();
  });
});

describe("a call's options", () => {
  it("a call's timeoutMs bounds its exchange (not only the retry deadline)", async () => {
    wx.fallback = () => new Promise(() => {});
    // The client's own bounds far past the test's: only the call's 50 ms can end it in time.
    const c = new WechatClient({
      baseUrl: wx.url,
      token: TOKEN,
      timeoutMs: 600_000,
      retry: { maxAttempts: 1, deadlineMs: 600_000 },
    });
    await expect(c.getAuditStatus({ auditid: 1 }, { timeoutMs: 50 })).rejects.toMatchObject({
      failure: "timeout",
    });
    await c.close();
  });

  it("the call's signal reaches the token provider", async () => {
    const { provider, seen } = recordingProvider();
    const c = new WechatClient({ baseUrl: wx.url, token: provider });
    const ac = new AbortController();
    await c.getAuditStatus({ auditid: 1 }, { signal: ac.signal });
    expect(seen.signals).toEqual([ac.signal]);
    await c.close();
  });

  it("the call's signal reaches the backoff sleep (an abort ends a long wait at once)", async () => {
    wx.fallback = () => ({ body: { errcode: -1, errmsg: "system error" } });
    const ac = new AbortController();
    const clock = manualClock();
    const sleptWith: (AbortSignal | undefined)[] = [];
    const c = new WechatClient({
      baseUrl: wx.url,
      token: TOKEN,
      clock: {
        ...clock,
        sleep: (ms: number, signal?: AbortSignal) => {
          sleptWith.push(signal);
          return clock.sleep(ms);
        },
      },
      retry: { maxAttempts: 2, baseDelayMs: 10 },
    });
    await expect(c.getAuditStatus({ auditid: 1 }, { signal: ac.signal })).rejects.toMatchObject({
      errcode: -1,
    });
    expect(sleptWith).toEqual([ac.signal]);
    await c.close();
  });

  it("a refused provider token is invalidated; an explicit token is never handed to the provider", async () => {
    wx.fallback = () => ({ body: { errcode: 40001, errmsg: "invalid credential" } });
    const { provider, seen } = recordingProvider();
    const c = new WechatClient({
      baseUrl: wx.url,
      token: provider,
      clock: manualClock(),
      retry: { maxAttempts: 2 },
    });
    await expect(c.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ errcode: 40001 });
    expect(seen.invalidated[0]).toBe("PROVIDED-TOKEN-1");
    seen.invalidated.length = 0;
    await expect(
      c.getAuthorizerAccessToken(
        {
          component_appid: "wxcomponent",
          authorizer_appid: "wxauthorizer",
          authorizer_refresh_token: "REFRESH-abc123",
        },
        "COMPONENT-TOKEN-xyz",
      ),
    ).rejects.toMatchObject({ errcode: 40001 });
    expect(seen.invalidated).toEqual([]);
    await c.close();
  });
});

describe("clientFromEnv", () => {
  it("uses a named token variable, registers it in the given registry, and sends it", async () => {
    const secrets = new SecretRegistry();
    const c = clientFromEnv(
      { WECHAT_API_BASE_URL: wx.url, MY_TOKEN: "ENV-TOKEN-777xyz" },
      { accessTokenVar: "MY_TOKEN", secrets },
    );
    expect(c.secrets).toBe(secrets);
    expect(secrets.has("ENV-TOKEN-777xyz")).toBe(true);
    await c.getAuditStatus({ auditid: 1 });
    expect(wx.requests[0]?.query.access_token).toBe("ENV-TOKEN-777xyz");
    await c.close();
  });

  it("registers the platform flow's secrets from renamed variables before any call", () => {
    const c = clientFromEnv(
      {
        WECHAT_API_BASE_URL: wx.url,
        X_COMPONENT_APPID: "wxcomponent",
        X_COMPONENT_SECRET: "COMPONENT-SECRET-9",
        X_TICKET: "TICKET-SECRET-99",
        X_AUTHORIZER_APPID: "wxauthorizer",
        X_REFRESH: "REFRESH-SECRET-999",
      },
      {
        platformVars: {
          componentAppId: "X_COMPONENT_APPID",
          componentAppSecret: "X_COMPONENT_SECRET",
          componentVerifyTicket: "X_TICKET",
          authorizerAppId: "X_AUTHORIZER_APPID",
          authorizerRefreshToken: "X_REFRESH",
        },
      },
    );
    for (const s of ["COMPONENT-SECRET-9", "TICKET-SECRET-99", "REFRESH-SECRET-999"])
      expect(c.secrets.has(s)).toBe(true);
  });
});
