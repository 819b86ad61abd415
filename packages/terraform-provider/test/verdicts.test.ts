/**
 * Every verdict in both severities, as a user sees it: a failed expectation is an error (the
 * plan fails) or a warning (the plan goes on) naming the subject, errcode, meaning, reason and
 * screenshots, at the attribute concerned; the state is returned either way. WeChat unreachable,
 * a persisting -1 or a spent budget fail closed.
 */
import { describeErrcode } from "@wxa-audit/core";
import { type RunningEmulator, SUBJECT_NAME_WORDING, startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, codeAuditIn, type Harness, nicknameAuditIn, only, provider } from "./helpers.js";

let emu: RunningEmulator;
const open: Harness[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "tfp-verdicts" });
  await emu.admin.setNameRules({ forbiddenWords: ["Casino"] });
});
afterAll(async () => {
  for (const h of open) await h.logic.stop();
  await emu?.close();
});

async function as(token: string, config = {}): Promise<Harness> {
  const h = await provider(emu.url, token, config);
  open.push(h);
  return h;
}

const SEVERITIES = ["error", "warning"] as const;

describe.each(SEVERITIES)("severity %s", (severity) => {
  const tok = (s: string) => `tfp-verdict-${severity}-${s}`;

  it("nickname check: a forbidden name (53012) names the nickname, errcode and meaning at nick_name", async () => {
    const p = await as(tok("forbidden"));
    const r = await p.read("wechat_nickname_check", { nick_name: "Lucky Casino", severity });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(severity);
    expect(d.attribute).toEqual(["nick_name"]);
    expect(d.summary).toBe('WeChat nickname check failed for "Lucky Casino": errcode 53012');
    expect(d.detail).toContain(`errcode 53012 (${describeErrcode(53012)}) [rid `);
    expect(r.state).toMatchObject({
      ok: false,
      outcome: "errcode",
      errcode: 53012,
      meaning: describeErrcode(53012),
      category: "business_state",
      endpoint: "checkNickName",
      hit_condition: null,
      severity,
    });
    expect(r.state?.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(r.state?.message).toBe(d.detail?.split("\n\n")[0]);
  });

  it("nickname audit: failed, expected succeeded, names the id, nickname and reason at expect", async () => {
    const id = await nicknameAuditIn(emu, tok("nick"), "腾讯 Lighthouse", "failed", "材料不全");
    const p = await as(tok("nick"));
    const r = await p.read("wechat_nickname_audit", { audit_id: id, severity });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(severity);
    expect(d.attribute).toEqual(["expect"]);
    expect(d.detail).toContain(
      `WeChat nickname audit ${id} for "腾讯 Lighthouse" is failed (audit_stat 2), expected succeeded: 材料不全`,
    );
    expect(r.state).toMatchObject({ ok: false, outcome: "status", audit_stat: 2, audit_stat_name: "failed" });
  });

  it("nickname audit: in review passes with expect not_failed, fails with succeeded", async () => {
    const id = await nicknameAuditIn(emu, tok("review"), "腾讯 Review");
    const p = await as(tok("review"));
    expect(
      (await p.read("wechat_nickname_audit", { audit_id: id, severity, expect: "not_failed" })).diagnostics,
    ).toEqual([]);
    const r = await p.read("wechat_nickname_audit", { audit_id: id, severity });
    expect(only(r.diagnostics).severity).toBe(severity);
    expect(r.state).toMatchObject({ ok: false, audit_stat_name: "in_review" });
  });

  it("code audit: rejected names id, status, reason and screenshot ids at allowed_statuses", async () => {
    const id = await codeAuditIn(emu, tok("rejected"), "rejected", {
      reason: "页面内容不完整",
      screenshot: "media1|media2",
    });
    const p = await as(tok("rejected"));
    const r = await p.read("wechat_code_audit", { audit_id: id, severity });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(severity);
    expect(d.attribute).toEqual(["allowed_statuses"]);
    expect(d.summary).toBe(`WeChat code audit ${id} is rejected`);
    expect(d.detail).toContain(
      `WeChat code audit ${id} is rejected (status 1), expected approved: 页面内容不完整 (screenshots: media1, media2)`,
    );
    expect(r.state).toMatchObject({
      ok: false,
      outcome: "status",
      status: 1,
      status_name: "rejected",
      reason: "页面内容不完整",
      screenshot: "media1|media2",
      screenshots: ["media1", "media2"],
      errcode: 0,
    });
  });

  it("code audit: an unknown id (85012) at audit_id", async () => {
    const p = await as(tok("unknown-id"));
    const r = await p.read("wechat_code_audit", { audit_id: 999999999, severity });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(severity);
    expect(d.attribute).toEqual(["audit_id"]);
    expect(d.detail).toContain(
      `WeChat code audit 999999999 could not be read: errcode 85012 (${describeErrcode(85012)})`,
    );
    expect(r.state).toMatchObject({ ok: false, outcome: "errcode", errcode: 85012, status: null });
  });

  it("latest code audit: in review is not approved", async () => {
    const id = await codeAuditIn(emu, tok("latest"));
    const p = await as(tok("latest"));
    const r = await p.read("wechat_latest_code_audit", { severity });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(severity);
    expect(d.attribute).toEqual(["allowed_statuses"]);
    expect(d.detail).toContain(`WeChat latest code audit ${id} is in_review (status 2), expected approved`);
    expect(r.state).toMatchObject({ audit_id: id, status: 2, ok: false });
  });

  it("latest code audit: nothing submitted (85058), no attribute to point at", async () => {
    const p = await as(tok("never"));
    const r = await p.read("wechat_latest_code_audit", { severity });
    const d = only(r.diagnostics);
    expect(d.attribute).toBeUndefined();
    expect(d.detail).toContain("WeChat latest code audit could not be read: errcode 85058");
  });

  it("audit quota: rest below min_rest at min_rest", async () => {
    const p = await as(tok("quota"));
    const r = await p.read("wechat_audit_quota", { min_rest: 1000, severity });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(severity);
    expect(d.attribute).toEqual(["min_rest"]);
    expect(d.detail).toMatch(
      /WeChat audit quota: \d+ of \d+ release audits left this month .*, expected at least 1000 \(min_rest\)/,
    );
    expect(r.state).toMatchObject({ ok: false, outcome: "status", min_rest: 1000 });
  });

  it("-1 twice then an answer: retried, passes", async () => {
    const id = await codeAuditIn(emu, tok("flaky"), "approved");
    const p = await as(tok("flaky"));
    await emu.admin.addFault({ endpoint: "getAuditStatus", match: { auditid: id }, errcode: -1, times: 2 });
    const r = await p.read("wechat_code_audit", { audit_id: id, severity, retry_max_attempts: 5 });
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toMatchObject({ ok: true, status: 0 });
    expect(
      await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant: emu.admin.tenantOf(tok("flaky")) }),
    ).toBe(3);
  });

  it("-1 forever: fails closed after the attempts", async () => {
    const id = await codeAuditIn(emu, tok("busy"), "approved");
    const p = await as(tok("busy"));
    await emu.admin.addFault({ endpoint: "getAuditStatus", match: { auditid: id }, errcode: -1 });
    const r = await p.read("wechat_code_audit", { audit_id: id, severity, retry_max_attempts: 3 });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(severity);
    expect(d.detail).toContain(`errcode -1 (${describeErrcode(-1)})`);
    expect(r.state).toMatchObject({
      ok: false,
      outcome: "errcode",
      errcode: -1,
      category: "retryable",
      status: null,
    });
    expect(
      await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant: emu.admin.tenantOf(tok("busy")) }),
    ).toBe(3);
  });

  it("WeChat unreachable (a closed port): fails closed, errcode null", async () => {
    const port = await closedPort();
    const p = await provider(`http://127.0.0.1:${port}`, tok("closed"));
    open.push(p);
    const r = await p.read("wechat_code_audit", { audit_id: 1, severity });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(severity);
    expect(d.summary).toBe("WeChat code audit 1: WeChat unreachable");
    expect(d.detail).toContain(
      `could not reach WeChat at 127.0.0.1:${port} (connect: cannot connect); failing closed`,
    );
    expect(r.state).toMatchObject({
      ok: false,
      outcome: "unreachable",
      errcode: null,
      errmsg: null,
      status: null,
    });
  });

  it("budget spent (WeChat slower than the budget): fails closed", async () => {
    const id = await codeAuditIn(emu, tok("slow"), "approved");
    const p = await as(tok("slow"));
    await emu.admin.addFault({ endpoint: "getAuditStatus", match: { auditid: id }, latencyMs: 5_000 });
    const r = await p.read("wechat_code_audit", { audit_id: id, severity, time_budget_ms: 200 });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(severity);
    expect(d.detail).toMatch(
      /^WeChat code audit \d+ did not finish within its 200 ms time budget.*; failing closed/,
    );
    expect(r.state).toMatchObject({ ok: false, outcome: "budget_spent", errcode: null, time_budget_ms: 200 });
  });
});

describe("keyword policy follows on_hit_condition, not severity", () => {
  it.each([
    ["error", "error"],
    ["warning", "warning"],
  ] as const)("on_hit_condition %s: a %s at on_hit_condition, ok stays true", async (onHit, expected) => {
    const p = await as(`tfp-hit-${onHit}`);
    const r = await p.read("wechat_nickname_check", {
      nick_name: "腾讯 Foo",
      on_hit_condition: onHit,
      severity: "warning",
    });
    const d = only(r.diagnostics);
    expect(d.severity).toBe(expected);
    expect(d.attribute).toEqual(["on_hit_condition"]);
    expect(d.detail).toContain(
      `WeChat nickname "腾讯 Foo" hits a keyword policy and needs supporting material: ${SUBJECT_NAME_WORDING}`,
    );
    expect(r.state).toMatchObject({ ok: true, outcome: "hit_condition", hit_condition: true });
  });
});

describe("credentials", () => {
  it("none: an error on the provider config, never a crash", async () => {
    const { createProviderLogic } = await import("../src/provider/index.js");
    const { providerConfig } = await import("./helpers.js");
    const logic = createProviderLogic({ env: {} });
    const d = only(await logic.configure(providerConfig({ base_url: emu.url })));
    expect(d).toMatchObject({
      severity: "error",
      summary: "No WeChat credentials",
      attribute: ["access_token"],
    });
    expect(d.detail).toContain("WECHAT_ACCESS_TOKEN");
    const r = await logic.readDataSource(
      "wechat_audit_quota",
      (await import("./helpers.js")).dsConfig("wechat_audit_quota"),
    );
    expect(only(r.diagnostics).summary).toBe("Provider not configured");
  });

  it("an incomplete platform flow names what is missing, with renamed variables", async () => {
    const { createProviderLogic } = await import("../src/provider/index.js");
    const { providerConfig } = await import("./helpers.js");
    const logic = createProviderLogic({ env: { MY_APPID: "wxcomponent1" } });
    const diags = await logic.configure(providerConfig({ env_names: { component_appid: "MY_APPID" } }));
    expect(diags.map((d) => d.attribute)).toEqual([
      ["component_appsecret"],
      ["component_verify_ticket"],
      ["authorizer_appid"],
      ["authorizer_refresh_token"],
    ]);
    expect(diags[0]?.detail).toContain("component_appsecret (or WECHAT_COMPONENT_APPSECRET) is not set");
  });
});
