/**
 * The bundled checker against a real emulator, spawned as Terraform spawns it, for every outcome;
 * each time the construct's own conditions judge the result.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditStatus, auditStatusName, describeErrcode, WechatClient } from "@wxa-audit/core";
import { startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type WechatCheckCommonProps,
  WechatCodeAudit,
  WechatLatestCodeAudit,
  WechatNicknameAudit,
  WechatNicknameCheck,
} from "../src/index.js";
import { closedPort, judge, runChecker } from "./checker-harness.js";

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
let tokenSeq = 0;
let cacheDir: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 1 });
  cacheDir = mkdtempSync(join(tmpdir(), "wxa-check-cache-"));
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.admin.reset();
});

/** A fresh tenant: lenient mode makes each distinct token its own mini program. */
function tenant() {
  const token = `test-token-${process.pid}-${++tokenSeq}-abcdef`;
  const client = new WechatClient({ baseUrl: emu.url, token, retry: { baseDelayMs: 1 } });
  const env = { WECHAT_ACCESS_TOKEN: token, WXA_TOKEN_CACHE_DIR: cacheDir };
  return { token, client, env, name: emu.admin.tenantOf(token) };
}

const fast = (): WechatCheckCommonProps => ({
  baseUrl: emu.url,
  timeBudgetMs: 5_000,
  retryBaseDelayMs: 1,
  retryMaxAttempts: 4,
});

function expectNoSecret(run: { stdout: string; stderr: string }, ...secrets: string[]) {
  for (const s of secrets) {
    expect(run.stdout).not.toContain(s);
    expect(run.stderr).not.toContain(s);
  }
}

describe("WechatNicknameCheck", () => {
  it.each(["error", "warning"] as const)("a free name passes (severity %s)", async (severity) => {
    const t = tenant();
    const r = await judge(
      (s) => new WechatNicknameCheck(s, "n", { ...fast(), nickName: "Plain Name", severity }),
      t.env,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.result).toMatchObject({
      ok: "true",
      outcome: "passed",
      errcode: "0",
      hit_condition: "false",
      nick_name: "Plain Name",
    });
    expect(r.result.message).toBe('WeChat nickname check passed for "Plain Name"');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expectNoSecret(r, t.token);
  });

  it.each([
    ["error", "warning", 0, 1],
    ["error", "error", 1, 0],
    ["error", "ignore", 0, 0],
    ["warning", "warning", 0, 1],
    ["warning", "error", 1, 0],
  ] as const)(
    "hit_condition with severity %s, onHitCondition %s",
    async (severity, onHitCondition, errors, warnings) => {
      const t = tenant();
      const r = await judge(
        (s) =>
          new WechatNicknameCheck(s, "n", { ...fast(), nickName: "Tencent Foo", severity, onHitCondition }),
        t.env,
      );
      expect(r.result).toMatchObject({
        ok: "true",
        outcome: "hit_condition",
        hit_condition: "true",
        errcode: "0",
      });
      expect(r.result.wording).not.toBe("");
      const hit = `WeChat nickname "Tencent Foo" hits a keyword policy and needs supporting material: ${r.result.wording}`;
      expect(r.result.hit_message).toBe(hit);
      expect(r.errors).toEqual(errors ? [hit] : []);
      expect(r.warnings).toEqual(warnings ? [hit] : []);
    },
  );

  it.each([53010, 53011, 53012, 53013, 53014, 53015, 53016, 53017, 53018, 53019, 41033])(
    "errcode %i (fault rule) fails with the catalogue meaning",
    async (errcode) => {
      const t = tenant();
      await emu.admin.addFault({ endpoint: "checkNickName", tenant: t.name, errcode });
      for (const severity of ["error", "warning"] as const) {
        const r = await judge(
          (s) => new WechatNicknameCheck(s, "n", { ...fast(), nickName: "Foo", severity }),
          t.env,
        );
        expect(r.code).toBe(0);
        expect(r.result).toMatchObject({
          ok: "false",
          outcome: "errcode",
          errcode: String(errcode),
          meaning: describeErrcode(errcode),
          endpoint: "checkNickName",
        });
        const expected = `WeChat nickname check failed for "Foo": errcode ${errcode} (${describeErrcode(errcode)})`;
        expect(r.result.message?.startsWith(expected)).toBe(true);
        if (r.result.rid) expect(r.result.message).toBe(`${expected} [rid ${r.result.rid}]`);
        expect(severity === "error" ? r.errors : r.warnings).toEqual([r.result.message]);
        expect(severity === "error" ? r.warnings : r.errors).toEqual([]);
      }
    },
  );

  it.each([
    [53010, { maxLength: 5 }, "Much Too Long A Name"],
    [53012, { forbiddenWords: ["casino"] }, "Lucky Casino"],
    [53013, { taken: [{ name: "Taken Name", errcode: 53013 }] }, "Taken Name"],
    [53018, { wechatIds: ["wxid_abc"] }, "wxid_abc"],
    [53019, { protectedNames: [{ name: "Guarded" }] }, "Guarded"],
  ] as Array<[number, Parameters<Emu["admin"]["setNameRules"]>[0], string]>)(
    "errcode %i from the emulator's name rules",
    async (errcode, rules, nickName) => {
      const t = tenant();
      await emu.admin.setNameRules(rules);
      const r = await judge((s) => new WechatNicknameCheck(s, "n", { ...fast(), nickName }), t.env);
      expect(r.result).toMatchObject({ ok: "false", outcome: "errcode", errcode: String(errcode) });
      expect(r.errors).toEqual([r.result.message]);
      expect(r.result.message).toContain(
        `WeChat nickname check failed for "${nickName}": errcode ${errcode}`,
      );
    },
  );
});

describe("WechatCodeAudit and WechatLatestCodeAudit", () => {
  async function auditIn(status: AuditStatus) {
    const t = tenant();
    const { auditid } = await t.client.submitAudit({});
    if (status === AuditStatus.Approved) await emu.admin.transitionAudit(auditid, { to: "approved" });
    if (status === AuditStatus.Rejected) {
      await emu.admin.transitionAudit(auditid, {
        to: "rejected",
        reason: "Missing privacy policy",
        screenshot: "m1|m2",
      });
    }
    if (status === AuditStatus.Deferred)
      await emu.admin.transitionAudit(auditid, { to: "deferred", reason: "Holiday" });
    if (status === AuditStatus.Withdrawn) await t.client.undoCodeAudit();
    return { ...t, auditid };
  }

  const statuses = Object.values(AuditStatus);
  it.each(statuses)("code audit in status %i: only approved passes by default", async (status) => {
    const a = await auditIn(status);
    for (const severity of ["error", "warning"] as const) {
      const r = await judge(
        (s) => new WechatCodeAudit(s, "c", { ...fast(), auditId: a.auditid, severity }),
        a.env,
      );
      const name = auditStatusName(status);
      expect(r.result).toMatchObject({
        outcome: status === AuditStatus.Approved ? "passed" : "status",
        ok: String(status === AuditStatus.Approved),
        status: String(status),
        status_name: name,
        auditid: String(a.auditid),
      });
      if (status === AuditStatus.Rejected) {
        expect(r.result).toMatchObject({ reason: "Missing privacy policy", screenshot: "m1|m2" });
        expect(r.result.message).toContain(": Missing privacy policy (screenshots: m1, m2)");
      }
      if (status === AuditStatus.Deferred) expect(r.result.reason).toBe("Holiday");
      const failed = status === AuditStatus.Approved ? [] : [r.result.message];
      expect(severity === "error" ? r.errors : r.warnings).toEqual(failed);
      if (status !== AuditStatus.Approved) {
        expect(r.result.message).toMatch(
          new RegExp(`^WeChat code audit ${a.auditid} is ${name} \\(status ${status}\\), expected approved`),
        );
      }
    }
  });

  it.each(statuses)("latest code audit in status %i, allowed approved or deferred", async (status) => {
    const a = await auditIn(status);
    const allowed = [AuditStatus.Approved, AuditStatus.Deferred];
    const r = await judge(
      (s) => new WechatLatestCodeAudit(s, "l", { ...fast(), allowedStatuses: allowed, severity: "warning" }),
      a.env,
    );
    const pass = (allowed as number[]).includes(status);
    expect(r.result).toMatchObject({ ok: String(pass), status: String(status), auditid: String(a.auditid) });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual(pass ? [] : [r.result.message]);
    if (!pass) expect(r.result.message).toContain("expected approved or deferred");
    if (status === AuditStatus.Rejected) expect(r.result.screenshot).toBe("m1|m2");
  });

  it("an unknown audit id is errcode 85012, not status 0", async () => {
    const t = tenant();
    await t.client.submitAudit({});
    const r = await judge((s) => new WechatCodeAudit(s, "c", { ...fast(), auditId: 999_999_999 }), t.env);
    expect(r.result).toMatchObject({ ok: "false", outcome: "errcode", errcode: "85012", status: "" });
    expect(r.errors).toEqual([r.result.message]);
  });

  it("-1 twice, then an answer: retried and passing", async () => {
    const a = await auditIn(AuditStatus.Approved);
    await emu.admin.addFault({ endpoint: "getAuditStatus", tenant: a.name, errcode: -1, times: 2 });
    const r = await judge((s) => new WechatCodeAudit(s, "c", { ...fast(), auditId: a.auditid }), a.env);
    expect(r.result).toMatchObject({ ok: "true", outcome: "passed" });
    expect(r.errors).toEqual([]);
    expect(await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant: a.name })).toBe(3);
  });

  it("-1 persisting: fails closed with errcode -1", async () => {
    const a = await auditIn(AuditStatus.Approved);
    await emu.admin.addFault({ endpoint: "getAuditStatus", tenant: a.name, errcode: -1 });
    const r = await judge((s) => new WechatCodeAudit(s, "c", { ...fast(), auditId: a.auditid }), a.env);
    expect(r.result).toMatchObject({
      ok: "false",
      outcome: "errcode",
      errcode: "-1",
      meaning: describeErrcode(-1),
    });
    expect(r.errors).toEqual([r.result.message]);
    expect(await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant: a.name })).toBe(4);
  });

  it("time budget spent (slow WeChat): fails closed", async () => {
    const a = await auditIn(AuditStatus.Approved);
    await emu.admin.addFault({ endpoint: "getAuditStatus", tenant: a.name, latencyMs: 5_000 });
    const r = await judge(
      (s) =>
        new WechatCodeAudit(s, "c", {
          ...fast(),
          auditId: a.auditid,
          timeBudgetMs: 300,
          severity: "warning",
        }),
      a.env,
    );
    expect(r.code).toBe(0);
    expect(r.result).toMatchObject({ ok: "false", outcome: "budget_spent" });
    expect(r.result.message).toMatch(/^WeChat code audit \d+ did not finish within its 300 ms time budget/);
    expect(r.warnings).toEqual([r.result.message]);
  });
});

describe("WechatNicknameAudit", () => {
  const cases = [
    ["in_review", "succeeded", false],
    ["in_review", "not-failed", true],
    ["in_review", "any", true],
    ["failed", "succeeded", false],
    ["failed", "not-failed", false],
    ["failed", "any", true],
    ["succeeded", "succeeded", true],
    ["succeeded", "not-failed", true],
    ["succeeded", "any", true],
  ] as const;
  it.each(cases)("audit %s, expect %s", async (state, expectation, pass) => {
    const t = tenant();
    const { audit_id } = await t.client.setNickName({ nick_name: "Tencent Foo" });
    expect(audit_id).toBeDefined();
    if (state === "succeeded") await emu.admin.transitionNicknameAudit(audit_id!, { to: "succeeded" });
    if (state === "failed")
      await emu.admin.transitionNicknameAudit(audit_id!, { to: "failed", fail_reason: "Material missing" });
    const r = await judge(
      (s) => new WechatNicknameAudit(s, "na", { ...fast(), auditId: audit_id!, expect: expectation }),
      t.env,
    );
    expect(r.result).toMatchObject({
      ok: String(pass),
      outcome: pass ? "passed" : "status",
      nickname: "Tencent Foo",
      audit_stat_name: state,
      audit_id: String(audit_id),
    });
    if (state === "failed") expect(r.result.fail_reason).toBe("Material missing");
    expect(r.result.create_time).toMatch(/^\d+$/);
    expect(r.errors).toEqual(pass ? [] : [r.result.message]);
    if (!pass) expect(r.result.message).toContain(`expected ${expectation}`);
  });

  it("an unknown audit_id is errcode 91011", async () => {
    const t = tenant();
    const r = await judge(
      (s) => new WechatNicknameAudit(s, "na", { ...fast(), auditId: 424242, severity: "warning" }),
      t.env,
    );
    expect(r.result).toMatchObject({ ok: "false", outcome: "errcode", errcode: "91011" });
    expect(r.warnings).toEqual([r.result.message]);
  });
});

describe("failing closed and misuse", () => {
  it("WeChat unreachable (closed port): a failed condition, never a pass", async () => {
    const port = await closedPort();
    const t = tenant();
    for (const severity of ["error", "warning"] as const) {
      const r = await judge(
        (s) =>
          new WechatLatestCodeAudit(s, "l", {
            ...fast(),
            baseUrl: `http://127.0.0.1:${port}`,
            retryMaxAttempts: 2,
            severity,
          }),
        t.env,
      );
      expect(r.code).toBe(0);
      expect(r.result).toMatchObject({
        ok: "false",
        outcome: "unreachable",
        endpoint: "getLatestAuditStatus",
      });
      expect(r.result.message).toContain(`could not reach WeChat at 127.0.0.1:${port}`);
      expect(severity === "error" ? r.errors : r.warnings).toEqual([r.result.message]);
      expectNoSecret(r, t.token);
    }
  });

  it("token missing: exit 2, one stderr line naming the variables, no stack", async () => {
    const r = await judge((s) => new WechatLatestCodeAudit(s, "l", { ...fast() }), {
      WXA_TOKEN_CACHE_DIR: cacheDir,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^wxa-check: no WeChat credentials: set WECHAT_ACCESS_TOKEN/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a renamed token variable is read instead, and an incomplete platform flow is misuse", async () => {
    const t = tenant();
    const ok = await judge(
      (s) => new WechatNicknameCheck(s, "n", { ...fast(), nickName: "Foo", accessTokenVar: "MY_WX_TOKEN" }),
      { MY_WX_TOKEN: t.token, WXA_TOKEN_CACHE_DIR: cacheDir },
    );
    expect(ok.result.ok).toBe("true");
    const half = await judge((s) => new WechatNicknameCheck(s, "n", { ...fast(), nickName: "Foo" }), {
      WECHAT_COMPONENT_APPID: "wxcomp",
      WECHAT_COMPONENT_APPSECRET: "very-secret-value",
    });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/^wxa-check: platform flow incomplete: .*WECHAT_AUTHORIZER_APPID/);
    expectNoSecret(half, "very-secret-value");
  });

  it("the base URL can come from WECHAT_API_BASE_URL at plan time", async () => {
    const t = tenant();
    const r = await judge((s) => new WechatNicknameCheck(s, "n", { nickName: "Foo", retryBaseDelayMs: 1 }), {
      ...t.env,
      WECHAT_API_BASE_URL: emu.url,
    });
    expect(r.result.ok).toBe("true");
  });

  it.each([
    ["not json", /stdin is not a JSON object/],
    ["[1]", /stdin is not a JSON object/],
    [JSON.stringify({ kind: "dance" }), /query\.kind must be one of/],
    [JSON.stringify({ kind: "code_audit" }), /query\.audit_id is required/],
    [JSON.stringify({ kind: "code_audit", audit_id: 1 }), /query\.audit_id must be a string/],
  ])("misuse %s: exit 2 with one line", async (stdin, message) => {
    const r = await runChecker(stdin, { WECHAT_ACCESS_TOKEN: "x" });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe("platform flow", () => {
  it("N parallel checker runs of one plan fetch the platform token once", async () => {
    const secrets = {
      secret: "component-secret-123456",
      ticket: "verify-ticket-123456",
      refresh: "refresh-token-123456",
    };
    const strict = await startEmulator({
      port: 0,
      seed: 2,
      strictTokens: true,
      config: {
        platforms: [{ appid: "wxcomponent01", secret: secrets.secret, verifyTicket: secrets.ticket }],
        tenants: [
          {
            name: "wxauthorizer01",
            authorizer: { componentAppId: "wxcomponent01", refreshToken: secrets.refresh },
            audits: [{ auditid: 7001, status: "approved" }],
          },
        ],
      },
    });
    try {
      const env = {
        WECHAT_COMPONENT_APPID: "wxcomponent01",
        WECHAT_COMPONENT_APPSECRET: secrets.secret,
        WECHAT_COMPONENT_VERIFY_TICKET: secrets.ticket,
        WECHAT_AUTHORIZER_APPID: "wxauthorizer01",
        WECHAT_AUTHORIZER_REFRESH_TOKEN: secrets.refresh,
        WXA_TOKEN_CACHE_DIR: mkdtempSync(join(tmpdir(), "wxa-platform-cache-")),
      };
      const props = { baseUrl: strict.url, retryBaseDelayMs: 1, timeBudgetMs: 10_000, auditId: 7001 };
      const runs = await Promise.all(
        Array.from({ length: 6 }, () => judge((s) => new WechatCodeAudit(s, "c", props), env)),
      );
      for (const r of runs) {
        expect(r.code).toBe(0);
        expect(r.result).toMatchObject({ ok: "true", outcome: "passed", status: "0" });
        expectNoSecret(r, ...Object.values(secrets));
      }
      expect(await strict.admin.journalCount({ endpoint: "getComponentAccessToken" })).toBe(1);
      expect(await strict.admin.journalCount({ endpoint: "getAuthorizerAccessToken" })).toBe(1);
      // A later run of the same plan (or the next plan) reuses the cached tokens too.
      const again = await judge((s) => new WechatCodeAudit(s, "c", props), env);
      expect(again.result.ok).toBe("true");
      expect(await strict.admin.journalCount({ endpoint: "getComponentAccessToken" })).toBe(1);
    } finally {
      await strict.close();
    }
  });
});
