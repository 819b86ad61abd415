/**
 * Scenarios 1-7: a real `plan` on every engine of configurations written both as HCL (the
 * `.tf` files in e2e/hcl) and with the CDKTF constructs, against one emulator for the file. The
 * provider is installed from its release zips (packed mirror). Every scenario uses its own tokens,
 * so its own lenient-mode tenants: audits, faults and journal counts never cross scenarios,
 * sources or engines. Assertions are on the exit code and on what a user reads.
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
import { TerraformOutput, TerraformVariable } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConfigDir,
  describeRun,
  type Engine,
  enginesOrSkip,
  FAST,
  flat,
  SOURCES,
  type Source,
  Workspace,
} from "../support/harness.js";

const engines = enginesOrSkip();

let emu: RunningEmulator;
let ws: Workspace;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "wxa-e2e-checks" });
  // WeChat's own sample keyword is 腾讯; these ASCII names hit the same policy through a rule of ours.
  await emu.admin.setNameRules({
    forbiddenWords: ["Casino"],
    keywordPolicies: [{ keyword: "Tencent", wording: SUBJECT_NAME_WORDING }],
  });
  ws = new Workspace("checks");
});

afterAll(async () => {
  await emu?.close();
  ws?.dispose();
});

/** Where the checks go and as whom: the emulator, and a token of its own per scenario. */
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

type Severity = "error" | "warning";

/** The same configuration, as HCL or as a CDKTF stack. */
const configs = {
  clean(source: Source, name: string): ConfigDir {
    if (source === "HCL") return ws.hcl(name, "clean");
    return ws.synth(name, (stack) => {
      const c = new WechatNicknameCheck(stack, "name", { nickName: "Quiet Harbor Books", ...FAST });
      new TerraformOutput(stack, "ok", { value: c.ok });
      new TerraformOutput(stack, "outcome", { value: c.outcome });
      new TerraformOutput(stack, "errcode", { value: c.errcode });
      new TerraformOutput(stack, "hit_condition", { value: c.hitCondition });
      new TerraformOutput(stack, "message", { value: c.message });
    });
  },
  forbidden(source: Source, name: string): ConfigDir {
    if (source === "HCL") return ws.hcl(name, "forbidden");
    return ws.synth(name, (stack) => {
      new WechatNicknameCheck(stack, "name", { nickName: "Lucky Casino", ...FAST });
    });
  },
  hitWarning(source: Source, name: string): ConfigDir {
    if (source === "HCL") return ws.hcl(name, "hit-warning");
    return ws.synth(name, (stack) => {
      const c = new WechatNicknameCheck(stack, "name", {
        nickName: "Tencent Weather",
        onHitCondition: "warning",
        ...FAST,
      });
      new TerraformOutput(stack, "hit_condition", { value: c.hitCondition });
      new TerraformOutput(stack, "wording", { value: c.wording });
    });
  },
  codeAudit(source: Source, name: string, auditId: number, severity: Severity = "error"): ConfigDir {
    if (source === "HCL") return ws.hcl(name, "code-audit", { audit_id: auditId, severity });
    return ws.synth(name, (stack) => {
      const a = new WechatCodeAudit(stack, "release", {
        auditId,
        allowedStatuses: [AuditStatus.Approved],
        severity,
        ...FAST,
      });
      new TerraformOutput(stack, "status_name", { value: a.statusName });
    });
  },
  nicknameAudit(source: Source, name: string, auditId: number, severity: Severity): ConfigDir {
    if (source === "HCL") return ws.hcl(name, "nickname-audit", { audit_id: auditId, severity });
    return ws.synth(name, (stack) => {
      const a = new WechatNicknameAudit(stack, "rename", { auditId, expect: "succeeded", severity, ...FAST });
      new TerraformOutput(stack, "audit_stat_name", { value: a.auditStatName });
      new TerraformOutput(stack, "nickname", { value: a.nickname });
    });
  },
};

describe.each(engines)("$name", (engine: Engine) => {
  describe.each(SOURCES)("%s", (source: Source) => {
    const key = `${engine.id}-${source}`.replace(/[^a-z0-9]/gi, "-").toLowerCase();
    const tok = (scenario: string) => `e2e-${key}-${scenario}`;
    const sid = (scenario: string) => `${key}-${scenario}`;

    it("1. a clean name: plan succeeds, outputs show the check's attributes", async () => {
      const r = await configs
        .clean(source, sid("clean"))
        .on(engine)
        .plan({ env: wechatEnv(tok("clean")) });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.text).toContain("ok = true");
      expect(r.text).toContain('outcome = "passed"');
      expect(r.text).toContain("errcode = 0");
      expect(r.text).toContain("hit_condition = false");
      expect(r.text).toMatch(/message = ".*Quiet Harbor Books.*"/);
      expect(r.text).not.toMatch(/Warning:|Error:/);
    });

    it("2. a forbidden name (53012), error severity: plan fails naming the nickname, errcode and meaning", async () => {
      const r = await configs
        .forbidden(source, sid("forbidden"))
        .on(engine)
        .plan({ env: wechatEnv(tok("forbidden")) });
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.text).toContain("Error:");
      expect(r.text).toContain("Lucky Casino");
      expect(r.text).toContain("53012");
      expect(r.text).toContain(flat(describeErrcode(53012)));
    });

    it("3. hit_condition with on_hit_condition warning: plan succeeds with a warning carrying the wording", async () => {
      const r = await configs
        .hitWarning(source, sid("hit"))
        .on(engine)
        .plan({ env: wechatEnv(tok("hit")) });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.text).toContain("Warning:");
      expect(r.text).toContain("Tencent Weather");
      expect(r.text).toContain(flat(SUBJECT_NAME_WORDING));
      expect(r.text).toContain("hit_condition = true");
      expect(r.text).not.toContain("Error:");
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
        const r = await configs
          .codeAudit(source, sid("rejected"), auditid)
          .on(engine)
          .plan({ env: wechatEnv(token) });
        expect(r.code, describeRun(r)).toBe(1);
        expect(r.text).toContain("Error:");
        expect(r.text).toContain(String(auditid));
        expect(r.text).toContain("rejected");
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
        const s = configs.codeAudit(source, sid("deferred"), auditid).on(engine);
        const first = await s.plan({ env: wechatEnv(token) });
        expect(first.code, describeRun(first)).toBe(1);
        expect(first.text).toContain("Error:");
        expect(first.text).toContain("deferred");
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
          // A keyword-policy name with material goes to a review (an audit_id); a clear one is applied at once.
          const { audit_id } = await wx.setNickName({
            nick_name: "Tencent Harbor",
            license: "media-license",
          });
          if (audit_id === undefined) throw new Error("setNickName answered no audit_id");
          return audit_id;
        } finally {
          await wx.close();
        }
      }

      for (const severity of ["warning", "error"] as const) {
        it(`${severity} severity: ${severity === "warning" ? "warns" : "fails"}, saying the audit is in review`, async () => {
          const token = tok(`nick-audit-${severity}`);
          const auditId = await nicknameAuditInReview(token);
          const r = await configs
            .nicknameAudit(source, sid(`nick-audit-${severity}`), auditId, severity)
            .on(engine)
            .plan({ env: wechatEnv(token) });
          expect(r.text).toContain(String(auditId));
          expect(r.text).toContain("Tencent Harbor");
          expect(r.text).toContain("in_review");
          if (severity === "warning") {
            expect(r.code, describeRun(r)).toBe(0);
            expect(r.text).toContain("Warning:");
            expect(r.text).toContain('audit_stat_name = "in_review"');
            expect(r.text).toContain('nickname = "Tencent Harbor"');
          } else {
            expect(r.code, describeRun(r)).toBe(1);
            expect(r.text).toContain("Error:");
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

      it("twice, then recovers: plan succeeds", async () => {
        const token = tok("busy-twice");
        const auditid = await approvedAudit(token);
        const tenant = emu.admin.tenantOf(token);
        await emu.admin.addFault({ endpoint: "getAuditStatus", errcode: -1, times: 2, tenant });
        const r = await configs
          .codeAudit(source, sid("busy-twice"), auditid)
          .on(engine)
          .plan({ env: wechatEnv(token) });
        expect(r.code, describeRun(r)).toBe(0);
        expect(r.text).toContain('status_name = "approved"');
        expect(await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant, errcode: -1 })).toBe(2);
        expect(await emu.admin.journalCount({ endpoint: "getAuditStatus", tenant })).toBe(3);
      });

      for (const severity of ["error", "warning"] as const) {
        it(`for ever, ${severity} severity: plan ${severity === "error" ? "fails (fails closed)" : "succeeds with a warning"}`, async () => {
          const token = tok(`busy-forever-${severity}`);
          const auditid = await approvedAudit(token);
          await emu.admin.addFault({
            endpoint: "getAuditStatus",
            errcode: -1,
            tenant: emu.admin.tenantOf(token),
          });
          const r = await configs
            .codeAudit(source, sid(`busy-forever-${severity}`), auditid, severity)
            .on(engine)
            .plan({ env: wechatEnv(token) });
          expect(r.code, describeRun(r)).toBe(severity === "error" ? 1 : 0);
          expect(r.text).toContain(severity === "error" ? "Error:" : "Warning:");
          expect(r.text).toContain(String(auditid));
          expect(r.text).toContain("-1");
          expect(r.text).toContain(flat(describeErrcode(-1)));
        });
      }
    });

    it("7. WeChat not reachable: plan fails with a clear message, in bounded time", {
      timeout: 60_000,
    }, async () => {
      const port = await closedPort();
      const r = await configs
        .clean(source, sid("down"))
        .on(engine)
        .plan({ env: { WECHAT_API_BASE_URL: `http://127.0.0.1:${port}`, WECHAT_ACCESS_TOKEN: tok("down") } });
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.text).toContain("Error:");
      expect(r.text).toContain("Quiet Harbor Books");
      expect(r.text).toContain(`127.0.0.1:${port}`);
      expect(r.text).toMatch(/could not reach WeChat/i);
    });
  });
});

/**
 * Issue 8: an `auditId` from a `TerraformVariable` (a number token at synth) reaches the plan as
 * `var.audit_id`; the value given at plan time is checked by the provider, not by the construct.
 */
describe.each(engines)("$name, CDKTF: auditId from a TerraformVariable", (engine: Engine) => {
  it("plans with the variable's value: an approved audit passes, a non-positive id is the provider's error", async () => {
    const token = `e2e-${engine.id}-audit-id-var`.replace(/[^a-z0-9-]/gi, "-").toLowerCase();
    const auditid = await submittedAudit(token);
    await emu.admin.transitionAudit(auditid, { to: "approved" });
    const s = ws
      .synth(`${engine.id}-audit-id-var`.replace(/[^a-z0-9-]/gi, "-").toLowerCase(), (stack) => {
        const id = new TerraformVariable(stack, "audit_id", { type: "number" });
        const a = new WechatCodeAudit(stack, "release", { auditId: id.numberValue, ...FAST });
        new TerraformOutput(stack, "status_name", { value: a.statusName });
      })
      .on(engine);
    const ok = await s.plan({ env: wechatEnv(token), args: ["-var", `audit_id=${auditid}`] });
    expect(ok.code, describeRun(ok)).toBe(0);
    expect(ok.text).toContain('status_name = "approved"');

    const bad = await s.plan({ env: wechatEnv(token), args: ["-var", "audit_id=0"] });
    expect(bad.code, describeRun(bad)).toBe(1);
    expect(bad.text).toContain("Error:");
    expect(bad.text).toContain("audit_id");
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
