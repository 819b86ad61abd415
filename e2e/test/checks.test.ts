/**
 * Scenarios 1-7 of issue 5: a real `plan` (OpenTofu, and Terraform 1.5.7 when built) of stacks
 * made with the constructs, against one emulator for the file. Every scenario uses its own tokens,
 * so its own lenient-mode tenants: audits, faults and journal counts never cross scenarios or
 * engines.
 */
import { createServer } from "node:net";
import {
  AuditStatus,
  WechatCodeAudit,
  WechatNicknameAudit,
  WechatNicknameCheck,
} from "@wxa-audit/cdktf-provider";
import { describeErrcode, WechatClient } from "@wxa-audit/core";
import { type RunningEmulator, SUBJECT_NAME_WORDING, startEmulator } from "@wxa-audit/emulator";
import { TerraformOutput } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRun, type Engine, enginesOrSkip, FAST, flat, Workspace } from "../support/harness.js";

const engines = enginesOrSkip();

let emu: RunningEmulator;
let ws: Workspace;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "wxa-e2e-checks" });
  await emu.admin.setNameRules({ forbiddenWords: ["Casino"] });
  ws = new Workspace("checks");
});

afterAll(async () => {
  await emu?.close();
  ws?.dispose();
});

/** Where the checks go and as whom: the emulator, and a token of its own per scenario and engine. */
function wechatEnv(token: string): Record<string, string> {
  return { WECHAT_API_BASE_URL: emu.url, WECHAT_ACCESS_TOKEN: token };
}

function client(token: string): WechatClient {
  return new WechatClient({ baseUrl: emu.url, token });
}

/** A code audit in review, created through the WeChat surface as the token's tenant. */
async function submittedAudit(token: string): Promise<number> {
  const wx = client(token);
  try {
    return (await wx.submitAudit({})).auditid;
  } finally {
    await wx.close();
  }
}

describe.each(engines)("$name", (engine: Engine) => {
  const tok = (scenario: string) => `e2e-${engine.id}-${scenario}`;
  const sid = (scenario: string) => `${engine.id.replace(/[^a-z0-9]/gi, "-")}-${scenario}`;

  it("1. a clean name: plan succeeds, outputs show the check's attributes", async () => {
    const s = ws
      .synth(sid("clean"), (stack) => {
        const c = new WechatNicknameCheck(stack, "name", { nickName: "Quiet Harbor Books", ...FAST });
        new TerraformOutput(stack, "ok", { value: c.ok });
        new TerraformOutput(stack, "outcome", { value: c.outcome });
        new TerraformOutput(stack, "errcode", { value: c.errcode });
        new TerraformOutput(stack, "hit_condition", { value: c.hitCondition });
        new TerraformOutput(stack, "message", { value: c.message });
      })
      .on(engine);
    const r = await s.plan({ env: wechatEnv(tok("clean")) });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.text).toContain('ok = "true"');
    expect(r.text).toContain('outcome = "passed"');
    expect(r.text).toContain('errcode = "0"');
    expect(r.text).toContain('hit_condition = "false"');
    expect(r.text).toContain('message = "WeChat nickname check passed for \\"Quiet Harbor Books\\""');
    expect(r.text).not.toMatch(/Warning:/);
  });

  it("2. a forbidden name (53012), error severity: plan fails naming the nickname, errcode and meaning", async () => {
    const s = ws
      .synth(sid("forbidden"), (stack) => {
        new WechatNicknameCheck(stack, "name", { nickName: "Lucky Casino", ...FAST });
      })
      .on(engine);
    const r = await s.plan({ env: wechatEnv(tok("forbidden")) });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.text).toMatch(/Error: Resource postcondition failed/);
    expect(r.text).toContain('WeChat nickname check failed for "Lucky Casino": errcode 53012');
    expect(r.text).toContain(`(${flat(describeErrcode(53012))})`);
  });

  it("3. hit_condition with onHitCondition warning: plan succeeds with a warning carrying the wording", async () => {
    const s = ws
      .synth(sid("hit"), (stack) => {
        const c = new WechatNicknameCheck(stack, "name", {
          nickName: "Tencent Weather",
          onHitCondition: "warning",
          ...FAST,
        });
        new TerraformOutput(stack, "hit_condition", { value: c.hitCondition });
      })
      .on(engine);
    const r = await s.plan({ env: wechatEnv(tok("hit")) });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.text).toMatch(/Warning: Check block assertion failed/);
    expect(r.text).toContain(
      'WeChat nickname "Tencent Weather" hits a keyword policy and needs supporting material',
    );
    expect(r.text).toContain(SUBJECT_NAME_WORDING);
    expect(r.text).toContain('hit_condition = "true"');
  });

  describe("4. code audits", () => {
    it("rejected: plan fails with the reason and the screenshot ids", async () => {
      const token = tok("rejected");
      const auditid = await submittedAudit(token);
      await emu.admin.transitionAudit(auditid, {
        to: "rejected",
        reason: "The mini program's category does not match its content",
        screenshot: "media-shot-e2e-1|media-shot-e2e-2",
      });
      const s = ws
        .synth(sid("rejected"), (stack) => {
          new WechatCodeAudit(stack, "release", { auditId: auditid, ...FAST });
        })
        .on(engine);
      const r = await s.plan({ env: wechatEnv(token) });
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.text).toContain(`WeChat code audit ${auditid} is rejected (status 1), expected approved`);
      expect(r.text).toContain("The mini program's category does not match its content");
      expect(r.text).toContain("media-shot-e2e-1");
      expect(r.text).toContain("media-shot-e2e-2");
    });

    it("deferred: plan fails with the deferral reason; approved through the admin API, the same plan succeeds", async () => {
      const token = tok("deferred");
      const auditid = await submittedAudit(token);
      await emu.admin.transitionAudit(auditid, {
        to: "deferred",
        reason: "Deferred: the reviewer needs the qualification documents",
      });
      const s = ws
        .synth(sid("deferred"), (stack) => {
          const a = new WechatCodeAudit(stack, "release", {
            auditId: auditid,
            allowedStatuses: [AuditStatus.Approved],
            ...FAST,
          });
          new TerraformOutput(stack, "status_name", { value: a.statusName });
        })
        .on(engine);
      const first = await s.plan({ env: wechatEnv(token) });
      expect(first.code, describeRun(first)).toBe(1);
      expect(first.text).toContain(`WeChat code audit ${auditid} is deferred (status 4), expected approved`);
      expect(first.text).toContain("Deferred: the reviewer needs the qualification documents");

      await emu.admin.transitionAudit(auditid, { to: "approved" });
      const second = await s.plan({ env: wechatEnv(token) });
      expect(second.code, describeRun(second)).toBe(0);
      expect(second.text).toContain('status_name = "approved"');
    });
  });

  describe("5. a nickname audit in review, expect succeeded", () => {
    async function nicknameAuditInReview(token: string): Promise<number> {
      const wx = client(token);
      try {
        // A keyword-policy name goes to a review (an audit_id); a clear one would be applied at once.
        const { audit_id } = await wx.setNickName({ nick_name: "Tencent Harbor" });
        if (audit_id === undefined) throw new Error("setNickName answered no audit_id");
        return audit_id;
      } finally {
        await wx.close();
      }
    }
    const stackOf = (name: string, auditId: number, severity: "error" | "warning") =>
      ws.synth(name, (stack) => {
        const a = new WechatNicknameAudit(stack, "rename", {
          auditId,
          expect: "succeeded",
          severity,
          ...FAST,
        });
        new TerraformOutput(stack, "audit_stat_name", { value: a.auditStatName });
        new TerraformOutput(stack, "nickname", { value: a.nickname });
      });

    for (const severity of ["warning", "error"] as const) {
      it(`${severity} severity: ${severity === "warning" ? "warns" : "fails"}, saying the audit has not succeeded; attributes feed outputs`, async () => {
        const token = tok(`nick-audit-${severity}`);
        const auditId = await nicknameAuditInReview(token);
        const synthesized = stackOf(sid(`nick-audit-${severity}`), auditId, severity);
        // The attributes feed outputs in both severities.
        const outputs = synthesized.json().output as Record<string, { value: string }>;
        expect(outputs.audit_stat_name?.value).toMatch(
          /^\$\{data\.external\.[^.]+\.result\.audit_stat_name\}$/,
        );
        const r = await synthesized.on(engine).plan({ env: wechatEnv(token) });
        const sentence = `WeChat nickname audit ${auditId} for "Tencent Harbor" is in_review (audit_stat 1), expected succeeded`;
        expect(r.text).toContain(sentence);
        if (severity === "warning") {
          expect(r.code, describeRun(r)).toBe(0);
          expect(r.text).toMatch(/Warning: Check block assertion failed/);
          expect(r.text).toContain('audit_stat_name = "in_review"');
          expect(r.text).toContain('nickname = "Tencent Harbor"');
        } else {
          expect(r.code, describeRun(r)).toBe(1);
          expect(r.text).toMatch(/Error: Resource postcondition failed/);
        }
      });
    }
  });

  describe("6. WeChat answers -1 (system busy)", () => {
    async function approvedAudit(token: string): Promise<number> {
      const auditid = await submittedAudit(token);
      await emu.admin.transitionAudit(auditid, { to: "approved" });
      return auditid;
    }
    const auditStack = (name: string, auditid: number, severity: "error" | "warning") =>
      ws
        .synth(name, (stack) => {
          const a = new WechatCodeAudit(stack, "release", { auditId: auditid, severity, ...FAST });
          new TerraformOutput(stack, "status_name", { value: a.statusName });
        })
        .on(engine);

    it("twice, then recovers: plan succeeds", async () => {
      const token = tok("busy-twice");
      const auditid = await approvedAudit(token);
      const tenant = emu.admin.tenantOf(token);
      await emu.admin.addFault({ endpoint: "getAuditStatus", errcode: -1, times: 2, tenant });
      const r = await auditStack(sid("busy-twice"), auditid, "error").plan({ env: wechatEnv(token) });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.text).toContain('status_name = "approved"');
      expect(await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant, errcode: -1 })).toBe(2);
      expect(await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant })).toBe(3);
    });

    it("for ever, error severity: plan fails (fails closed)", async () => {
      const token = tok("busy-forever-error");
      const auditid = await approvedAudit(token);
      await emu.admin.addFault({
        endpoint: "getAuditStatus",
        errcode: -1,
        tenant: emu.admin.tenantOf(token),
      });
      const r = await auditStack(sid("busy-forever-error"), auditid, "error").plan({ env: wechatEnv(token) });
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.text).toMatch(/Error: Resource postcondition failed/);
      expect(r.text).toContain(
        `WeChat code audit ${auditid} could not be read: errcode -1 (${flat(describeErrcode(-1))})`,
      );
    });

    it("for ever, warning severity: plan succeeds with a warning", async () => {
      const token = tok("busy-forever-warning");
      const auditid = await approvedAudit(token);
      await emu.admin.addFault({
        endpoint: "getAuditStatus",
        errcode: -1,
        tenant: emu.admin.tenantOf(token),
      });
      const r = await auditStack(sid("busy-forever-warning"), auditid, "warning").plan({
        env: wechatEnv(token),
      });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.text).toMatch(/Warning: Check block assertion failed/);
      expect(r.text).toContain(`WeChat code audit ${auditid} could not be read: errcode -1`);
    });
  });

  it("7. emulator not running: plan fails with a clear message, in bounded time", {
    timeout: 60_000,
  }, async () => {
    const port = await closedPort();
    const s = ws
      .synth(sid("down"), (stack) => {
        new WechatNicknameCheck(stack, "name", { nickName: "Quiet Harbor Books", ...FAST });
      })
      .on(engine);
    const r = await s.plan({
      env: { WECHAT_API_BASE_URL: `http://127.0.0.1:${port}`, WECHAT_ACCESS_TOKEN: tok("down") },
    });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.text).toContain(
      `WeChat nickname check for "Quiet Harbor Books" could not reach WeChat at 127.0.0.1:${port} (connect: cannot connect); failing closed`,
    );
  });
});

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const addr = srv.address();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  if (addr === null || typeof addr === "string") throw new Error("no port");
  return addr.port;
}
