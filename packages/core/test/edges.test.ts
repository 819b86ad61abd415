/**
 * Small behaviours of the retry, token, redaction, error and range modules that a caller relies
 * on and that no broader test pins (each found by mutation testing, issue 13).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  envToken,
  Limiter,
  OPTION_RANGES,
  parseRid,
  platformToken,
  rangeProblem,
  SecretRegistry,
  staticToken,
  tokenProviderFromEnv,
  WechatApiError,
  WechatClient,
  WechatConfigError,
  WechatTransportError,
} from "../src/index.js";
import { redactFields } from "../src/redact.js";
import { withRetry } from "../src/retry.js";
import {
  type FakeWechat,
  manualClock,
  PLATFORM_CREDS,
  type Recorded,
  type Reply,
  startFakeWechat,
} from "./support/fake-wechat.js";

const RID = "6296d34d-25dcdd0e-060b3d7f";

describe("retry", () => {
  it("works without hooks (the system clock and Math.random), returning the first answer", async () => {
    await expect(
      withRetry("x", async () => 42, {
        maxAttempts: 1,
        baseDelayMs: 0,
        maxDelayMs: 0,
        deadlineMs: 1000,
        rateLimitBackoffMs: 0,
      }),
    ).resolves.toBe(42);
  });

  it("something thrown that is not an Error passes through, untried again", async () => {
    let calls = 0;
    const clock = manualClock(0);
    await expect(
      withRetry(
        "x",
        async () => {
          calls++;
          throw "plain string";
        },
        { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 10, deadlineMs: 1000, rateLimitBackoffMs: 0 },
        { clock },
      ),
    ).rejects.toBe("plain string");
    expect(calls).toBe(1);
  });
});

describe("token providers", () => {
  let wx: FakeWechat;
  let handler: (req: Recorded) => Reply;
  beforeAll(async () => {
    wx = await startFakeWechat((req) => handler(req));
  });
  afterAll(() => wx.close());
  beforeEach(() => {
    wx.requests.length = 0;
  });
  const creds = PLATFORM_CREDS;
  /** Issues long tokens (registrable secrets), the same refresh token back unless told. */
  function authority(rotate = false) {
    let n = 0;
    return (req: Recorded): Reply => {
      if (req.path.endsWith("api_component_token"))
        return { body: { component_access_token: `COMPONENT-TOKEN-${++n}`, expires_in: 7200 } };
      if (req.path.endsWith("api_authorizer_token"))
        return {
          body: {
            authorizer_access_token: `AUTHORIZER-TOKEN-${++n}`,
            expires_in: 7200,
            authorizer_refresh_token: rotate ? `ROTATED-${n}` : "REFRESH_1",
          },
        };
      return { body: { errcode: 0, errmsg: "ok", status: 2 } };
    };
  }
  const tokenCalls = () => wx.requests.filter((r) => r.path.includes("api_")).length;

  it("the default margin is 5 minutes: a token 4 min 59 s from expiry is refreshed, 5 min 1 s is not", async () => {
    handler = authority();
    const clock = manualClock();
    const c = new WechatClient({ baseUrl: wx.url, token: platformToken(creds), clock });
    await c.getAuditStatus({ auditid: 1 });
    expect(tokenCalls()).toBe(2);
    clock.advance((7200 - 301) * 1000);
    await c.getAuditStatus({ auditid: 1 });
    expect(tokenCalls()).toBe(2);
    clock.advance(2000);
    await c.getAuditStatus({ auditid: 1 });
    expect(tokenCalls()).toBe(4);
    await c.close();
  });

  it("fetched tokens are registered secrets; the same refresh token back is no rotation", async () => {
    handler = authority(false);
    const rotated: string[] = [];
    const c = new WechatClient({
      baseUrl: wx.url,
      token: platformToken({ ...creds, onRefreshTokenRotated: (_a, t) => rotated.push(t) }),
    });
    await c.getAuditStatus({ auditid: 1 });
    expect(c.secrets.has("COMPONENT-TOKEN-1")).toBe(true);
    expect(c.secrets.has("AUTHORIZER-TOKEN-2")).toBe(true);
    expect(rotated).toEqual([]);
    await c.close();
  });

  it("tokenProviderFromEnv hands the store and the rotation callback to the platform flow", async () => {
    handler = authority(true);
    const saved = new Map<string, unknown>();
    const rotated: string[] = [];
    const provider = tokenProviderFromEnv(
      {
        WECHAT_COMPONENT_APPID: "wxcomponent",
        WECHAT_COMPONENT_APPSECRET: "COMPONENT_SECRET_1",
        WECHAT_COMPONENT_VERIFY_TICKET: "TICKET_1",
        WECHAT_AUTHORIZER_APPID: "wxauthorizer",
        WECHAT_AUTHORIZER_REFRESH_TOKEN: "REFRESH_1",
      },
      {
        store: {
          get: async () => undefined,
          set: async (k, v) => void saved.set(k, v),
          delete: async () => {},
        },
        onRefreshTokenRotated: (appid, t) => rotated.push(`${appid}:${t}`),
      },
    );
    const c = new WechatClient({ baseUrl: wx.url, token: provider });
    await c.getAuditStatus({ auditid: 1 });
    expect([...saved.keys()].sort()).toEqual([
      "authorizer:wxcomponent:wxauthorizer",
      "component:wxcomponent",
    ]);
    expect(rotated).toEqual(["wxauthorizer:ROTATED-2"]);
    await c.close();
  });

  it("envToken reads the variable at each call, and names it when unset", async () => {
    const env: NodeJS.ProcessEnv = { MY_TOKEN: "first-token" };
    const p = envToken("MY_TOKEN", env);
    const ctx = {} as never;
    await expect(p.getToken(ctx)).resolves.toBe("first-token");
    env.MY_TOKEN = "rotated-token";
    await expect(p.getToken(ctx)).resolves.toBe("rotated-token");
    delete env.MY_TOKEN;
    await expect(p.getToken(ctx)).rejects.toThrow(WechatConfigError);
    await expect(p.getToken(ctx)).rejects.toThrow("MY_TOKEN");
    await expect(envToken(undefined, { WECHAT_ACCESS_TOKEN: "default-var" }).getToken(ctx)).resolves.toBe(
      "default-var",
    );
  });

  it("an empty static token is refused at construction", () => {
    expect(() => staticToken("")).toThrow(WechatConfigError);
    expect(() => new WechatClient({ token: "" })).toThrow(WechatConfigError);
  });
});

describe("SecretRegistry bounds", () => {
  it("a value of exactly MIN_SECRET_LENGTH (6) is a secret; 5 is not", () => {
    const r = new SecretRegistry(["sixsix", "five5"]);
    expect(r.scrub("sixsix five5")).toBe("*** five5");
  });

  it("keeps 1000 secrets by default, forgetting the oldest past that", () => {
    const r = new SecretRegistry(Array.from({ length: 1001 }, (_, i) => `secret-${i}`));
    expect(r.size).toBe(1000);
    expect(r.has("secret-0")).toBe(false);
    expect(r.has("secret-1000")).toBe(true);
  });

  it("a secret with regex characters is matched literally", () => {
    const r = new SecretRegistry(["TOK.EN(123)+x"]);
    expect(r.scrub("a TOK.EN(123)+x b")).toBe("a *** b");
    expect(r.scrub("TOKxEN123x TOK.EN123+x")).toBe("TOKxEN123x TOK.EN123+x");
  });
});

describe("error messages carry the facts", () => {
  it("an API error's message names the endpoint, the errcode, WeChat's errmsg and the meaning", () => {
    const m = new WechatApiError("getAuditStatus", 85012, "invalid audit id").message;
    for (const fact of ["getAuditStatus", "85012", "invalid audit id"]) expect(m).toContain(fact);
    expect(m.length).toBeGreaterThan("getAuditStatus 85012 invalid audit id".length + 10);
    expect(new WechatApiError("x", 999_999_001, "odd").message).toContain("999999001");
  });

  it("a transport error's message names the endpoint, what failed and the (redacted) URL", () => {
    const m = new WechatTransportError("getAuditStatus", "http_status", "HTTP 502", {
      url: "https://h/p?t=***",
    }).message;
    for (const fact of ["getAuditStatus", "HTTP 502", "https://h/p?t=***"]) expect(m).toContain(fact);
  });

  it("parseRid: with or without a space, any case, and not inside another word", () => {
    expect(parseRid(`x rid:${RID}`)).toBe(RID);
    expect(parseRid(`x RID:  ${RID.toUpperCase()}`)).toBe(RID.toUpperCase());
    expect(parseRid(`x grid: ${RID}`)).toBeUndefined();
    expect(parseRid(`x rid: ${RID.slice(0, 20)}`)).toBeUndefined();
  });
});

describe("rangeProblem", () => {
  it("names the bounds and the value; a non-number only by its type (it may be a secret)", () => {
    const r = OPTION_RANGES["retry.maxAttempts"];
    expect(rangeProblem("--attempts", 5, r)).toBeUndefined();
    expect(rangeProblem("--attempts", 1, r)).toBeUndefined();
    expect(rangeProblem("--attempts", 100, r)).toBeUndefined();
    for (const bad of [0, 101, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const p = rangeProblem("--attempts", bad, r);
      expect(p).toMatch(/--attempts.*1.*100/);
      expect(p).toContain(String(bad));
    }
    const secret = rangeProblem("deadline", "SECRET-VALUE-1", OPTION_RANGES["retry.deadlineMs"]);
    expect(secret).not.toContain("SECRET-VALUE-1");
    expect(secret).toContain("string");
    expect(rangeProblem("x", null, r)).toContain("null");
    expect(rangeProblem("rate", 0, OPTION_RANGES["limiter.perSecond"])).toMatch(/0\.001.*100000.*per second/);
    expect(rangeProblem("rate", 0.5, OPTION_RANGES["limiter.perSecond"])).toBeUndefined();
  });
});

describe("more edges (mutation survivors)", () => {
  const opts = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 400, rateLimitBackoffMs: 0 };

  it("a credential refusal that used up the deadline gives up rather than trying again", async () => {
    const clock = manualClock(0);
    let calls = 0;
    const err = await withRetry(
      "x",
      async () => {
        calls++;
        clock.advance(400);
        throw new WechatApiError("x", 40001, "invalid credential");
      },
      opts,
      { clock, onCredentialError: () => {} },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(err).toMatchObject({ code: "WXA_DEADLINE_EXCEEDED", attempts: 1 });
  });

  it("a credential refusal without an onCredentialError hook still retries once", async () => {
    let calls = 0;
    const r = await withRetry(
      "x",
      async () => {
        if (++calls === 1) throw new WechatApiError("x", 40001, "invalid credential");
        return "ok";
      },
      opts,
      { clock: manualClock(0) },
    );
    expect([r, calls]).toEqual(["ok", 2]);
  });

  it("a cached token is refreshed exactly at expiry minus the margin", async () => {
    let n = 0;
    const clock = manualClock(0);
    const p = platformToken({
      componentAppId: "wxc",
      componentAppSecret: "COMPONENT_SECRET_1",
      componentVerifyTicket: "TICKET_1",
      authorizerAppId: "wxa",
      authorizerRefreshToken: "REFRESH_1",
      marginMs: 1000,
    });
    // The provider's own interface: how it calls WeChat is the client's business. No secrets registry here.
    const ctx = {
      clock,
      call: (async (name: string) =>
        name === "getComponentAccessToken"
          ? { component_access_token: `COMPONENT-${++n}`, expires_in: 10 }
          : {
              authorizer_access_token: `AUTHORIZER-${++n}`,
              expires_in: 10,
              authorizer_refresh_token: "NEW-REFRESH-1",
            }) as never,
    };
    p.invalidate("nothing-cached-yet");
    await expect(p.getToken(ctx)).resolves.toBe("AUTHORIZER-2");
    clock.advance(8999);
    await expect(p.getToken(ctx)).resolves.toBe("AUTHORIZER-2");
    clock.advance(1);
    await expect(p.getToken(ctx)).resolves.toBe("AUTHORIZER-4");
    p.invalidate("AUTHORIZER-4");
    p.invalidate("AUTHORIZER-4"); // a second refusal of the same token, after the first dropped it
    await expect(p.getToken(ctx)).resolves.toBe("AUTHORIZER-5");
  });

  it("a provider reading a stale stored token works without a secrets registry", async () => {
    const p = platformToken({
      componentAppId: "wxc",
      componentAppSecret: "COMPONENT_SECRET_1",
      componentVerifyTicket: "TICKET_1",
      authorizerAppId: "wxa",
      authorizerRefreshToken: "REFRESH_1",
      store: {
        get: async () => ({ token: "STALE-TOKEN-1", expiresAt: 0 }),
        set: async () => {},
        delete: async () => {},
      },
    });
    const ctx = {
      clock: manualClock(),
      call: (async (name: string) =>
        name === "getComponentAccessToken"
          ? { component_access_token: "COMPONENT-1", expires_in: 7200 }
          : {
              authorizer_access_token: "AUTHORIZER-1",
              expires_in: 7200,
              authorizer_refresh_token: "ROTATED-1",
            }) as never,
    };
    await expect(p.getToken(ctx)).resolves.toBe("AUTHORIZER-1");
  });

  it("limiter: a rule left undefined is no rule; a part-spent token shortens the wait", async () => {
    expect(() => new Limiter({ a: undefined as never })).not.toThrow();
    const clock = manualClock(0);
    const limiter = new Limiter({ "*": { perSecond: 2 } }, clock);
    const starts: number[] = [];
    const go = () => limiter.run("x", async () => void starts.push(clock.now()));
    await go();
    await go();
    clock.advance(100); // 0.2 of a token back
    await go();
    expect(starts).toEqual([0, 0, 500]);
  });

  it("redaction: an undefined secret field stays undefined; a new registry holds nothing", () => {
    expect(redactFields({ component_appsecret: undefined })).toEqual({ component_appsecret: undefined });
    expect(new SecretRegistry().size).toBe(0);
    expect([...new SecretRegistry()]).toEqual([]);
    const r = new SecretRegistry(["TOKEN-123456"]);
    let v: unknown = { n: 1 };
    for (let i = 0; i < 100; i++) v = { d: v };
    expect(JSON.stringify(r.scrubDeep(v))).toBe(`${'{"d":'.repeat(100)}"***"${"}".repeat(100)}`);
  });

  it("ranges: times are whole milliseconds; unset and unknown options are not checked", () => {
    expect(rangeProblem("t", 1.5, OPTION_RANGES.timeoutMs)).toMatch(/ms/);
    expect(
      () => new WechatClient({ token: "TOKEN-123456", retry: { maxAttempts: undefined } }),
    ).not.toThrow();
    expect(() => new WechatClient({ token: "TOKEN-123456", retry: { other: 1 } as never })).not.toThrow();
  });
});
