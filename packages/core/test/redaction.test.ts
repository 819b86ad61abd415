import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformToken, SecretRegistry, type TransportEvent, WechatClient } from "../src/index.js";
import { redactFields, redactUrl, scrubText } from "../src/redact.js";
import { type FakeWechat, manualClock, type Reply, startFakeWechat } from "./support/fake-wechat.js";

const SECRETS = {
  accessToken: "SECRET-ACCESS-TOKEN-7f3a",
  appSecret: "SECRET-APP-SECRET-91bc",
  componentToken: "SECRET-COMPONENT-TOKEN-55de",
  componentSecret: "SECRET-COMPONENT-APPSECRET-0a1b",
  ticket: "SECRET-VERIFY-TICKET-c0ff",
  refreshToken: "SECRET-REFRESH-TOKEN-beef",
  authorizerToken: "SECRET-AUTHORIZER-TOKEN-77aa",
};

let wx: FakeWechat;
let mode: "ok" | Reply | "hang" = "ok";
beforeAll(async () => {
  wx = await startFakeWechat(async (req) => {
    if (req.path.endsWith("api_component_token")) {
      return { body: { component_access_token: SECRETS.componentToken, expires_in: 7200 } };
    }
    if (req.path.endsWith("api_authorizer_token") && mode === "ok") {
      return { body: { authorizer_access_token: SECRETS.authorizerToken, expires_in: 7200 } };
    }
    if (mode === "hang") return new Promise<Reply>(() => {});
    if (mode === "ok") return { body: { errcode: 0, errmsg: "ok", status: 0 } };
    // An errmsg that echoes every value it was sent: the client must still not repeat any.
    const sent = [...Object.values(req.query), ...Object.values((req.body ?? {}) as object)].join(" ");
    return typeof mode.body === "object" && mode.body !== null && "errcode" in mode.body
      ? { body: { ...mode.body, errmsg: `bad ${sent} rid: 00000000-00000000-00000000` } }
      : mode;
  });
});
afterAll(() => wx.close());

/** Every way an error or a log line can be looked at. */
function renderings(err: unknown, events: TransportEvent[]): string[] {
  const e = err as Error & { toJSON?: () => unknown };
  return [
    String(e.message),
    String(e.stack),
    JSON.stringify(e),
    JSON.stringify(e.toJSON?.()),
    inspect(e, { depth: 10, showHidden: true }),
    JSON.stringify(events),
    inspect(events, { depth: 10 }),
  ];
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
}

const echo = (errcode: number): Reply => ({ body: { errcode, errmsg: "" } });

const failures: Array<[string, Reply | "hang"]> = [
  ["errcode -1 (after retries)", echo(-1)],
  ["errcode 85012", echo(85012)],
  ["errcode 40001 (after the refresh)", echo(40001)],
  ["errcode 53011 (rate limit)", echo(53011)],
  ["HTTP 500", { status: 500, body: `oops ${SECRETS.accessToken}` }],
  ["body not JSON", { body: `<html>${SECRETS.accessToken}</html>` }],
  ["bad shape", { body: { errcode: 0 } }],
  ["dropped connection", { drop: true, body: "" }],
  ["timeout", "hang"],
];

describe("no secret in errors or log lines", () => {
  for (const [name, reply] of failures) {
    it(`access token, ${name}`, async () => {
      mode = reply;
      const events: TransportEvent[] = [];
      const c = new WechatClient({
        baseUrl: wx.url,
        token: SECRETS.accessToken,
        timeoutMs: 300,
        clock: manualClock(),
        retry: { maxAttempts: 2, baseDelayMs: 1 },
        onEvent: (e) => events.push(e),
      });
      const err = await c.getAuditStatus({ auditid: 1 }).catch((e: unknown) => e);
      await c.close();
      expect(err).toBeInstanceOf(Error);
      expect(events.length).toBeGreaterThan(0);
      expect(JSON.stringify(events)).toContain("access_token=***");
      expectNoSecret(renderings(err, events));
    });
  }

  it("secret= of /cgi-bin/token, with nothing listening", async () => {
    const events: TransportEvent[] = [];
    const c = new WechatClient({
      baseUrl: "http://127.0.0.1:1",
      retry: { maxAttempts: 1 },
      onEvent: (e) => events.push(e),
    });
    const err = await c.getAccessToken({ appid: "wx1", secret: SECRETS.appSecret }).catch((e: unknown) => e);
    await c.close();
    expect((err as Error).message).toContain("secret=***");
    expectNoSecret(renderings(err, events));
  });

  for (const [name, reply] of failures) {
    it(`platform flow secrets (component token in URL; app secret, ticket, refresh token in bodies), ${name}`, async () => {
      mode = reply;
      const events: TransportEvent[] = [];
      const c = new WechatClient({
        baseUrl: wx.url,
        timeoutMs: 300,
        clock: manualClock(),
        retry: { maxAttempts: 2, baseDelayMs: 1 },
        onEvent: (e) => events.push(e),
        token: platformToken({
          componentAppId: "wxcomponent",
          componentAppSecret: SECRETS.componentSecret,
          componentVerifyTicket: SECRETS.ticket,
          authorizerAppId: "wxauthorizer",
          authorizerRefreshToken: SECRETS.refreshToken,
        }),
      });
      const err = await c.getAuditStatus({ auditid: 1 }).catch((e: unknown) => e);
      await c.close();
      expect(err).toBeInstanceOf(Error);
      expect(JSON.stringify(events)).toContain("component_access_token=***");
      expectNoSecret(renderings(err, events));
    });
  }

  it("input errors do not echo secret values", async () => {
    const c = new WechatClient({ baseUrl: wx.url });
    const err = await c
      .getComponentAccessToken({
        component_appid: "",
        component_appsecret: SECRETS.componentSecret,
        component_verify_ticket: SECRETS.ticket,
      })
      .catch((e: unknown) => e);
    await c.close();
    expect(err).toMatchObject({ code: "WXA_INPUT_ERROR", field: "component_appid" });
    expectNoSecret(renderings(err, []));
  });
});

describe("SecretRegistry", () => {
  it("replaces a secret containing another whole, and its JSON-escaped and URL-encoded forms", () => {
    const r = new SecretRegistry(["abc123", 'abc123"tail\\x y']);
    const long = 'abc123"tail\\x y';
    expect(r.scrub(`a ${long} b`)).toBe("a *** b");
    expect(r.scrub(JSON.stringify({ v: long }))).toBe('{"v":"***"}');
    expect(r.scrub(`?t=${encodeURIComponent(long)}`)).toBe("?t=***");
    expect(r.scrub(`?${new URLSearchParams({ t: long })}`)).toBe("?t=***");
  });

  it("ignores values too short to be credentials", () => {
    const r = new SecretRegistry(["short", "", undefined, null]);
    expect(r.size).toBe(0);
    expect(r.scrub("a short word")).toBe("a short word");
  });

  it("scrubDeep: strings and keys at any depth, kept fields as they are, __proto__ stays a key", () => {
    const r = new SecretRegistry(["TOKEN-123456"]);
    const value = JSON.parse(
      '{"access_token":"TOKEN-123456","a":[{"TOKEN-123456":"x TOKEN-123456"}],"__proto__":{"p":"TOKEN-123456"}}',
    );
    const out = r.scrubDeep(value, ["access_token"]);
    expect(out).toEqual({
      access_token: "TOKEN-123456",
      a: [{ "***": "x ***" }],
      ["__proto__"]: { p: "***" },
    });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
  });

  it("scrubError: message, stack and own string fields, in place", () => {
    const r = new SecretRegistry(["TOKEN-123456"]);
    const err = Object.assign(new Error("saw TOKEN-123456"), { errmsg: "TOKEN-123456", n: 1 });
    // V8 formats a stack on first read: one read before scrubbing (a logger, a rethrow) fixes the
    // secret in it, so scrubbing the message alone would leave it there.
    expect(err.stack).toContain("TOKEN-123456");
    expect(r.scrubError(err)).toBe(err);
    expect([err.message, err.stack, err.errmsg].join(" ")).not.toContain("TOKEN-123456");
    const frozen = Object.freeze(new Error("TOKEN-123456"));
    expect(() => r.scrubError(frozen)).not.toThrow();
  });

  it("is bounded: the secret seen least recently goes first", () => {
    const r = new SecretRegistry([], { maxSize: 2 });
    r.add("first-secret", "second-secret");
    r.add("first-secret"); // seen again
    r.add("third-secret");
    expect([...r].sort()).toEqual(["first-secret", "third-secret"]);
  });
});

describe("redaction helpers", () => {
  it("the fallback for secrets nobody registered redacts the whole value of a secret parameter", () => {
    const text =
      'GET https://h/cgi-bin/token?grant_type=x&secret=UNKNOWN-SECRET-42&appid=wx1 "access_token=AT-9f8e7d6c5b"';
    const out = scrubText(text, []);
    expect(out).not.toMatch(/UNKNOWN|SECRET-42|AT-9f8e7d6c5b|9f8e/);
    expect(out).toContain("secret=***&appid=wx1");
    expect(out).toContain('"access_token=***"');
    expect(scrubText("component_access_token=CAT-abcdef next", [])).toBe("component_access_token=*** next");
  });

  it("scrubText takes a plain list of secrets, skipping ones too short", () => {
    expect(scrubText("a LONGSECRET-1 b short", ["LONGSECRET-1", "short", undefined])).toBe("a *** b short");
    expect(scrubText("nothing to hide", [])).toBe("nothing to hide");
  });

  it("redactUrl replaces every secret query parameter's value, readable, and keeps the rest", () => {
    expect(redactUrl("https://api.weixin.qq.com/wxa/x?access_token=AT1&auditid=5")).toBe(
      "https://api.weixin.qq.com/wxa/x?access_token=***&auditid=5",
    );
    expect(redactUrl(new URL("https://h/p?component_access_token=C&x=1"))).toBe(
      "https://h/p?component_access_token=***&x=1",
    );
  });

  it("redactFields replaces secret fields' values only, and leaves non-objects alone", () => {
    expect(
      redactFields({
        component_appsecret: "S3CRET-value",
        component_appid: "wxc",
        component_verify_ticket: "",
      }),
    ).toEqual({ component_appsecret: "***", component_appid: "wxc", component_verify_ticket: "" });
    expect(redactFields(null)).toBeNull();
    expect(redactFields("text")).toBe("text");
    const list = [{ component_appsecret: "S3CRET-value" }];
    expect(redactFields(list)).toBe(list);
  });

  it("a registry scrubs with what it holds now: a secret added later is caught, a forgotten one is not", () => {
    const r = new SecretRegistry([], { maxSize: 1 });
    expect(r.scrub("x FIRST-SECRET y")).toBe("x FIRST-SECRET y");
    r.add("FIRST-SECRET");
    expect(r.scrub("x FIRST-SECRET y")).toBe("x *** y");
    r.add("SECOND-SECRET");
    expect(r.has("FIRST-SECRET")).toBe(false);
    expect(r.scrub("FIRST-SECRET SECOND-SECRET")).toBe("FIRST-SECRET ***");
    r.add(42, null, "tiny");
    expect(r.size).toBe(1);
  });

  it("scrubDeep: keeps only the named top-level keys, cuts nesting past its bound", () => {
    const r = new SecretRegistry(["TOKEN-123456"]);
    expect(r.scrubDeep({ t: "TOKEN-123456", n: { t: "TOKEN-123456" } }, ["t"])).toEqual({
      t: "TOKEN-123456",
      n: { t: "***" },
    });
    expect(r.scrubDeep(["TOKEN-123456", 1, null, true])).toEqual(["***", 1, null, true]);
    // Nesting is cut at 100 levels: what lies there is replaced, whatever it is.
    const nest = (levels: number) => {
      let v: unknown = { n: 1 };
      for (let i = 0; i < levels; i++) v = [v];
      return JSON.stringify(r.scrubDeep(v));
    };
    expect(nest(99)).toBe(`${"[".repeat(99)}{"n":1}${"]".repeat(99)}`);
    expect(nest(100)).toBe(`${"[".repeat(100)}"***"${"]".repeat(100)}`);
  });

  it("scrubError: strings pass through scrubbed, other values as they are", () => {
    const r = new SecretRegistry(["TOKEN-123456"]);
    expect(r.scrubError("a TOKEN-123456")).toBe("a ***");
    expect(r.scrubError(7)).toBe(7);
    const cause = new Error("inner");
    const context = { tenant: "a" };
    const err = Object.assign(new Error("clean", { cause }), {
      detail: "has TOKEN-123456",
      count: 3,
      context,
    });
    r.scrubError(err);
    expect(err).toMatchObject({ message: "clean", detail: "has ***", count: 3 });
    // Only an API error's `fields` is replaced by a scrubbed copy: another object (a cause, a
    // context) stays the very object it was, an Error still an Error.
    expect(err.cause).toBe(cause);
    expect(err.context).toBe(context);
  });
});
