/**
 * No secret in any diagnostic or state: configured credentials, values read from the
 * environment, and every token the provider fetched, across passing and failing reads.
 */
import type { StoredToken, TokenStore } from "@wxa-audit/core";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProviderLogic } from "../src/provider/index.js";
import { closedPort, dsConfig, FAST, providerConfig, strings } from "./helpers.js";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "tfp-secrets" });
  await emu.admin.setNameRules({ forbiddenWords: ["Casino"] });
});
afterAll(async () => {
  await emu?.close();
});

const SECRETS = {
  component_appsecret: "component-secret-SCAN-1",
  component_verify_ticket: "ticket@@@SCAN-verify-2",
  authorizer_refresh_token: "refreshtoken@@@SCAN-3",
};

/** Reads that pass and fail in every way, including faults that echo request data. */
const READS: [string, Record<string, unknown>][] = [
  ["wechat_nickname_check", { nick_name: "Lucky Casino" }],
  ["wechat_nickname_check", { nick_name: "腾讯 Scan", on_hit_condition: "error" }],
  ["wechat_code_audit", { audit_id: 424242 }],
  ["wechat_latest_code_audit", {}],
  ["wechat_audit_quota", { min_rest: 100000, severity: "warning" }],
  ["wechat_nickname_audit", { audit_id: 77, time_budget_ms: 150 }],
];

describe("secrets never leave", () => {
  it("platform flow: configured secrets and fetched tokens appear in no diagnostic or state", async () => {
    const fetched: string[] = [];
    const store: TokenStore = {
      get: async () => undefined,
      set: async (_k, v: StoredToken) => void fetched.push(v.token),
      delete: async () => {},
    };
    const logic = createProviderLogic({ env: {}, tokenStore: store });
    expect(
      await logic.configure(
        providerConfig({
          base_url: emu.url,
          component_appid: "wxcomponentscan",
          authorizer_appid: "wxappscan",
          ...SECRETS,
          ...FAST,
        }),
      ),
    ).toEqual([]);
    await emu.admin.addFault({ endpoint: "getNickNameStatus", latencyMs: 2_000 });
    await emu.admin.addFault({ endpoint: "getAuditStatus", errcode: 40001 });
    const results = await Promise.all(
      READS.map(([t, v]) => logic.readDataSource(t, dsConfig(t, v as never))),
    );
    await logic.stop();
    await emu.admin.clearFaults();
    expect(fetched.length).toBeGreaterThanOrEqual(2);
    const out = strings(results);
    expect(out.length).toBeGreaterThan(50);
    for (const secret of [...Object.values(SECRETS), ...fetched]) {
      for (const s of out) expect(s).not.toContain(secret);
    }
    // The failures really happened: a token-refresh errcode, a spent budget, an error diagnostic.
    expect(results.map((r) => r.state?.outcome)).toEqual([
      "errcode",
      "hit_condition",
      "errcode",
      "errcode",
      "status",
      "budget_spent",
    ]);
  });

  it("a token from the environment is scrubbed even when WeChat echoes it", async () => {
    const token = "env-token-SCAN-0123456789";
    const port = await closedPort();
    const logic = createProviderLogic({ env: { WECHAT_ACCESS_TOKEN: token } });
    await logic.configure(providerConfig({ base_url: `http://127.0.0.1:${port}`, ...FAST }));
    const r = await logic.readDataSource("wechat_code_audit", dsConfig("wechat_code_audit", { audit_id: 1 }));
    await logic.stop();
    expect(r.state?.outcome).toBe("unreachable");
    for (const s of strings(r)) expect(s).not.toContain(token);
  });

  it("configure's own diagnostics carry names, never values", async () => {
    const logic = createProviderLogic({ env: { WECHAT_COMPONENT_APPSECRET: SECRETS.component_appsecret } });
    const diags = await logic.configure(
      providerConfig({ authorizer_refresh_token: SECRETS.authorizer_refresh_token }),
    );
    expect(diags.length).toBeGreaterThan(0);
    for (const s of strings(diags)) for (const v of Object.values(SECRETS)) expect(s).not.toContain(v);
  });
});
