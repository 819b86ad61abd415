/**
 * resolveProviderConfig: what a configured provider ends up using, the provider block over the
 * environment (with renamed variables), which credential flow applies, and what it refuses,
 * each refusal an error at the attribute to fix. Offline: nothing is called.
 */
import { DEFAULT_BASE_URL } from "@wxa-audit/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_CALL_SETTINGS } from "../src/provider/call-settings.js";
import { UNKNOWN } from "../src/provider/contract.js";
import { resolveProviderConfig, validateProviderConfig } from "../src/provider/provider-config.js";
import { providerConfig } from "./helpers.js";

const PLATFORM_ENV = {
  WECHAT_COMPONENT_APPID: "wxcomponent-env",
  WECHAT_COMPONENT_APPSECRET: "component-secret-env",
  WECHAT_COMPONENT_VERIFY_TICKET: "ticket@@@env",
  WECHAT_AUTHORIZER_APPID: "wxauthorizer-env",
  WECHAT_AUTHORIZER_REFRESH_TOKEN: "refreshtoken@@@env",
};

function resolved(config: Parameters<typeof providerConfig>[0], env: NodeJS.ProcessEnv) {
  const r = resolveProviderConfig(providerConfig(config), env);
  if (r.ok !== true) throw new Error(`not resolved: ${JSON.stringify(r)}`);
  return r.config;
}

function refused(config: Parameters<typeof providerConfig>[0], env: NodeJS.ProcessEnv) {
  const r = resolveProviderConfig(providerConfig(config), env);
  if (r.ok !== false) throw new Error(`not refused: ${JSON.stringify(r)}`);
  return r.diagnostics;
}

describe("base URL", () => {
  it("WeChat's by default; WECHAT_API_BASE_URL over that; base_url over both", () => {
    const env = { WECHAT_ACCESS_TOKEN: "token-abcdef" };
    expect(resolved({}, env).baseUrl).toBe(DEFAULT_BASE_URL);
    expect(resolved({}, { ...env, WECHAT_API_BASE_URL: "" }).baseUrl).toBe(DEFAULT_BASE_URL);
    expect(resolved({}, { ...env, WECHAT_API_BASE_URL: "http://127.0.0.1:8080" }).baseUrl).toBe(
      "http://127.0.0.1:8080",
    );
    expect(
      resolved(
        { base_url: "http://127.0.0.1:9090" },
        { ...env, WECHAT_API_BASE_URL: "http://127.0.0.1:8080" },
      ).baseUrl,
    ).toBe("http://127.0.0.1:9090");
  });

  it("a bad WECHAT_API_BASE_URL is an error that names the variable, at base_url", () => {
    const [d, ...rest] = refused({}, { WECHAT_ACCESS_TOKEN: "token-abcdef", WECHAT_API_BASE_URL: "ftp://x" });
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: "error",
      attribute: ["base_url"],
      summary: "Invalid WECHAT_API_BASE_URL",
      detail: "WECHAT_API_BASE_URL must use http or https, not ftp.",
    });
  });

  it("a fragment is refused; a plain path is fine", () => {
    expect(validateProviderConfig(providerConfig({ base_url: "https://api.example/#x" }))).toMatchObject([
      { attribute: ["base_url"], detail: "base_url must not carry a fragment." },
    ]);
    expect(validateProviderConfig(providerConfig({ base_url: "https://api.example/wechat" }))).toEqual([]);
  });
});

describe("credentials", () => {
  it("an access token: from the block over the environment, renamable", () => {
    expect(resolved({}, { WECHAT_ACCESS_TOKEN: "env-token-1" }).credentials).toEqual({
      kind: "access_token",
      accessToken: "env-token-1",
    });
    expect(
      resolved({ access_token: "block-token-1" }, { WECHAT_ACCESS_TOKEN: "env-token-1" }).credentials,
    ).toEqual({ kind: "access_token", accessToken: "block-token-1" });
    expect(
      resolved(
        { env_names: { access_token: "MY_TOKEN" } },
        { MY_TOKEN: "renamed-token-1", WECHAT_ACCESS_TOKEN: "default-token-1" },
      ).credentials,
    ).toEqual({ kind: "access_token", accessToken: "renamed-token-1" });
    // An empty variable counts as unset.
    expect(refused({}, { WECHAT_ACCESS_TOKEN: "" })[0]?.summary).toBe("No WeChat credentials");
  });

  it("an access token wins over a complete platform flow", () => {
    expect(resolved({}, { ...PLATFORM_ENV, WECHAT_ACCESS_TOKEN: "env-token-2" }).credentials.kind).toBe(
      "access_token",
    );
  });

  it("the platform flow from the environment, one attribute renamed, one set in the block", () => {
    const { WECHAT_COMPONENT_APPSECRET: _secret, WECHAT_AUTHORIZER_APPID: _appid, ...rest } = PLATFORM_ENV;
    const c = resolved(
      { authorizer_appid: "wxauthorizer-block", env_names: { component_appsecret: "MY_SECRET" } },
      { ...rest, MY_SECRET: "renamed-secret-1" },
    );
    expect(c.credentials).toEqual({
      kind: "platform",
      componentAppId: "wxcomponent-env",
      componentAppSecret: "renamed-secret-1",
      componentVerifyTicket: "ticket@@@env",
      authorizerAppId: "wxauthorizer-block",
      authorizerRefreshToken: "refreshtoken@@@env",
    });
    // Every credential found is scrubbed from what the provider says, not-so-secret ones too.
    expect([...c.secretValues].sort()).toEqual(
      [
        "wxcomponent-env",
        "renamed-secret-1",
        "ticket@@@env",
        "wxauthorizer-block",
        "refreshtoken@@@env",
      ].sort(),
    );
  });

  it("none: one error at access_token naming every variable it could come from", () => {
    const [d, ...rest] = refused({ env_names: { component_appid: "MY_APPID" } }, {});
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: "error",
      attribute: ["access_token"],
      summary: "No WeChat credentials",
    });
    for (const source of [
      "access_token (or WECHAT_ACCESS_TOKEN)",
      "component_appid (or MY_APPID)",
      "component_appsecret (or WECHAT_COMPONENT_APPSECRET)",
      "component_verify_ticket (or WECHAT_COMPONENT_VERIFY_TICKET)",
      "authorizer_appid (or WECHAT_AUTHORIZER_APPID)",
      "authorizer_refresh_token (or WECHAT_AUTHORIZER_REFRESH_TOKEN)",
    ])
      expect(d?.detail).toContain(source);
  });

  it("an incomplete platform flow: one error per missing attribute, at it", () => {
    const { WECHAT_COMPONENT_VERIFY_TICKET: _t, ...rest } = PLATFORM_ENV;
    const diags = refused({}, rest);
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({
      severity: "error",
      attribute: ["component_verify_ticket"],
      summary: "Platform flow incomplete",
    });
  });

  it("an empty credential in the block is an error at it, naming the variable to use instead", () => {
    const diags = refused({ component_appsecret: "" }, { WECHAT_ACCESS_TOKEN: "token-abcdef" });
    expect(diags).toEqual([
      expect.objectContaining({
        severity: "error",
        attribute: ["component_appsecret"],
        summary: "Empty component_appsecret",
      }),
    ]);
    expect(diags[0]?.detail).toContain("WECHAT_COMPONENT_APPSECRET");
  });
});

describe("settings, env_names and unknown values", () => {
  it("call settings: the defaults, or the block's", () => {
    const env = { WECHAT_ACCESS_TOKEN: "token-abcdef" };
    expect(resolved({}, env).settings).toEqual(DEFAULT_CALL_SETTINGS);
    expect(resolved({ time_budget_ms: 1234, retry_max_attempts: 2 }, env).settings).toEqual({
      ...DEFAULT_CALL_SETTINGS,
      timeBudgetMs: 1234,
      retryMaxAttempts: 2,
    });
  });

  it("env_names: a bad variable name is an error at its key; an unknown map is skipped", () => {
    expect(validateProviderConfig(providerConfig({ env_names: { access_token: "1ST" } }))).toMatchObject([
      { attribute: ["env_names", "access_token"], summary: "Invalid environment variable name" },
    ]);
    expect(validateProviderConfig(providerConfig({ env_names: { access_token: "_OK_1" } }))).toEqual([]);
    expect(validateProviderConfig(providerConfig({ env_names: UNKNOWN }))).toEqual([]);
    expect(validateProviderConfig(providerConfig({ env_names: { access_token: UNKNOWN } }))).toEqual([]);
  });

  it("an unknown attribute defers the whole resolution to it", () => {
    expect(
      resolveProviderConfig(providerConfig({ env_names: { access_token: UNKNOWN } }), {
        WECHAT_ACCESS_TOKEN: "token-abcdef",
      }),
    ).toEqual({ ok: "unknown", attribute: "env_names" });
  });
});

describe("what each refusal says", () => {
  const pv = (values: Parameters<typeof providerConfig>[0]) => validateProviderConfig(providerConfig(values));

  it("base_url: a user name alone is a credential too", () => {
    expect(pv({ base_url: "https://user@api.example" })).toEqual([
      {
        severity: "error",
        attribute: ["base_url"],
        summary: "Invalid base_url",
        detail: "base_url must not carry credentials: it shows in plan output.",
      },
    ]);
  });

  it("env_names: an unknown key lists the known ones; a bad name is quoted back", () => {
    expect(pv({ env_names: { appsecret: "X" } })).toEqual([
      {
        severity: "error",
        attribute: ["env_names", "appsecret"],
        summary: "Invalid env_names key",
        detail:
          '"appsecret" is not one of access_token, component_appid, component_appsecret, component_verify_ticket, authorizer_appid, authorizer_refresh_token.',
      },
    ]);
    expect(pv({ env_names: { access_token: "MY TOKEN" } })).toEqual([
      {
        severity: "error",
        attribute: ["env_names", "access_token"],
        summary: "Invalid environment variable name",
        detail: 'env_names.access_token must be a variable name (letters, digits, _), got "MY TOKEN".',
      },
    ]);
  });

  it("an empty credential names the variable it would otherwise come from", () => {
    expect(pv({ access_token: "" })).toEqual([
      {
        severity: "error",
        attribute: ["access_token"],
        summary: "Empty access_token",
        detail: "access_token is set but empty; leave it unset to read WECHAT_ACCESS_TOKEN.",
      },
    ]);
  });

  it("an incomplete platform flow lists what the flow needs", () => {
    const { WECHAT_AUTHORIZER_APPID: _a, ...rest } = PLATFORM_ENV;
    expect(refused({}, rest)).toEqual([
      {
        severity: "error",
        attribute: ["authorizer_appid"],
        summary: "Platform flow incomplete",
        detail:
          "authorizer_appid (or WECHAT_AUTHORIZER_APPID) is not set; the platform flow needs component_appid, component_appsecret, component_verify_ticket, authorizer_appid, authorizer_refresh_token.",
      },
    ]);
  });

  it("no credentials: the whole sentence", () => {
    expect(refused({}, {})[0]?.detail).toBe(
      "Set access_token (or WECHAT_ACCESS_TOKEN), or the platform flow's component_appid (or WECHAT_COMPONENT_APPID), component_appsecret (or WECHAT_COMPONENT_APPSECRET), component_verify_ticket (or WECHAT_COMPONENT_VERIFY_TICKET), authorizer_appid (or WECHAT_AUTHORIZER_APPID), authorizer_refresh_token (or WECHAT_AUTHORIZER_REFRESH_TOKEN) in the environment of plan.",
    );
  });
});
