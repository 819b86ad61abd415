/**
 * Each data source against the emulator when everything passes: the full state Terraform gets
 * (numbers as numbers, booleans as booleans, statuses with their names, defaults applied, every
 * configured value unchanged) and no diagnostic.
 */
import { type RunningEmulator, SUBJECT_NAME_WORDING, startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeAuditIn, FAST, type Harness, nicknameAuditIn, provider } from "./helpers.js";

let emu: RunningEmulator;
let p: Harness;
const TOKEN = "tfp-data-sources-token";

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "tfp-data-sources" });
  p = await provider(emu.url, TOKEN);
});
afterAll(async () => {
  await p?.logic.stop();
  await emu?.close();
});

describe("passing reads", () => {
  it("wechat_nickname_check: a clean name", async () => {
    const r = await p.read("wechat_nickname_check", { nick_name: "Quiet Harbor Books" });
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toMatchObject({
      nick_name: "Quiet Harbor Books",
      on_hit_condition: "warning",
      severity: "error",
      hit_condition: false,
      wording: "",
      hit_message: null,
      ok: true,
      outcome: "passed",
      message: 'WeChat nickname check passed for "Quiet Harbor Books"',
      errcode: 0,
      rid: null,
      meaning: null,
      category: null,
      endpoint: "checkNickName",
    });
  });

  it("wechat_nickname_audit: a succeeded rename", async () => {
    const id = await nicknameAuditIn(emu, TOKEN, "腾讯 Harbor", "succeeded");
    const r = await p.read("wechat_nickname_audit", { audit_id: id });
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toMatchObject({
      audit_id: id,
      expect: "succeeded",
      nickname: "腾讯 Harbor",
      audit_stat: 3,
      audit_stat_name: "succeeded",
      fail_reason: "",
      ok: true,
      outcome: "passed",
      errcode: 0,
      endpoint: "getNickNameStatus",
    });
    expect(typeof r.state?.create_time).toBe("number");
    expect(typeof r.state?.audit_time).toBe("number");
  });

  it("wechat_code_audit: an approved audit, configured values kept as given", async () => {
    const id = await codeAuditIn(emu, "tfp-ds-code", "approved");
    const q = await provider(emu.url, "tfp-ds-code");
    const r = await q.read("wechat_code_audit", { audit_id: id, severity: "warning", ...FAST });
    await q.logic.stop();
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toMatchObject({
      audit_id: id,
      allowed_statuses: ["approved"],
      severity: "warning",
      retry_base_delay_ms: 1,
      retry_max_attempts: 3,
      time_budget_ms: null,
      status: 0,
      status_name: "approved",
      reason: null,
      screenshots: [],
      ok: true,
      outcome: "passed",
      message: `WeChat code audit ${id} is approved (status 0)`,
    });
  });

  it("wechat_latest_code_audit: the newest audit, its id and submission", async () => {
    const id = await codeAuditIn(emu, "tfp-ds-latest", "deferred", { reason: "节假日顺延" });
    const q = await provider(emu.url, "tfp-ds-latest");
    const r = await q.read("wechat_latest_code_audit", { allowed_statuses: ["approved", "deferred"] });
    await q.logic.stop();
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toMatchObject({
      audit_id: id,
      status: 4,
      status_name: "deferred",
      reason: "节假日顺延",
      allowed_statuses: ["approved", "deferred"],
      ok: true,
      outcome: "passed",
      endpoint: "getLatestAuditStatus",
    });
    expect(typeof r.state?.submit_audit_time).toBe("number");
  });

  it("wechat_audit_quota: numbers, and min_rest met", async () => {
    const r = await p.read("wechat_audit_quota", { min_rest: 1 });
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toMatchObject({
      rest: expect.any(Number),
      limit: 20,
      speedup_limit: 1,
      ok: true,
      outcome: "passed",
    });
    expect(r.state?.rest as number).toBeGreaterThanOrEqual(1);
  });

  it("a keyword-policy name with on_hit_condition ignore: passes silently, hit shown in state", async () => {
    const r = await p.read("wechat_nickname_check", {
      nick_name: "腾讯 Books",
      on_hit_condition: "ignore",
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toMatchObject({
      ok: true,
      outcome: "hit_condition",
      hit_condition: true,
      wording: SUBJECT_NAME_WORDING,
      hit_message: `WeChat nickname "腾讯 Books" hits a keyword policy and needs supporting material: ${SUBJECT_NAME_WORDING}`,
    });
  });

  it("returns every schema attribute in state", async () => {
    const schema = p.logic.schema();
    const r = await p.read("wechat_audit_quota");
    expect(Object.keys(r.state ?? {}).sort()).toEqual(
      schema.dataSources.wechat_audit_quota!.attributes.map((a) => a.name).sort(),
    );
  });
});
