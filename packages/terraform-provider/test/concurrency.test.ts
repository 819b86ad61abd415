/**
 * One plan, one provider's worth of work: Terraform reads up to 10 data sources at once. Answers
 * stay right under that, the platform flow fetches one token pair for all of them, identical
 * reads are answered once, and a failure is not remembered.
 */
import { platformToken, type StoredToken, type TokenStore, WechatClient } from "@wxa-audit/core";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProviderLogic } from "../src/provider/index.js";
import { codeAuditIn, dsConfig, FAST, freshDir, provider, providerConfig } from "./helpers.js";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "tfp-concurrency" });
});
afterAll(async () => {
  await emu?.close();
});

const PLATFORM = {
  component_appid: "wxcomponentconc",
  component_appsecret: "component-secret-value-1",
  component_verify_ticket: "ticket@@@concurrency-1",
  authorizer_appid: "wxauthorizedconc",
  authorizer_refresh_token: "refreshtoken@@@concurrency-1",
};

/** Audits of the authorizer's tenant, made through the platform flow by a client of our own. */
async function platformAudits(statuses: ("approved" | "rejected" | "withdrawn")[]): Promise<number[]> {
  const wx = new WechatClient({
    baseUrl: emu.url,
    token: platformToken({
      componentAppId: PLATFORM.component_appid,
      componentAppSecret: PLATFORM.component_appsecret,
      componentVerifyTicket: PLATFORM.component_verify_ticket,
      authorizerAppId: PLATFORM.authorizer_appid,
      authorizerRefreshToken: PLATFORM.authorizer_refresh_token,
    }),
  });
  try {
    const ids: number[] = [];
    for (const to of statuses) {
      const { auditid } = await wx.submitAudit({});
      // Each leaves review, so the tenant may submit the next (85009 otherwise).
      await emu.admin.transitionAudit(auditid, { to });
      ids.push(auditid);
    }
    return ids;
  } finally {
    await wx.close();
  }
}

describe("platform flow", () => {
  it("12 parallel reads: one component token and one authorizer token, each answer its own", async () => {
    const statuses = ["approved", "rejected", "withdrawn"] as const;
    const wanted = Array.from({ length: 12 }, (_, i) => statuses[i % 3]!);
    const ids = await platformAudits([...wanted]);
    const before = {
      component: await emu.admin.journalCount({ endpoint: "getComponentAccessToken" }),
      authorizer: await emu.admin.journalCount({ endpoint: "getAuthorizerAccessToken" }),
    };
    const logic = createProviderLogic({ env: { WXA_TOKEN_CACHE_DIR: freshDir(), ...envOf(PLATFORM) } });
    expect(await logic.configure(providerConfig({ base_url: emu.url, ...FAST }))).toEqual([]);
    const results = await Promise.all(
      ids.map((id) =>
        logic.readDataSource(
          "wechat_code_audit",
          dsConfig("wechat_code_audit", {
            audit_id: id,
            allowed_statuses: ["approved", "rejected", "withdrawn"],
          }),
        ),
      ),
    );
    await logic.stop();
    expect(results.map((r) => r.diagnostics)).toEqual(ids.map(() => []));
    expect(results.map((r) => [r.state?.audit_id, r.state?.status_name])).toEqual(
      ids.map((id, i) => [id, wanted[i]]),
    );
    expect(await emu.admin.journalCount({ endpoint: "getComponentAccessToken" })).toBe(before.component + 1);
    expect(await emu.admin.journalCount({ endpoint: "getAuthorizerAccessToken" })).toBe(
      before.authorizer + 1,
    );
  });

  it("a second provider process of the day reuses the tokens through the on-disk store", async () => {
    const dir = freshDir();
    const env = { WXA_TOKEN_CACHE_DIR: dir, ...envOf(PLATFORM) };
    const before = await emu.admin.journalCount({ endpoint: "getAuthorizerAccessToken" });
    for (let i = 0; i < 2; i++) {
      const logic = createProviderLogic({ env });
      await logic.configure(providerConfig({ base_url: emu.url, ...FAST }));
      const r = await logic.readDataSource("wechat_audit_quota", dsConfig("wechat_audit_quota"));
      expect(r.state?.ok).toBe(true);
      await logic.stop();
    }
    expect(await emu.admin.journalCount({ endpoint: "getAuthorizerAccessToken" })).toBe(before + 1);
  });

  it("tokens pass through an injected store (the on-disk one's seam)", async () => {
    const seen = new Map<string, StoredToken>();
    const store: TokenStore = {
      get: async (k) => seen.get(k),
      set: async (k, v) => void seen.set(k, v),
      delete: async (k) => void seen.delete(k),
    };
    const logic = createProviderLogic({ env: envOf(PLATFORM), tokenStore: store });
    await logic.configure(providerConfig({ base_url: emu.url, ...FAST }));
    await logic.readDataSource("wechat_audit_quota", dsConfig("wechat_audit_quota"));
    await logic.stop();
    expect([...seen.keys()].sort()).toEqual([
      `authorizer:${PLATFORM.component_appid}:${PLATFORM.authorizer_appid}`,
      `component:${PLATFORM.component_appid}`,
    ]);
  });
});

describe("identical reads", () => {
  it("10 identical reads at once are one WeChat call; a different one is its own", async () => {
    const token = "tfp-dedup-token";
    const id = await codeAuditIn(emu, token, "approved");
    const p = await provider(emu.url, token);
    const reads = await Promise.all(
      Array.from({ length: 10 }, () => p.read("wechat_code_audit", { audit_id: id })),
    );
    expect(new Set(reads.map((r) => JSON.stringify(r)))).toHaveProperty("size", 1);
    expect(reads[0]?.state?.ok).toBe(true);
    const tenant = emu.admin.tenantOf(token);
    expect(await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant })).toBe(1);
    // Same request, other settings: another call (its budget is its own).
    await p.read("wechat_code_audit", { audit_id: id, time_budget_ms: 20_000 });
    // Same request later in the plan: still answered from the first.
    await p.read("wechat_code_audit", { audit_id: id, severity: "warning" });
    expect(await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant })).toBe(2);
    await p.logic.stop();
  });

  it("a failure is not remembered: the next identical read asks again", async () => {
    const token = "tfp-dedup-failure";
    const id = await codeAuditIn(emu, token, "approved");
    const p = await provider(emu.url, token, { retry_max_attempts: 1 });
    await emu.admin.addFault({ endpoint: "getAuditStatus", match: { auditid: id }, errcode: -1, times: 1 });
    expect((await p.read("wechat_code_audit", { audit_id: id })).state?.outcome).toBe("errcode");
    expect((await p.read("wechat_code_audit", { audit_id: id })).state?.outcome).toBe("passed");
    await p.logic.stop();
  });
});

function envOf(p: typeof PLATFORM): Record<string, string> {
  return {
    WECHAT_COMPONENT_APPID: p.component_appid,
    WECHAT_COMPONENT_APPSECRET: p.component_appsecret,
    WECHAT_COMPONENT_VERIFY_TICKET: p.component_verify_ticket,
    WECHAT_AUTHORIZER_APPID: p.authorizer_appid,
    WECHAT_AUTHORIZER_REFRESH_TOKEN: p.authorizer_refresh_token,
  };
}

describe("stop", () => {
  it("cancels reads in flight: they fail closed at once instead of waiting out WeChat", async () => {
    const token = "tfp-stop-token";
    const id = await codeAuditIn(emu, token, "approved");
    const p = await provider(emu.url, token);
    await emu.admin.addFault({ endpoint: "getAuditStatus", match: { auditid: id }, latencyMs: 30_000 });
    const pending = Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        p.read("wechat_code_audit", { audit_id: id, time_budget_ms: 60_000 + i }),
      ),
    );
    // Stop once all three calls reached the emulator.
    while (
      (await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant: emu.admin.tenantOf(token) })) < 3
    ) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await p.logic.stop();
    const results = await pending;
    expect(results.map((r) => [r.state?.ok, r.state?.outcome])).toEqual([
      [false, "budget_spent"],
      [false, "budget_spent"],
      [false, "budget_spent"],
    ]);
    await emu.admin.clearFaults();
  });

  it("configure again replaces the session: new settings, no stale answers", async () => {
    const token = "tfp-reconfigure";
    const id = await codeAuditIn(emu, token);
    const p = await provider(emu.url, token);
    expect((await p.read("wechat_code_audit", { audit_id: id })).state?.status_name).toBe("in_review");
    await emu.admin.transitionAudit(id, { to: "approved" });
    await p.logic.configure(providerConfig({ base_url: emu.url, access_token: token, ...FAST }));
    expect((await p.read("wechat_code_audit", { audit_id: id })).state?.status_name).toBe("approved");
    await p.logic.stop();
  });
});
