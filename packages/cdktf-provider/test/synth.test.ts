// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform expressions, not JS templates
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { AuditStatus } from "@wxa-audit/core";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  ExternalDataSource,
  ExternalProvider,
  WechatCodeAudit,
  WechatLatestCodeAudit,
  WechatNicknameAudit,
  WechatNicknameCheck,
} from "../src/index.js";
import { appStack, onlyExternal, synth } from "./helpers.js";

const ASSET_PATH = expect.stringMatching(/^assets\/WxaAuditChecker\/[0-9A-F]+\/wxa-check\.cjs$/);
const OK_SELF = '${(lookup(self.result, "ok", "false") == "true")}';
const MSG_SELF = expect.stringMatching(
  /^\$\{lookup\(self\.result, "message", "WeChat check .* failed and the checker gave no message"\)\}$/,
);
const okData = (name: string) => `\${(lookup(data.external.${name}.result, "ok", "false") == "true")}`;
const msgData = (name: string) =>
  expect.stringMatching(
    new RegExp(`^\\$\\{lookup\\(data\\.external\\.${name}\\.result, "message", ".*"\\)\\}$`),
  );

describe("WechatNicknameCheck", () => {
  it("severity error: the verdict is a postcondition, hit_condition a warning by default", () => {
    const { text, json } = synth((s) => new WechatNicknameCheck(s, "nick", { nickName: "Tencent Foo" }));
    const { name, ds } = onlyExternal(json);
    expect(text).toHaveDataSourceWithProperties(ExternalDataSource, {
      program: ["node", ASSET_PATH],
      query: { kind: "nickname_check", nick_name: "Tencent Foo" },
    });
    expect(ds.lifecycle.postcondition).toEqual([{ condition: OK_SELF, error_message: MSG_SELF }]);
    expect(ds.working_dir).toBeUndefined();
    expect(text).toHaveCheckWithAssertion({
      condition: `\${(lookup(data.external.${name}.result, "hit_condition", "true") != "true")}`,
      errorMessage: expect.stringContaining(`data.external.${name}.result, "hit_message"`),
    });
    expect(text).toHaveWechatCheck({
      kind: "nickname_check",
      severity: "error",
      query: { nick_name: "Tencent Foo" },
    });
  });

  it("severity warning: no postcondition, both verdicts are asserts of one check block", () => {
    const { text, json } = synth(
      (s) => new WechatNicknameCheck(s, "nick", { nickName: "Foo", severity: "warning" }),
    );
    const { name, ds } = onlyExternal(json);
    expect(ds.lifecycle).toBeUndefined();
    const checks = Object.values(json.check) as Array<{ assert: unknown[] }>;
    expect(checks).toHaveLength(1);
    expect(checks[0]!.assert).toHaveLength(2);
    expect(text).toHaveCheckWithAssertion({ condition: okData(name), errorMessage: msgData(name) });
    expect(text).toHaveWechatCheck({ kind: "nickname_check", severity: "warning" });
    expect(text).not.toHaveWechatCheck({ kind: "nickname_check", severity: "error" });
  });

  it("onHitCondition error adds a second postcondition; ignore adds nothing", () => {
    const err = onlyExternal(
      synth((s) => new WechatNicknameCheck(s, "n", { nickName: "Foo", onHitCondition: "error" })).json,
    ).ds;
    expect(err.lifecycle.postcondition).toEqual([
      { condition: OK_SELF, error_message: MSG_SELF },
      {
        condition: '${(lookup(self.result, "hit_condition", "true") != "true")}',
        error_message: expect.stringContaining('lookup(self.result, "hit_message"'),
      },
    ]);
    const ignored = synth(
      (s) => new WechatNicknameCheck(s, "n", { nickName: "Foo", onHitCondition: "ignore" }),
    ).json;
    expect(onlyExternal(ignored).ds.lifecycle.postcondition).toHaveLength(1);
    expect(ignored.check).toBeUndefined();
  });

  it("refuses an empty name and a bad onHitCondition", () => {
    expect(() => synth((s) => new WechatNicknameCheck(s, "n", { nickName: " " }))).toThrow(/nickName/);
    expect(() =>
      synth((s) => new WechatNicknameCheck(s, "n", { nickName: "x", onHitCondition: "fatal" as never })),
    ).toThrow(/onHitCondition/);
  });
});

describe("WechatNicknameAudit", () => {
  it.each(["error", "warning"] as const)("severity %s", (severity) => {
    const { text, json } = synth(
      (s) => new WechatNicknameAudit(s, "rename", { auditId: 4242, expect: "not-failed", severity }),
    );
    const { name, ds } = onlyExternal(json);
    expect(text).toHaveDataSourceWithProperties(ExternalDataSource, {
      program: ["node", ASSET_PATH],
      query: { kind: "nickname_audit", audit_id: "4242", expect: "not-failed" },
    });
    if (severity === "error") {
      expect(ds.lifecycle.postcondition).toEqual([{ condition: OK_SELF, error_message: MSG_SELF }]);
      expect(json.check).toBeUndefined();
    } else {
      expect(ds.lifecycle).toBeUndefined();
      expect(text).toHaveCheckWithAssertion({ condition: okData(name), errorMessage: msgData(name) });
    }
    expect(text).toHaveWechatCheck({ kind: "nickname_audit", severity });
  });

  it("defaults expect to succeeded and accepts a digit-string id", () => {
    const { json } = synth((s) => new WechatNicknameAudit(s, "rename", { auditId: "77" }));
    expect(onlyExternal(json).ds.query).toEqual({
      kind: "nickname_audit",
      audit_id: "77",
      expect: "succeeded",
    });
  });

  it("refuses a bad id or expectation", () => {
    expect(() => synth((s) => new WechatNicknameAudit(s, "a", { auditId: "12a" }))).toThrow(/auditId/);
    expect(() => synth((s) => new WechatNicknameAudit(s, "a", { auditId: 0 }))).toThrow(/auditId/);
    expect(() =>
      synth((s) => new WechatNicknameAudit(s, "a", { auditId: 1, expect: "ok" as never })),
    ).toThrow(/expect/);
  });
});

describe("WechatCodeAudit and WechatLatestCodeAudit", () => {
  it.each(["error", "warning"] as const)("code audit, severity %s", (severity) => {
    const { text, json } = synth(
      (s) =>
        new WechatCodeAudit(s, "release", {
          auditId: 1234567,
          allowedStatuses: [AuditStatus.Approved, AuditStatus.Deferred],
          severity,
        }),
    );
    const { name, ds } = onlyExternal(json);
    expect(ds.query).toEqual({ kind: "code_audit", audit_id: "1234567", allowed_statuses: "0,4" });
    if (severity === "error") expect(ds.lifecycle.postcondition[0].condition).toBe(OK_SELF);
    else expect(text).toHaveCheckWithAssertion({ condition: okData(name) });
    expect(text).toHaveWechatCheck({ kind: "code_audit", severity });
  });

  it.each(["error", "warning"] as const)(
    "latest code audit, severity %s, default allowed approved",
    (severity) => {
      const { text, json } = synth((s) => new WechatLatestCodeAudit(s, "latest", { severity }));
      expect(onlyExternal(json).ds.query).toEqual({
        kind: "latest_code_audit",
        allowed_statuses: String(AuditStatus.Approved),
      });
      expect(text).toHaveWechatCheck({ kind: "latest_code_audit", severity });
    },
  );

  it("refuses statuses that are not core's AuditStatus values", () => {
    expect(() => synth((s) => new WechatLatestCodeAudit(s, "l", { allowedStatuses: [] }))).toThrow(/empty/);
    expect(() =>
      synth((s) => new WechatLatestCodeAudit(s, "l", { allowedStatuses: [9 as AuditStatus] })),
    ).toThrow(/AuditStatus/);
  });
});

describe("common props", () => {
  it("puts variable NAMES, base URL and budget settings in the query, never values", () => {
    const { json } = synth(
      (s) =>
        new WechatCodeAudit(s, "a", {
          auditId: 5,
          baseUrl: "http://127.0.0.1:8080",
          accessTokenVar: "MY_TOKEN",
          platformVars: { componentAppSecret: "MY_SECRET_VAR", authorizerRefreshToken: "MY_REFRESH_VAR" },
          timeBudgetMs: 2000,
          retryBaseDelayMs: 5,
          retryMaxAttempts: 3,
          requestTimeoutMs: 500,
        }),
    );
    expect(onlyExternal(json).ds.query).toEqual({
      kind: "code_audit",
      audit_id: "5",
      allowed_statuses: "0",
      base_url: "http://127.0.0.1:8080",
      access_token_var: "MY_TOKEN",
      component_appsecret_var: "MY_SECRET_VAR",
      authorizer_refresh_token_var: "MY_REFRESH_VAR",
      time_budget_ms: "2000",
      retry_base_delay_ms: "5",
      retry_max_attempts: "3",
      request_timeout_ms: "500",
    });
  });

  it("refuses a base URL carrying credentials, and nonsense budgets", () => {
    expect(() =>
      synth(
        (s) => new WechatLatestCodeAudit(s, "l", { baseUrl: "https://api.weixin.qq.com/?access_token=x" }),
      ),
    ).toThrow(/baseUrl/);
    expect(() => synth((s) => new WechatLatestCodeAudit(s, "l", { baseUrl: "https://u:p@h" }))).toThrow(
      /baseUrl/,
    );
    expect(() => synth((s) => new WechatLatestCodeAudit(s, "l", { timeBudgetMs: 0 }))).toThrow(
      /timeBudgetMs/,
    );
    expect(() => synth((s) => new WechatLatestCodeAudit(s, "l", { severity: "fatal" as never }))).toThrow(
      /severity/,
    );
  });

  it.each(["error", "warning"] as const)("attributes are usable in outputs (severity %s)", (severity) => {
    const { json } = synth((s) => {
      const audit = new WechatCodeAudit(s, "a", { auditId: 5, severity });
      const nick = new WechatNicknameAudit(s, "n", { auditId: 6, severity });
      new TerraformOutput(s, "status", { value: audit.statusName });
      new TerraformOutput(s, "reason", { value: audit.reason });
      new TerraformOutput(s, "stat", { value: nick.auditStat });
      new TerraformOutput(s, "ok", { value: audit.ok });
    });
    const [audit, nick] = Object.keys(json.data.external);
    expect(json.output.status.value).toBe(`\${data.external.${audit}.result.status_name}`);
    expect(json.output.reason.value).toBe(`\${data.external.${audit}.result.reason}`);
    expect(json.output.stat.value).toBe(`\${data.external.${nick}.result.audit_stat}`);
    expect(json.output.ok.value).toBe(`\${data.external.${audit}.result.ok}`);
  });
});

describe("provider and asset", () => {
  it("declares hashicorp/external ~> 2.3 once for 100 checks, with one shared asset", () => {
    const { text, json } = synth((s) => {
      for (let i = 0; i < 25; i++) {
        new WechatNicknameCheck(s, `n${i}`, { nickName: `Name ${i}` });
        new WechatNicknameAudit(s, `na${i}`, { auditId: i + 1, severity: "warning" });
        new WechatCodeAudit(s, `c${i}`, { auditId: i + 1 });
        new WechatLatestCodeAudit(s, `l${i}`, { severity: "warning" });
      }
    });
    expect(Object.keys(json.data.external)).toHaveLength(100);
    expect(text).toHaveProviderCount(ExternalProvider, 1);
    expect(json.terraform.required_providers).toEqual({
      external: { source: "hashicorp/external", version: "~> 2.3" },
    });
    const programs = new Set(
      Object.values(json.data.external as Record<string, { program: string[] }>).map((d) => d.program[1]),
    );
    expect(programs.size).toBe(1);
  });

  it.each(["before", "after"])("adds no provider when the user declared one (%s the checks)", (when) => {
    const { text, json } = synth((s) => {
      if (when === "before") new ExternalProvider(s, "mine", {});
      new WechatNicknameCheck(s, "n", { nickName: "Foo" });
      new WechatLatestCodeAudit(s, "l");
      if (when === "after") new ExternalProvider(s, "mine", {});
    });
    expect(text).toHaveProviderCount(ExternalProvider, 1);
    expect(json.provider.external).toEqual([{}]);
  });

  it("ships the checker into the stack directory at the program's path", () => {
    const { stack } = appStack("checks");
    new WechatNicknameCheck(stack, "n", { nickName: "Foo" });
    const outdir = Testing.fullSynth(stack);
    const stackDir = join(outdir, "stacks", "checks");
    const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    const program = onlyExternal(json).ds.program as string[];
    expect(program[0]).toBe("node");
    expect(program[1]).toMatch(/^assets\//);
    const shipped = join(stackDir, program[1]!);
    expect(existsSync(shipped)).toBe(true);
    expect(statSync(shipped).size).toBeGreaterThan(10_000);
    // Self-contained: it requires nothing but Node's built-ins.
    const required = [...readFileSync(shipped, "utf8").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.filter((r) => !r!.startsWith("node:"))).toEqual([]);
  });
});

describe("secrets", () => {
  it("never appear in the synthesized output, whatever the environment holds", () => {
    const secrets = {
      WECHAT_ACCESS_TOKEN: "tok-SECRET-1111111111",
      WECHAT_COMPONENT_APPSECRET: "appsecret-SECRET-2222222",
      WECHAT_COMPONENT_VERIFY_TICKET: "ticket-SECRET-33333333",
      WECHAT_AUTHORIZER_REFRESH_TOKEN: "refresh-SECRET-4444444",
      MY_TOKEN: "renamed-SECRET-5555555",
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    try {
      const { stack } = appStack("secret");
      new WechatNicknameCheck(stack, "n", { nickName: "Foo", accessTokenVar: "MY_TOKEN" });
      new WechatNicknameAudit(stack, "na", { auditId: 1, severity: "warning" });
      new WechatCodeAudit(stack, "c", { auditId: 2, platformVars: { componentAppSecret: "MY_TOKEN" } });
      new WechatLatestCodeAudit(stack, "l", { severity: "warning" });
      const outdir = Testing.fullSynth(stack);
      const files = listFiles(outdir).filter((f) => !f.endsWith(".cjs"));
      expect(files.length).toBeGreaterThan(1);
      for (const f of files) expect(readFileSync(f, "utf8")).toNotContainText(...Object.values(secrets));
    } finally {
      process.env = saved;
    }
  });
});

it("a stack can hold checks next to ordinary stacks", () => {
  const app = Testing.app();
  const a = new TerraformStack(app, "a");
  const b = new TerraformStack(app, "b");
  new WechatLatestCodeAudit(a, "l");
  new WechatLatestCodeAudit(b, "l");
  expect(Testing.synth(a)).toHaveProviderCount("external", 1);
  expect(Testing.synth(b)).toHaveProviderCount("external", 1);
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}
