import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  functionToken,
  platformToken,
  type StoredToken,
  type TokenStore,
  tokenProviderFromEnv,
  WechatClient,
} from "../src/index.js";
import {
  type FakeWechat,
  manualClock,
  PLATFORM_CREDS,
  type Recorded,
  type Reply,
  startFakeWechat,
} from "./support/fake-wechat.js";

let wx: FakeWechat;
let issued = 0;
let valid = new Set<string>();
/** A tiny token authority: the platform endpoints issue tokens, the business endpoint checks them. */
function authority(req: Recorded): Reply {
  const body = req.body as Record<string, string>;
  if (req.path.endsWith("api_component_token")) {
    return { body: { component_access_token: `CAT-${++issued}`, expires_in: 7200 } };
  }
  if (req.path.endsWith("api_authorizer_token")) {
    if (!valid.has(req.query.component_access_token ?? "")) valid.add(req.query.component_access_token ?? "");
    const token = `AAT-${++issued}`;
    valid.add(token);
    return {
      body: {
        authorizer_access_token: token,
        expires_in: 7200,
        authorizer_refresh_token: `${body.authorizer_refresh_token}+`,
      },
    };
  }
  if (!valid.has(req.query.access_token ?? ""))
    return { body: { errcode: 40001, errmsg: "invalid credential" } };
  return { body: { errcode: 0, errmsg: "ok", status: 2 } };
}

beforeAll(async () => {
  wx = await startFakeWechat(authority);
});
afterAll(() => wx.close());
beforeEach(() => {
  wx.requests.length = 0;
  wx.queue.length = 0;
  issued = 0;
  valid = new Set();
});

const creds = PLATFORM_CREDS;
const count = (suffix: string) => wx.requests.filter((r) => r.path.endsWith(suffix)).length;

describe("refresh on a refused token", () => {
  it("50 concurrent callers hit 40001 and cause exactly one refresh call", async () => {
    let refreshes = 0;
    valid.add("old");
    const provider = functionToken(async ({ forceRefresh }) => {
      if (!forceRefresh) return "old";
      refreshes++;
      valid.add("new");
      return "new";
    });
    const c = new WechatClient({ baseUrl: wx.url, token: provider, retry: { maxAttempts: 1 } });
    await c.getAuditStatus({ auditid: 1 }); // warm: "old" works
    valid.delete("old");
    const results = await Promise.all(Array.from({ length: 50 }, () => c.getAuditStatus({ auditid: 1 })));
    expect(results.every((r) => r.status === 2)).toBe(true);
    expect(refreshes).toBe(1);
    await c.close();
  });

  it.each([40001, 40014, 42001])("%i invalidates the platform token and retries once", async (errcode) => {
    const clock = manualClock();
    const c = new WechatClient({
      baseUrl: wx.url,
      token: platformToken(creds),
      clock,
      retry: { maxAttempts: 1 },
    });
    await c.getAuditStatus({ auditid: 1 });
    wx.queue.push({ body: { errcode, errmsg: "expired" } });
    await expect(c.getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 2 });
    expect(count("api_authorizer_token")).toBe(2);
    expect(count("api_component_token")).toBe(1);
    await c.close();
  });
});

describe("the third-party platform flow", () => {
  it("fetches the component token, then the authorizer token, and caches both until expiry minus the margin", async () => {
    const clock = manualClock();
    const c = new WechatClient({
      baseUrl: wx.url,
      token: platformToken({ ...creds, marginMs: 300_000 }),
      clock,
    });
    await Promise.all(Array.from({ length: 20 }, () => c.getAuditStatus({ auditid: 1 })));
    expect(count("api_component_token")).toBe(1);
    expect(count("api_authorizer_token")).toBe(1);
    const authReq = wx.requests.find((r) => r.path.endsWith("api_authorizer_token"))!;
    expect(authReq.query).toEqual({ component_access_token: "CAT-1" });
    expect(authReq.body).toEqual({
      component_appid: "wxcomponent",
      authorizer_appid: "wxauthorizer",
      authorizer_refresh_token: "REFRESH_1",
    });

    clock.advance((7200 - 301) * 1000); // still inside expires_in minus margin
    await c.getAuditStatus({ auditid: 1 });
    expect(count("api_authorizer_token")).toBe(1);
    clock.advance(2000); // now inside the margin: refresh
    await c.getAuditStatus({ auditid: 1 });
    expect(count("api_authorizer_token")).toBe(2);
    expect(count("api_component_token")).toBe(2);
    await c.close();
  });

  it("a caller's abort also stops the token fetch made on its behalf", async () => {
    let release: () => void = () => {};
    wx.fallback = (req) =>
      req.path.endsWith("api_component_token")
        ? new Promise<Reply>((resolve) => {
            release = () => resolve({ body: { component_access_token: "CAT-late", expires_in: 7200 } });
          })
        : authority(req);
    const ac = new AbortController();
    const c = new WechatClient({ baseUrl: wx.url, token: platformToken(creds), retry: { maxAttempts: 1 } });
    const pending = c.getAuditStatus({ auditid: 1 }, { signal: ac.signal });
    await vi.waitFor(() => expect(count("api_component_token")).toBe(1));
    ac.abort();
    await expect(pending).rejects.toMatchObject({ failure: "aborted", endpoint: "getComponentAccessToken" });
    release();
    wx.fallback = authority;
    await c.close();
  });

  it("keeps a rotated refresh token and reports it", async () => {
    const clock = manualClock();
    const rotated: string[] = [];
    const provider = platformToken({ ...creds, onRefreshTokenRotated: (_appid, t) => rotated.push(t) });
    const c = new WechatClient({ baseUrl: wx.url, token: provider, clock, retry: { maxAttempts: 1 } });
    await c.getAuditStatus({ auditid: 1 });
    wx.queue.push({ body: { errcode: 42001, errmsg: "access_token expired" } });
    await c.getAuditStatus({ auditid: 1 });
    const bodies = wx.requests
      .filter((r) => r.path.endsWith("api_authorizer_token"))
      .map((r) => (r.body as Record<string, string>).authorizer_refresh_token);
    expect(bodies).toEqual(["REFRESH_1", "REFRESH_1+"]);
    expect(rotated).toEqual(["REFRESH_1+", "REFRESH_1++"]);
    await c.close();
  });

  it("shares tokens through a TokenStore: a second client fetches nothing", async () => {
    const clock = manualClock();
    const data = new Map<string, StoredToken>();
    const store: TokenStore = {
      get: async (k) => data.get(k),
      set: async (k, v) => void data.set(k, v),
      delete: async (k) => void data.delete(k),
    };
    for (let i = 0; i < 3; i++) {
      const c = new WechatClient({ baseUrl: wx.url, token: platformToken({ ...creds, store }), clock });
      await c.getAuditStatus({ auditid: 1 });
      await c.close();
    }
    expect(count("api_component_token")).toBe(1);
    expect(count("api_authorizer_token")).toBe(1);
    expect([...data.keys()].join(" ")).not.toMatch(/SECRET|TICKET|REFRESH/);
  });
});

describe("tokens from the environment", () => {
  it("prefers WECHAT_ACCESS_TOKEN", async () => {
    const p = tokenProviderFromEnv({ WECHAT_ACCESS_TOKEN: "abc" });
    await expect(p.getToken({} as never)).resolves.toBe("abc");
  });
  it("names what is missing, never values", () => {
    expect(() => tokenProviderFromEnv({})).toThrow(
      /set WECHAT_ACCESS_TOKEN, or the platform flow's WECHAT_COMPONENT_APPID/,
    );
    expect(() =>
      tokenProviderFromEnv({ WECHAT_COMPONENT_APPID: "wxc", WECHAT_COMPONENT_APPSECRET: "SECRET_VALUE_9" }),
    ).toThrow(
      /incomplete: WECHAT_COMPONENT_VERIFY_TICKET, WECHAT_AUTHORIZER_APPID, WECHAT_AUTHORIZER_REFRESH_TOKEN not set$/,
    );
  });
  it("honours renamed variables", async () => {
    const p = tokenProviderFromEnv({ MY_TOKEN: "zz" }, { accessTokenVar: "MY_TOKEN" });
    await expect(p.getToken({} as never)).resolves.toBe("zz");
  });
});

describe("a shared TokenStore's tokens and late refusals", () => {
  function memoryStore(initial: Record<string, StoredToken> = {}) {
    const data = new Map(Object.entries(initial));
    const deleted: string[] = [];
    const store: TokenStore = {
      get: async (k) => data.get(k),
      set: async (k, v) => void data.set(k, v),
      delete: async (k) => {
        deleted.push(k);
        data.delete(k);
      },
    };
    return { data, deleted, store };
  }
  const AUTH_KEY = "authorizer:wxcomponent:wxauthorizer";
  const COMP_KEY = "component:wxcomponent";
  const business = () =>
    wx.requests.filter((r) => r.path === "/wxa/get_auditstatus").map((r) => r.query.access_token);

  it("an expired token from the store is not used: a fresh one is fetched and stored", async () => {
    const clock = manualClock();
    const { data, store } = memoryStore({
      [COMP_KEY]: { token: "CAT-STALE-0", expiresAt: clock.now() - 1 },
      [AUTH_KEY]: { token: "AAT-STALE-0", expiresAt: clock.now() - 1 },
    });
    valid.add("AAT-STALE-0"); // were it used, WeChat would still take it: only the fetch counts tell
    const c = new WechatClient({ baseUrl: wx.url, token: platformToken({ ...creds, store }), clock });
    await c.getAuditStatus({ auditid: 1 });
    expect(count("api_component_token")).toBe(1);
    expect(count("api_authorizer_token")).toBe(1);
    expect(business()).toEqual(["AAT-2"]);
    expect(data.get(AUTH_KEY)).toEqual({ token: "AAT-2", expiresAt: clock.now() + 7200_000 });
    // A stale token may still be echoed by whoever issued it: it is a secret all the same.
    expect(c.secrets.has("AAT-STALE-0")).toBe(true);
    await c.close();
  });

  it("a stored token inside the margin is not used; one just outside it is", async () => {
    const clock = manualClock();
    const margin = 300_000;
    const inside = memoryStore({ [AUTH_KEY]: { token: "AAT-EDGE-0", expiresAt: clock.now() + margin } });
    const a = new WechatClient({
      baseUrl: wx.url,
      token: platformToken({ ...creds, store: inside.store, marginMs: margin }),
      clock,
    });
    await a.getAuditStatus({ auditid: 1 });
    expect(business()).not.toContain("AAT-EDGE-0");
    expect(count("api_authorizer_token")).toBe(1);
    await a.close();

    wx.requests.length = 0;
    valid.add("AAT-GOOD-0");
    const outside = memoryStore({ [AUTH_KEY]: { token: "AAT-GOOD-0", expiresAt: clock.now() + margin + 1 } });
    const b = new WechatClient({
      baseUrl: wx.url,
      token: platformToken({ ...creds, store: outside.store, marginMs: margin }),
      clock,
    });
    await b.getAuditStatus({ auditid: 1 });
    expect(business()).toEqual(["AAT-GOOD-0"]);
    expect(count("api_authorizer_token")).toBe(0);
    await b.close();
  });

  it("a late refusal of an old token does not throw away the fresh one", async () => {
    const clock = manualClock();
    const { data, deleted, store } = memoryStore();
    const provider = platformToken({ ...creds, store });
    const c = new WechatClient({ baseUrl: wx.url, token: provider, clock });
    await c.getAuditStatus({ auditid: 1 }); // AAT-2
    wx.queue.push({ body: { errcode: 40001, errmsg: "invalid credential" } });
    await c.getAuditStatus({ auditid: 1 }); // AAT-2 refused: AAT-3 fetched
    expect(business()).toEqual(["AAT-2", "AAT-2", "AAT-3"]);
    expect(deleted).toEqual([AUTH_KEY]);
    provider.invalidate("AAT-2"); // another caller's refusal of AAT-2 arrives late
    await c.getAuditStatus({ auditid: 1 });
    expect(business().at(-1)).toBe("AAT-3");
    expect(count("api_authorizer_token")).toBe(2);
    expect(deleted).toEqual([AUTH_KEY]);
    expect(data.get(AUTH_KEY)?.token).toBe("AAT-3");
    await c.close();
  });

  it("functionToken: a late refusal of an old token asks for nothing new", async () => {
    const asked: boolean[] = [];
    const provider = functionToken(async ({ forceRefresh }) => {
      asked.push(forceRefresh);
      return `FN-TOKEN-${asked.length}`;
    });
    const ctx = { clock: manualClock() } as never;
    await expect(provider.getToken(ctx)).resolves.toBe("FN-TOKEN-1");
    provider.invalidate("FN-TOKEN-0");
    await expect(provider.getToken(ctx)).resolves.toBe("FN-TOKEN-1");
    expect(asked).toEqual([false]);
    provider.invalidate("FN-TOKEN-1");
    await expect(provider.getToken(ctx)).resolves.toBe("FN-TOKEN-2");
    expect(asked).toEqual([false, true]);
  });

  it("a store that fails is worked around: tokens are fetched and the call answers", async () => {
    const broken: TokenStore = {
      get: () => Promise.reject(new Error("disk gone")),
      set: () => Promise.reject(new Error("disk gone")),
      delete: () => Promise.reject(new Error("disk gone")),
    };
    const c = new WechatClient({ baseUrl: wx.url, token: platformToken({ ...creds, store: broken }) });
    await expect(c.getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 2 });
    wx.queue.push({ body: { errcode: 40001, errmsg: "invalid credential" } });
    await expect(c.getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 2 });
    await c.close();
  });

  it("every credential of the flow, and each rotated refresh token, is a registered secret", async () => {
    const c = new WechatClient({ baseUrl: wx.url, token: platformToken(creds) });
    await c.getAuditStatus({ auditid: 1 });
    for (const s of ["COMPONENT_SECRET_1", "TICKET_1", "REFRESH_1", "REFRESH_1+"])
      expect(c.secrets.has(s), s).toBe(true);
    await c.close();
  });
});
