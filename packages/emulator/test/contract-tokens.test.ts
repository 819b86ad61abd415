/** The four token endpoints and both token modes, through the core client, on both hosts. */
import { platformToken, WechatClient } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorConfig } from "../src/index.js";
import { client, expectErrcode, freshToken, HOSTS, type Hosted, host } from "./helpers.js";

const CONFIG: EmulatorConfig = {
  platforms: [{ appid: "wxcomponent", secret: "component-secret-1", verifyTicket: "ticket@@@xyz" }],
  tenants: [
    { name: "wxapp", secret: "app-secret-123456" },
    { name: "wxauthorized", authorizer: { componentAppId: "wxcomponent", refreshToken: "refreshtoken@@@1" } },
    { name: "wxother", authorizer: { componentAppId: "wxelsewhere", refreshToken: "refreshtoken@@@2" } },
  ],
};

describe.each(HOSTS)("strict tokens (%s)", (kind) => {
  let em: Hosted;
  let anon: WechatClient;
  beforeAll(async () => {
    em = await host(kind, { seed: 1, strictTokens: true, config: CONFIG });
    anon = client(em.url);
  });
  afterAll(() => em.close());

  it("41001 without a token, 40001 for one the emulator did not issue", async () => {
    await expectErrcode(client(em.url, freshToken()).queryQuota(), 40001);
    const res = await fetch(`${em.url}/wxa/queryquota`);
    expect(await res.json()).toMatchObject({ errcode: 41001 });
  });

  it("/cgi-bin/token issues a token bound to the appid, expiring after expires_in on the clock", async () => {
    await expectErrcode(anon.getAccessToken({ appid: "wxapp", secret: "wrong-secret" }), 40125);
    await expectErrcode(anon.getAccessToken({ appid: "wxunknown", secret: "whatever" }), 40013);
    const { access_token, expires_in } = await anon.getAccessToken({
      appid: "wxapp",
      secret: "app-secret-123456",
    });
    expect(expires_in).toBe(7200);
    const c = client(em.url, access_token);
    const { auditid } = await c.submitAudit({});
    expect((await em.admin.getAudit(auditid)).tenant).toBe("wxapp");
    // A plain app token is not a platform acting for the mini program.
    await expectErrcode(c.getAuditStatus({ auditid }), 86000);
    await em.admin.advanceClock(7199);
    await c.queryQuota();
    await em.admin.advanceClock(1);
    await expectErrcode(c.queryQuota(), 42001);
  });

  it("a new plain token retires the previous one after 5 minutes (then 40001, not 42001)", async () => {
    const first = await anon.getAccessToken({ appid: "wxapp", secret: "app-secret-123456" });
    const second = await anon.getAccessToken({ appid: "wxapp", secret: "app-secret-123456" });
    expect(second.access_token).not.toBe(first.access_token);
    await client(em.url, first.access_token).queryQuota();
    await em.admin.advanceClock(300);
    await expectErrcode(client(em.url, first.access_token).queryQuota(), 40001);
    await client(em.url, second.access_token).queryQuota();
  });

  it("forgets tokens a day after they expired, so issuing in a loop does not grow memory", async () => {
    const app = { appid: "wxapp", secret: "app-secret-123456" };
    const old = await anon.getAccessToken(app);
    await em.admin.advanceClock(7200);
    await expectErrcode(client(em.url, old.access_token).queryQuota(), 42001); // expired, still known
    await em.admin.advanceClock(86_400);
    await anon.getAccessToken(app); // issuing for wxapp forgets its long-expired tokens
    await expectErrcode(client(em.url, old.access_token).queryQuota(), 40001); // forgotten
  });

  it("stable_token returns the same token until force_refresh", async () => {
    const a = await anon.getStableAccessToken({ appid: "wxapp", secret: "app-secret-123456" });
    await em.admin.advanceClock(100);
    const b = await anon.getStableAccessToken({ appid: "wxapp", secret: "app-secret-123456" });
    expect(b.access_token).toBe(a.access_token);
    expect(b.expires_in).toBe(7100);
    const c = await anon.getStableAccessToken({
      appid: "wxapp",
      secret: "app-secret-123456",
      force_refresh: true,
    });
    expect(c.access_token).not.toBe(a.access_token);
    expect(c.expires_in).toBe(7200);
    await expectErrcode(anon.getStableAccessToken({ appid: "wxapp", secret: "nope-nope" }), 40125);
  });

  it("the platform flow: component token, then the authorizer token; errors on each credential", async () => {
    await expectErrcode(
      anon.getComponentAccessToken({
        component_appid: "wxcomponent",
        component_appsecret: "component-secret-1",
        component_verify_ticket: "stale-ticket",
      }),
      61006,
    );
    const { component_access_token } = await anon.getComponentAccessToken({
      component_appid: "wxcomponent",
      component_appsecret: "component-secret-1",
      component_verify_ticket: "ticket@@@xyz",
    });
    const req = {
      component_appid: "wxcomponent",
      authorizer_appid: "wxauthorized",
      authorizer_refresh_token: "refreshtoken@@@1",
    };
    await expectErrcode(anon.getAuthorizerAccessToken(req, "not-issued"), 40001);
    await expectErrcode(
      anon.getAuthorizerAccessToken(
        { ...req, authorizer_refresh_token: "wrong-one" },
        component_access_token,
      ),
      61023,
    );
    await expectErrcode(
      anon.getAuthorizerAccessToken({ ...req, authorizer_appid: "wxother" }, component_access_token),
      61007,
    );
    const res = await anon.getAuthorizerAccessToken(req, component_access_token);
    expect(res).toMatchObject({ expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@1" });
    const c = client(em.url, res.authorizer_access_token);
    const { auditid } = await c.submitAudit({});
    expect(await c.getAuditStatus({ auditid })).toMatchObject({ status: 2 });
    // A component token is no access_token.
    await expectErrcode(client(em.url, component_access_token).queryQuota(), 40001);
    await em.admin.advanceClock(7200);
    await expectErrcode(anon.getAuthorizerAccessToken(req, component_access_token), 42001);
  });

  it("the core platformToken provider works end to end against the emulator", async () => {
    const c = new WechatClient({
      baseUrl: em.url,
      retry: { maxAttempts: 1 },
      token: platformToken({
        componentAppId: "wxcomponent",
        componentAppSecret: "component-secret-1",
        componentVerifyTicket: "ticket@@@xyz",
        authorizerAppId: "wxauthorized",
        authorizerRefreshToken: "refreshtoken@@@1",
      }),
    });
    expect(await c.queryQuota()).toMatchObject({ errcode: 0 });
    await c.close();
  });

  it("platforms and authorizers can be added through the admin API", async () => {
    await em.admin.addPlatform({ appid: "wxcomp2", secret: "secret-two", verifyTicket: "ticket-two" });
    await em.admin.createTenant({
      name: "wxnewauth",
      authorizer: { componentAppId: "wxcomp2", refreshToken: "rt-two" },
    });
    const { component_access_token } = await anon.getComponentAccessToken({
      component_appid: "wxcomp2",
      component_appsecret: "secret-two",
      component_verify_ticket: "ticket-two",
    });
    const { authorizer_access_token } = await anon.getAuthorizerAccessToken(
      { component_appid: "wxcomp2", authorizer_appid: "wxnewauth", authorizer_refresh_token: "rt-two" },
      component_access_token,
    );
    await client(em.url, authorizer_access_token).queryQuota();
    // The component token of one platform does not serve another.
    await expectErrcode(
      anon.getAuthorizerAccessToken(
        {
          component_appid: "wxcomponent",
          authorizer_appid: "wxauthorized",
          authorizer_refresh_token: "refreshtoken@@@1",
        },
        component_access_token,
      ),
      40001,
    );
  });

  it("no secret in the journal or the snapshot", async () => {
    const issued = await anon.getAccessToken({ appid: "wxapp", secret: "app-secret-123456" });
    await client(em.url, issued.access_token).queryQuota();
    const text = JSON.stringify(await em.admin.journal()) + JSON.stringify(await em.admin.exportSnapshot());
    for (const secret of [
      "app-secret-123456",
      "component-secret-1",
      "ticket@@@xyz",
      "refreshtoken@@@1",
      issued.access_token,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe.each(HOSTS)("lenient tokens (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 2, config: CONFIG });
  });
  afterAll(() => em.close());

  it("every made-up token is its own tenant, named by a short hash", async () => {
    const t1 = freshToken();
    const t2 = freshToken();
    const { auditid } = await client(em.url, t1).submitAudit({});
    await expectErrcode(client(em.url, t2).getAuditStatus({ auditid }), 85012);
    const names = (await em.admin.tenants()).map((t) => t.name);
    expect(names).toContain(em.admin.tenantOf(t1));
    expect(em.admin.tenantOf(t1)).toMatch(/^tok-[0-9a-f]{12}$/);
    expect(JSON.stringify(names)).not.toContain(t1);
    expect(JSON.stringify(await em.admin.journal())).not.toContain(t1);
  });

  it("token endpoints issue for unknown appids, still check known secrets, and bind to the appid", async () => {
    const anon = client(em.url);
    const { access_token } = await anon.getAccessToken({ appid: "wxanything", secret: "whatever" });
    await client(em.url, access_token).submitAudit({});
    expect((await em.admin.tenant("wxanything")).auditIds).toHaveLength(1);
    await expectErrcode(anon.getAccessToken({ appid: "wxapp", secret: "wrong" }), 40125);
    const { component_access_token } = await anon.getComponentAccessToken({
      component_appid: "wxany",
      component_appsecret: "s",
      component_verify_ticket: "t",
    });
    const res = await anon.getAuthorizerAccessToken(
      { component_appid: "wxany", authorizer_appid: "wxsomeauth", authorizer_refresh_token: "r" },
      component_access_token,
    );
    await client(em.url, res.authorizer_access_token).queryQuota();
    await em.admin.advanceClock(7200);
    await expectErrcode(client(em.url, res.authorizer_access_token).queryQuota(), 42001);
  });
});
