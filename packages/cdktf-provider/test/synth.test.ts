// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform references, meant literally
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  AuditStatus,
  DataWechatCodeAudit,
  DataWechatNicknameCheck,
  WechatAuditQuota,
  WechatCodeAudit,
  WechatLatestCodeAudit,
  WechatNicknameAudit,
  WechatNicknameCheck,
  WechatProvider,
} from "../src/index.js";
import { type Json, onlyData, synth, wechatProviders } from "./helpers.js";

const SEVERITIES = ["error", "warning"] as const;

describe.each(SEVERITIES)("severity %s", (severity) => {
  const noCondition = (block: Json) => {
    // The provider decides: no postconditions, no check blocks.
    expect(block.lifecycle).toBeUndefined();
  };

  it("WechatNicknameCheck → data.wechat_nickname_check", () => {
    const { json, text } = synth((s) => {
      new WechatNicknameCheck(s, "name", { nickName: "Tencent Foo", severity, onHitCondition: "ignore" });
    });
    const { block } = onlyData(json, "wechat_nickname_check");
    expect(block).toMatchObject({ nick_name: "Tencent Foo", on_hit_condition: "ignore", severity });
    noCondition(block);
    expect(json.check).toBeUndefined();
    expect(text).toHaveWechatCheck({
      kind: "nickname_check",
      severity,
      attributes: { nick_name: "Tencent Foo" },
    });
  });

  it("WechatNicknameAudit → data.wechat_nickname_audit, not-failed sent as not_failed", () => {
    const { json } = synth((s) => {
      new WechatNicknameAudit(s, "rename", { auditId: "42", expect: "not-failed", severity });
    });
    const { block } = onlyData(json, "wechat_nickname_audit");
    expect(block).toMatchObject({ audit_id: 42, expect: "not_failed", severity });
    noCondition(block);
  });

  it("WechatCodeAudit → data.wechat_code_audit, statuses by core's names", () => {
    const { json } = synth((s) => {
      new WechatCodeAudit(s, "release", {
        auditId: 1234567,
        allowedStatuses: [AuditStatus.Approved, AuditStatus.Deferred, AuditStatus.Approved],
        severity,
        timeBudgetMs: 5000,
        retryBaseDelayMs: 0,
        retryMaxAttempts: 2,
        requestTimeoutMs: 1000,
      });
    });
    const { block } = onlyData(json, "wechat_code_audit");
    expect(block).toMatchObject({
      audit_id: 1234567,
      allowed_statuses: ["approved", "deferred"],
      severity,
      time_budget_ms: 5000,
      retry_base_delay_ms: 0,
      retry_max_attempts: 2,
      request_timeout_ms: 1000,
    });
    noCondition(block);
  });

  it("WechatLatestCodeAudit → data.wechat_latest_code_audit, approved by default", () => {
    const { json } = synth((s) => {
      new WechatLatestCodeAudit(s, "latest", { severity });
    });
    const { block } = onlyData(json, "wechat_latest_code_audit");
    expect(block).toEqual(expect.objectContaining({ allowed_statuses: ["approved"], severity }));
    expect(block.time_budget_ms).toBeUndefined();
    noCondition(block);
  });

  it("WechatAuditQuota → data.wechat_audit_quota", () => {
    const { json, text } = synth((s) => {
      new WechatAuditQuota(s, "quota", { minRest: 3, severity });
    });
    const { block } = onlyData(json, "wechat_audit_quota");
    expect(block).toMatchObject({ min_rest: 3, severity });
    expect(text).toHaveWechatCheck({ kind: "audit_quota", severity });
  });
});

describe("the provider", () => {
  it("is declared once, with its source and constraint, however many checks", () => {
    const { json, text } = synth((s) => {
      new WechatNicknameCheck(s, "a", { nickName: "A" });
      new WechatCodeAudit(s, "b", { auditId: 1 });
      new WechatAuditQuota(s, "c");
    });
    expect(text).toHaveProviderCount("wechat", 1);
    expect(wechatProviders(json)).toEqual([{}]);
    expect(json.terraform.required_providers.wechat).toEqual({
      source: "wxa-audit/wechat",
      version: expect.stringMatching(/^~> \d+\.\d+$/),
    });
    for (const type of ["wechat_nickname_check", "wechat_code_audit", "wechat_audit_quota"]) {
      expect(onlyData(json, type).block.provider).toBeUndefined();
    }
  });

  it("is not declared when the user declared one, before or after the checks", () => {
    for (const userFirst of [true, false]) {
      const { json } = synth((s) => {
        if (userFirst) new WechatProvider(s, "mine", { requestTimeoutMs: 1234 });
        new WechatNicknameCheck(s, "a", { nickName: "A" });
        if (!userFirst) new WechatProvider(s, "mine", { requestTimeoutMs: 1234 });
      });
      expect(wechatProviders(json)).toEqual([{ request_timeout_ms: 1234 }]);
    }
  });

  it("is aliased, once per distinct combination, for a non-default baseUrl or variable names", () => {
    const { json, text } = synth((s) => {
      new WechatNicknameCheck(s, "default", { nickName: "A" });
      new WechatNicknameCheck(s, "same-as-default", { nickName: "A", accessTokenVar: "WECHAT_ACCESS_TOKEN" });
      new WechatNicknameCheck(s, "emu1", { nickName: "A", baseUrl: "http://127.0.0.1:9000" });
      new WechatCodeAudit(s, "emu2", { auditId: 1, baseUrl: "http://127.0.0.1:9000" });
      new WechatLatestCodeAudit(s, "renamed", {
        accessTokenVar: "MY_TOKEN",
        platformVars: { authorizerAppId: "MY_APPID", componentAppId: "WECHAT_COMPONENT_APPID" },
      });
    });
    const providers = wechatProviders(json);
    expect(providers).toHaveLength(3);
    const emu = providers.find((p) => p.base_url === "http://127.0.0.1:9000")!;
    const renamed = providers.find((p) => p.env_names)!;
    expect(emu).toEqual({
      alias: expect.stringMatching(/^wxa_[0-9a-f]{12}$/),
      base_url: "http://127.0.0.1:9000",
    });
    expect(renamed).toEqual({
      alias: expect.stringMatching(/^wxa_/),
      env_names: { access_token: "MY_TOKEN", authorizer_appid: "MY_APPID" },
    });
    expect(providers).toContainEqual({});
    const byPath = (type: string) =>
      Object.entries(json.data[type] as Record<string, Json>)
        .map(([name, b]) => [name.replace(/_result_\w+$/, ""), b.provider])
        .sort();
    expect(byPath("wechat_nickname_check")).toEqual([
      ["default", undefined],
      ["emu1", `wechat.${emu.alias}`],
      ["same-as-default", undefined],
    ]);
    expect(byPath("wechat_code_audit")).toEqual([["emu2", `wechat.${emu.alias}`]]);
    expect(byPath("wechat_latest_code_audit")).toEqual([["renamed", `wechat.${renamed.alias}`]]);
    expect(text).toHaveWechatCheck({ kind: "code_audit", provider: `wechat.${emu.alias}` });
  });

  it("gives each stack its own", () => {
    const app = Testing.app();
    for (const id of ["one", "two"]) {
      const stack = new TerraformStack(app, id);
      new WechatNicknameCheck(stack, "n", { nickName: "A" });
    }
    const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
    for (const stack of stacks) expect(Testing.synth(stack)).toHaveProviderCount("wechat", 1);
  });
});

describe("attributes", () => {
  it("are the data source's, typed: booleans and numbers as tokens, usable in outputs", () => {
    const { json } = synth((s) => {
      const n = new WechatNicknameCheck(s, "n", { nickName: "A", severity: "warning" });
      const c = new WechatCodeAudit(s, "c", { auditId: 7 });
      const l = new WechatLatestCodeAudit(s, "l");
      const q = new WechatAuditQuota(s, "q");
      const a = new WechatNicknameAudit(s, "a", { auditId: 8 });
      expect(n.dataSource).toBeInstanceOf(DataWechatNicknameCheck);
      expect(c.dataSource).toBeInstanceOf(DataWechatCodeAudit);
      expect(c.auditId).toBe(7);
      expect(c.allowedStatuses).toEqual([AuditStatus.Approved]);
      expect(a.auditId).toBe(8);
      expect(a.expect).toBe("succeeded");
      const outputs: Record<string, unknown> = {
        ok: n.ok,
        hit: n.hitCondition,
        wording: n.wording,
        errcode: c.errcode,
        status: c.status,
        screenshots: c.screenshots,
        latest_id: l.auditId,
        rest: q.rest,
        stat: a.auditStat,
        category: a.category,
      };
      for (const [k, v] of Object.entries(outputs)) new TerraformOutput(s, k, { value: v });
    });
    const ref = (out: string) => json.output[out].value as string;
    expect(ref("ok")).toMatch(/^\$\{data\.wechat_nickname_check\.n_result_\w+\.ok\}$/);
    expect(ref("hit")).toMatch(/\.hit_condition\}$/);
    expect(ref("errcode")).toMatch(/^\$\{data\.wechat_code_audit\.c_result_\w+\.errcode\}$/);
    expect(ref("status")).toMatch(/\.status\}$/);
    expect(ref("screenshots")).toMatch(/\.screenshots\}$/);
    expect(ref("latest_id")).toMatch(/^\$\{data\.wechat_latest_code_audit\.\w+\.audit_id\}$/);
    expect(ref("rest")).toMatch(/^\$\{data\.wechat_audit_quota\.\w+\.rest\}$/);
    expect(ref("stat")).toMatch(/\.audit_stat\}$/);
    expect(ref("category")).toMatch(/\.category\}$/);
  });
});

describe("statuses", () => {
  it("accepts status names and deduplicates them", () => {
    const { json } = synth((s) => {
      new WechatLatestCodeAudit(s, "l", { allowedStatuses: ["in_review", AuditStatus.InReview, "approved"] });
    });
    expect(onlyData(json, "wechat_latest_code_audit").block.allowed_statuses).toEqual([
      "in_review",
      "approved",
    ]);
  });
});

it("keeps every credential value out of the synthesized JSON", () => {
  const { text } = synth((s) => {
    new WechatNicknameCheck(s, "n", { nickName: "A", accessTokenVar: "MY_TOKEN" });
  });
  expect(text).toContain("MY_TOKEN"); // the name, never a value
  expect(text).toNotContainText("secret-token-value");
});
