/**
 * The token endpoints fail as WeChat does (fidelity D10-D13): each errcode from the state that
 * causes it, the exact wire answer (errcode, errmsg before the rid, no other field), on both hosts.
 * Time moves on the emulator's clock only.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WechatClient, WechatRateLimitError } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorConfig, validateConfig } from "../src/index.js";
import { client, expectErrcode, HOSTS, type Hosted, host, raw } from "./helpers.js";

const RID_VALUE = "[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}";
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The exact wire answer of an error: only errcode and errmsg, errmsg = text + separator + rid. */
function expectWire(
  body: Record<string, unknown> | undefined,
  errcode: number,
  text: string,
  sep = " rid: ",
) {
  expect(body).toBeDefined();
  expect(Object.keys(body!).sort()).toEqual(["errcode", "errmsg"]);
  expect(body!.errcode).toBe(errcode);
  expect(body!.errmsg).toMatch(new RegExp(`^${literal(text)}${literal(sep)}${RID_VALUE}$`));
}

const SECRET = "app-secret-123456";
const PUSH_TOKEN = "pushToken123";
const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

/** A push receiver that keeps the bodies and answers "success" (plain mode: the ticket is in clear). */
async function receiver(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      res.end("success");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function config(pushUrl: string): EmulatorConfig {
  return {
    platforms: [
      { appid: "wxcomponent", secret: "component-secret-1", verifyTicket: "ticket@@@xyz" },
      {
        appid: "wxcompwl",
        secret: "component-secret-2",
        verifyTicket: "ticket@@@wl",
        ipWhitelist: ["10.1.2.3"],
      },
      {
        appid: "wxcomppush",
        secret: "component-secret-3",
        verifyTicket: "ticket@@@push",
        push: {
          url: pushUrl,
          authUrl: `${pushUrl}/auth`,
          token: PUSH_TOKEN,
          encodingAESKey: AES_KEY,
          mode: "plain",
        },
      },
    ],
    tenants: [
      { name: "wxapp", secret: SECRET },
      { name: "wxstable", secret: SECRET },
      { name: "wxforce", secret: SECRET },
      { name: "wxisolated", secret: SECRET },
      { name: "wxfrozen", secret: SECRET, secretFrozen: true },
      { name: "wxwl", secret: SECRET, ipWhitelist: ["10.1.2.3", "::1"] },
      { name: "wxwlok", secret: SECRET, ipWhitelist: ["127.0.0.1"] },
      {
        name: "wxauthorized",
        authorizer: { componentAppId: "wxcomponent", refreshToken: "refreshtoken@@@1" },
      },
    ],
  };
}

describe.each(HOSTS)("token endpoints as WeChat answers them (%s)", (kind) => {
  let em: Hosted;
  let anon: WechatClient;
  let push: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    push = await receiver();
    em = await host(kind, { seed: 11, strictTokens: true, config: config(push.url) });
    anon = client(em.url);
  });
  afterAll(async () => {
    await em.close();
    await push.close();
  });

  const token = (query: string) => raw(em.url, `/cgi-bin/token?${query}`, { method: "GET" });
  const stable = (body: Record<string, unknown>) =>
    raw(em.url, "/cgi-bin/stable_token", { body: JSON.stringify(body) });
  const component = (body: Record<string, unknown>) =>
    raw(em.url, "/cgi-bin/component/api_component_token", { body: JSON.stringify(body) });

  it("/cgi-bin/token: 40002 bad or missing grant_type, 41004 no secret, 40013 unknown appid, 40125 wrong secret", async () => {
    expectWire(
      (await token(`grant_type=password&appid=wxapp&secret=${SECRET}`)).json,
      40002,
      "invalid grant_type",
    );
    expectWire((await token(`appid=wxapp&secret=${SECRET}`)).json, 40002, "invalid grant_type");
    expectWire((await token("grant_type=client_credential&appid=wxapp")).json, 41004, "appsecret missing");
    expectWire(
      (await token("grant_type=client_credential&appid=wxapp&secret=")).json,
      41004,
      "appsecret missing",
    );
    expectWire(
      (await token("grant_type=client_credential&appid=wxnobody&secret=s")).json,
      40013,
      "invalid appid",
    );
    // With a comma before the rid, as WeChat sends it.
    expectWire(
      (await token("grant_type=client_credential&appid=wxapp&secret=wrong")).json,
      40125,
      "invalid appsecret",
      ", rid: ",
    );
    const e = await expectErrcode(anon.getAccessToken({ appid: "wxapp", secret: "wrong" }), 40125);
    expect(e.rid).toMatch(new RegExp(`^${RID_VALUE}$`));
    expect(e.info?.policy).toBe("never");
  });

  it("/cgi-bin/token: 61024 for a platform's appid, 40243 for a frozen secret", async () => {
    expectWire(
      (await token("grant_type=client_credential&appid=wxcomponent&secret=component-secret-1")).json,
      61024,
      "must use api(api_component_token) to get token for component acct",
    );
    await expectErrcode(anon.getAccessToken({ appid: "wxfrozen", secret: SECRET }), 40243);
    // No source gives 40243's wire errmsg: the catalogue's meaning stands in.
    expectWire(
      (await token(`grant_type=client_credential&appid=wxfrozen&secret=${SECRET}`)).json,
      40243,
      "The AppSecret is frozen",
    );
    // The secret is checked before the freeze.
    await expectErrcode(anon.getAccessToken({ appid: "wxfrozen", secret: "wrong" }), 40125);
  });

  it("40164 naming the caller when its IP is not whitelisted; a whitelisted caller gets its token", async () => {
    expectWire(
      (await token(`grant_type=client_credential&appid=wxwl&secret=${SECRET}`)).json,
      40164,
      "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist",
    );
    await expectErrcode(anon.getStableAccessToken({ appid: "wxwl", secret: SECRET }), 40164);
    const ok = await token(`grant_type=client_credential&appid=wxwlok&secret=${SECRET}`);
    expect(Object.keys(ok.json!).sort()).toEqual(["access_token", "expires_in"]);
    await anon.getStableAccessToken({ appid: "wxwlok", secret: SECRET });
  });

  it("successful token answers carry only the documented fields", async () => {
    const plain = await token(`grant_type=client_credential&appid=wxapp&secret=${SECRET}`);
    expect(plain.json).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    // The journal still files the success as errcode 0, and never the token.
    const [entry] = await em.admin.journal({ endpoint: "getAccessToken", limit: 1 });
    expect(entry).toMatchObject({ errcode: 0, status: 200 });
    expect(JSON.stringify(entry)).not.toContain(plain.json!.access_token as string);
    const st = await stable({ grant_type: "client_credential", appid: "wxapp", secret: SECRET });
    expect(st.json).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    const comp = await component({
      component_appid: "wxcomponent",
      component_appsecret: "component-secret-1",
      component_verify_ticket: "ticket@@@xyz",
    });
    expect(comp.json).toEqual({ component_access_token: expect.any(String), expires_in: 7200 });
    const auth = await raw(
      em.url,
      `/cgi-bin/component/api_authorizer_token?component_access_token=${comp.json!.component_access_token}`,
      {
        body: JSON.stringify({
          component_appid: "wxcomponent",
          authorizer_appid: "wxauthorized",
          authorizer_refresh_token: "refreshtoken@@@1",
        }),
      },
    );
    expect(auth.json).toEqual({
      authorizer_access_token: expect.any(String),
      expires_in: 7200,
      authorizer_refresh_token: "refreshtoken@@@1",
    });
  });

  it("stable_token: the same errcodes as /cgi-bin/token for the same causes", async () => {
    const base = { grant_type: "client_credential", appid: "wxapp", secret: SECRET };
    expectWire((await stable({ ...base, grant_type: "password" })).json, 40002, "invalid grant_type");
    expectWire((await stable({ appid: "wxapp", secret: SECRET })).json, 40002, "invalid grant_type");
    expectWire(
      (await stable({ grant_type: "client_credential", appid: "wxapp" })).json,
      41004,
      "appsecret missing",
    );
    expectWire((await stable({ ...base, appid: "wxnobody" })).json, 40013, "invalid appid");
    expectWire((await stable({ ...base, secret: "wrong" })).json, 40125, "invalid appsecret", ", rid: ");
    expectWire(
      (await stable({ ...base, appid: "wxcomponent", secret: "component-secret-1" })).json,
      61024,
      "must use api(api_component_token) to get token for component acct",
    );
    await expectErrcode(anon.getStableAccessToken({ appid: "wxfrozen", secret: SECRET }), 40243);
  });

  it("stable_token normal mode: a new token in the last 5 minutes, the old one valid to its end", async () => {
    const cred = { appid: "wxstable", secret: SECRET };
    const a = await anon.getStableAccessToken(cred);
    expect(a.expires_in).toBe(7200);
    await em.admin.advanceClock(6900);
    const same = await anon.getStableAccessToken(cred);
    expect(same).toMatchObject({ access_token: a.access_token, expires_in: 300 });
    await em.admin.advanceClock(1);
    const b = await anon.getStableAccessToken(cred);
    expect(b.access_token).not.toBe(a.access_token);
    expect(b.expires_in).toBe(7200);
    // Both valid until the old one's end; then the old one expired (42001), the new one still good.
    await client(em.url, a.access_token).queryQuota();
    await client(em.url, b.access_token).queryQuota();
    await em.admin.advanceClock(299);
    await expectErrcode(client(em.url, a.access_token).queryQuota(), 42001);
    await client(em.url, b.access_token).queryQuota();
    expect((await anon.getStableAccessToken(cred)).access_token).toBe(b.access_token);
  });

  it("stable_token force_refresh: the previous token invalid at once, 30 s apart (45011), 20 a day (45009)", async () => {
    const cred = { appid: "wxforce", secret: SECRET };
    const first = await anon.getStableAccessToken(cred);
    const forced = await anon.getStableAccessToken({ ...cred, force_refresh: true });
    expect(forced.access_token).not.toBe(first.access_token);
    await expectErrcode(client(em.url, first.access_token).queryQuota(), 40001);
    await client(em.url, forced.access_token).queryQuota();
    // Normal mode now hands out the forced one.
    expect((await anon.getStableAccessToken(cred)).access_token).toBe(forced.access_token);

    const soon = await stable({ grant_type: "client_credential", ...cred, force_refresh: true });
    expectWire(soon.json, 45011, "api minute-quota reach limit must slower retry next minute");
    const err = await anon.getStableAccessToken({ ...cred, force_refresh: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatRateLimitError);
    // The refused call took nothing away: the forced token still works.
    await client(em.url, forced.access_token).queryQuota();

    for (let i = 2; i <= 20; i++) {
      await em.admin.advanceClock(30);
      await anon.getStableAccessToken({ ...cred, force_refresh: true });
    }
    await em.admin.advanceClock(30);
    const over = await stable({ grant_type: "client_credential", ...cred, force_refresh: true });
    expectWire(over.json, 45009, "reach max api daily quota limit");
    // A new day (Beijing time) starts a new count.
    await em.admin.advanceClock(86_400);
    await anon.getStableAccessToken({ ...cred, force_refresh: true });
  });

  it("stable tokens and /cgi-bin/token tokens are isolated from each other", async () => {
    const cred = { appid: "wxisolated", secret: SECRET };
    const st = await anon.getStableAccessToken(cred);
    const plain = await anon.getAccessToken(cred);
    expect(plain.access_token).not.toBe(st.access_token);
    // New plain tokens retire older plain ones, never the stable one; force_refresh never a plain one.
    await anon.getAccessToken(cred);
    await em.admin.advanceClock(300);
    await expectErrcode(client(em.url, plain.access_token).queryQuota(), 40001);
    await client(em.url, st.access_token).queryQuota();
    const plain2 = await anon.getAccessToken(cred);
    await em.admin.advanceClock(30);
    await anon.getStableAccessToken({ ...cred, force_refresh: true });
    await client(em.url, plain2.access_token).queryQuota();
    expect((await anon.getStableAccessToken(cred)).access_token).not.toBe(plain2.access_token);
  });

  it("api_component_token: 41004, 40125, 61006 (wrong or empty ticket), 40013 unknown, 61011 not a platform, 61004", async () => {
    const base = {
      component_appid: "wxcomponent",
      component_appsecret: "component-secret-1",
      component_verify_ticket: "ticket@@@xyz",
    };
    expectWire(
      (await component({ component_appid: "wxcomponent", component_verify_ticket: "ticket@@@xyz" })).json,
      41004,
      "appsecret missing",
    );
    expectWire(
      (await component({ ...base, component_appsecret: "wrong" })).json,
      40125,
      "invalid appsecret",
      ", rid: ",
    );
    await expectErrcode(anon.getComponentAccessToken({ ...base, component_appsecret: "wrong" }), 40125);
    expectWire(
      (await component({ ...base, component_verify_ticket: "ticket@@@wrong" })).json,
      61006,
      "component ticket is invalid",
    );
    // An empty ticket reaches the check (not 47001).
    expectWire(
      (await component({ ...base, component_verify_ticket: "" })).json,
      61006,
      "component ticket is invalid",
    );
    expectWire((await component({ ...base, component_appid: "wxnobody" })).json, 40013, "invalid appid");
    await expectErrcode(anon.getComponentAccessToken({ ...base, component_appid: "wxnobody" }), 40013);
    // A mini program's appid is known, but is no third-party platform.
    expectWire((await component({ ...base, component_appid: "wxapp" })).json, 61011, "invalid component");
    expectWire(
      (
        await component({
          component_appid: "wxcompwl",
          component_appsecret: "component-secret-2",
          component_verify_ticket: "ticket@@@wl",
        })
      ).json,
      61004,
      "access clientip is not registered",
    );
  });

  it("api_component_token: a pushed ticket works for 12 hours, then 61005", async () => {
    await em.admin.pushVerifyTicket("wxcomppush");
    await em.admin.flushPushes();
    const ticket = /ticket@@@[A-Za-z0-9_-]+/.exec(push.bodies.join("\n"))?.[0];
    expect(ticket).toBeDefined();
    const req = {
      component_appid: "wxcomppush",
      component_appsecret: "component-secret-3",
      component_verify_ticket: ticket!,
    };
    await anon.getComponentAccessToken(req);
    await em.admin.advanceClock(12 * 3600);
    expectWire((await component(req)).json, 61005, "component ticket is expired");
    await expectErrcode(anon.getComponentAccessToken(req), 61005);
    // The configured ticket stays good.
    await anon.getComponentAccessToken({ ...req, component_verify_ticket: "ticket@@@push" });
  });

  it("api_authorizer_token: 61023 for a wrong refresh token; the token accepted as ?access_token= too", async () => {
    const { component_access_token } = await anon.getComponentAccessToken({
      component_appid: "wxcomponent",
      component_appsecret: "component-secret-1",
      component_verify_ticket: "ticket@@@xyz",
    });
    const body = {
      component_appid: "wxcomponent",
      authorizer_appid: "wxauthorized",
      authorizer_refresh_token: "refreshtoken@@@wrong",
    };
    const path = "/cgi-bin/component/api_authorizer_token";
    const wrong = await raw(em.url, `${path}?component_access_token=${component_access_token}`, {
      body: JSON.stringify(body),
    });
    expectWire(wrong.json, 61023, "refresh_token is invalid");
    await expectErrcode(anon.getAuthorizerAccessToken(body, component_access_token), 61023);
    const good = JSON.stringify({ ...body, authorizer_refresh_token: "refreshtoken@@@1" });
    const byNewName = await raw(em.url, `${path}?access_token=${component_access_token}`, { body: good });
    expect(byNewName.json).toMatchObject({ expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@1" });
    await client(em.url, byNewName.json!.authorizer_access_token as string).queryQuota();
    // Under the new name too, a token the emulator did not issue is refused.
    expectWire(
      (await raw(em.url, `${path}?access_token=not-issued`, { body: good })).json,
      40001,
      "invalid credential, access_token is invalid or not latest",
    );
  });

  it("every token errcode can be produced through a fault rule, with its errmsg", async () => {
    const { id } = await em.admin.addFault({
      endpoint: "getAccessToken",
      match: { appid: "wxapp" },
      errcode: 89503,
    });
    const answer = await token(`grant_type=client_credential&appid=wxapp&secret=${SECRET}`);
    expectWire(answer.json, 89503, "Calls from this IP need the administrator's confirmation");
    await em.admin.removeFault(id);
    const rule = await em.admin.addFault({ endpoint: "getComponentAccessToken", errcode: 61011, times: 1 });
    await expectErrcode(
      anon.getComponentAccessToken({
        component_appid: "wxcomponent",
        component_appsecret: "component-secret-1",
        component_verify_ticket: "ticket@@@xyz",
      }),
      61011,
    );
    await em.admin.removeFault(rule.id);
  });

  it("the IP whitelist and the frozen secret can be set through the admin API", async () => {
    await em.admin.createTenant({ name: "wxadminwl", secret: SECRET, ipWhitelist: ["192.0.2.1"] });
    await expectErrcode(anon.getAccessToken({ appid: "wxadminwl", secret: SECRET }), 40164);
    expect((await em.admin.tenant("wxadminwl")).tokenAccess).toEqual({ ipWhitelist: ["192.0.2.1"] });
    await em.admin.createTenant({ name: "wxadminwl", secret: SECRET, secretFrozen: true });
    await expectErrcode(anon.getAccessToken({ appid: "wxadminwl", secret: SECRET }), 40243);
    await em.admin.addPlatform({
      appid: "wxadmincomp",
      secret: "s-2",
      verifyTicket: "t-2",
      ipWhitelist: ["192.0.2.1"],
    });
    await expectErrcode(
      anon.getComponentAccessToken({
        component_appid: "wxadmincomp",
        component_appsecret: "s-2",
        component_verify_ticket: "t-2",
      }),
      61004,
    );
  });

  it("PUT /__admin/tenants/{name}/token-access changes the setting and keeps the tenant's records", async () => {
    await em.admin.createTenant({ name: "wxkeep", secret: SECRET, audits: [{ status: "in_review" }] });
    const before = await em.admin.tenant("wxkeep");
    const view = await em.admin.setTokenAccess("wxkeep", { secretFrozen: true });
    expect(view.tokenAccess).toEqual({ secretFrozen: true });
    expect(view.auditIds).toEqual(before.auditIds);
    await expectErrcode(anon.getAccessToken({ appid: "wxkeep", secret: SECRET }), 40243);
    await em.admin.setTokenAccess("wxkeep", { ipWhitelist: ["192.0.2.7"] });
    await expectErrcode(anon.getStableAccessToken({ appid: "wxkeep", secret: SECRET }), 40164);
    // An empty setting clears both.
    expect((await em.admin.setTokenAccess("wxkeep", {})).tokenAccess).toBeUndefined();
    await anon.getAccessToken({ appid: "wxkeep", secret: SECRET });
    // Each change is journaled under the tenant, as a set-up change.
    const changes = (await em.admin.journal({ tenant: "wxkeep" })).flatMap((e) => e.changes);
    expect(changes.filter((c) => c.kind === "setup" && c.what === "token-access")).toHaveLength(3);
    await expect(em.admin.setTokenAccess("wxnobody", {})).rejects.toMatchObject({ status: 404 });
    await expect(em.admin.setTokenAccess("wxkeep", { ipWhitelist: ["nope"] })).rejects.toMatchObject({
      status: 400,
      field: "body.ipWhitelist.0",
    });
  });

  it("a snapshot carries the whitelist, the frozen secret, the force_refresh count and superseded tokens", async () => {
    const cred = { appid: "wxapp", secret: SECRET };
    const old = await anon.getAccessToken(cred);
    await anon.getAccessToken(cred);
    await em.admin.advanceClock(300);
    await em.admin.importSnapshot(await em.admin.exportSnapshot());
    await expectErrcode(client(em.url, old.access_token).queryQuota(), 40001);
    await expectErrcode(anon.getAccessToken({ appid: "wxfrozen", secret: SECRET }), 40243);
    await expectErrcode(anon.getAccessToken({ appid: "wxwl", secret: SECRET }), 40164);
    await em.admin.advanceClock(30);
    await anon.getStableAccessToken({ ...cred, force_refresh: true });
    await em.admin.importSnapshot(await em.admin.exportSnapshot());
    await expectErrcode(anon.getStableAccessToken({ ...cred, force_refresh: true }), 45011);
  });
});

describe("token access config", () => {
  it("refuses an ipWhitelist entry that is no IP address, naming the path", () => {
    expect(() =>
      validateConfig({ tenants: [{ name: "wxa", secret: "s", ipWhitelist: ["10.0.0.1", "not-an-ip"] }] }),
    ).toThrow(/tenants\[0\]\.ipWhitelist\[1\]/);
    expect(() =>
      validateConfig({
        platforms: [{ appid: "wxp", secret: "s", verifyTicket: "t", ipWhitelist: ["::1", "x"] }],
      }),
    ).toThrow(/platforms\[0\]\.ipWhitelist\[1\]/);
  });
});
