import { join } from "node:path";
import { WechatClient } from "@wxa-audit/core";
import { startEmulator } from "@wxa-audit/emulator";
import { Testing } from "cdktf";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  AuditStatus,
  formatPlanPreview,
  runChecksLikeTerraform,
  WechatAuditQuota,
  WechatCodeAudit,
  WechatLatestCodeAudit,
  WechatNicknameAudit,
  WechatNicknameCheck,
} from "../src/index.js";
import { appStack } from "./helpers.js";

let emu: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 3 });
});
afterAll(async () => {
  await emu?.close();
});

const fast = { retryBaseDelayMs: 1, timeBudgetMs: 5_000 };

it("reads a synthesized stack's checks with the provider's logic and summarizes them as plan would", async () => {
  const token = "preview-token-000001";
  const wechat = new WechatClient({ baseUrl: emu.url, token });
  const rejected = await wechat.submitAudit({});
  await emu.admin.transitionAudit(rejected.auditid, { to: "rejected", reason: "Blurry icon" });
  const { audit_id } = await wechat.setNickName({ nick_name: "腾讯 Foo", license: "media-license" });
  await wechat.close();

  const { stack } = appStack("preview");
  new WechatNicknameCheck(stack, "free-name", { ...fast, nickName: "Free Name" });
  new WechatNicknameAudit(stack, "rename", { ...fast, auditId: audit_id!, expect: "not-failed" });
  new WechatCodeAudit(stack, "release", { ...fast, auditId: rejected.auditid, severity: "warning" });
  new WechatLatestCodeAudit(stack, "latest", { ...fast, allowedStatuses: [AuditStatus.Approved] });
  // An aliased provider: its own base URL and token variable.
  new WechatAuditQuota(stack, "quota", { ...fast, baseUrl: emu.url, accessTokenVar: "OTHER_TOKEN" });
  const stackDir = join(Testing.fullSynth(stack), "stacks", "preview");

  const preview = await runChecksLikeTerraform(stackDir, {
    env: { WECHAT_API_BASE_URL: emu.url, WECHAT_ACCESS_TOKEN: token, OTHER_TOKEN: token },
    providerOptions: { tokenStore: null },
  });
  const verdicts = Object.fromEntries(preview.checks.map((c) => [c.path, c.verdict]));
  expect(verdicts).toEqual({
    "preview/free-name/result": "pass",
    "preview/rename/result": "pass",
    "preview/release/result": "warning",
    "preview/latest/result": "error", // the latest audit is the rejected one
    "preview/quota/result": "pass",
  });
  expect(preview).toMatchObject({ errors: 1, warnings: 1, ok: false });
  const quota = preview.checks.find((c) => c.type === "wechat_audit_quota")!;
  expect(quota.provider).toMatch(/^wechat\.wxa_[0-9a-f]{12}$/);
  expect(quota.state).toMatchObject({ ok: true, rest: expect.any(Number) });
  const release = preview.checks.find((c) => c.type === "wechat_code_audit")!;
  expect(release.diagnostics).toHaveLength(1);
  expect(release.diagnostics[0]!.severity).toBe("warning");

  const text = formatPlanPreview(preview);
  expect(text).toMatch(/^ {2}ERROR {2}preview\/latest\/result \[wechat_latest_code_audit\]: .+/m);
  expect(text).toMatch(/^ {2}WARN {3}preview\/release\/result \[wechat_code_audit\]: .*Blurry icon/m);
  expect(text).toMatch(/^ {2}PASS {3}preview\/free-name\/result \[wechat_nickname_check\]: .*Free Name/m);
  expect(text).toMatch(
    /^ {2}PASS {3}preview\/quota\/result \[wechat_audit_quota, provider wechat\.wxa_\w+\]/m,
  );
  expect(text).toMatch(/Plan would fail: 1 error\(s\), 1 warning\(s\)\.$/);
  expect(text).not.toContain(token);
});

it("reports missing credentials as the provider does: an error, even at warning severity", async () => {
  const { stack } = appStack("misuse");
  new WechatLatestCodeAudit(stack, "latest", { severity: "warning" });
  const stackDir = join(Testing.fullSynth(stack), "stacks", "misuse");
  const preview = await runChecksLikeTerraform(stackDir, {
    env: { WECHAT_API_BASE_URL: emu.url },
    providerOptions: { tokenStore: null },
  });
  expect(preview).toMatchObject({ errors: 1, ok: false });
  expect(preview.checks[0]!.verdict).toBe("error");
  expect(formatPlanPreview(preview)).toMatch(
    /ERROR {2}misuse\/latest\/result \[wechat_latest_code_audit\]: .+/,
  );
});

it("refuses to guess a Terraform expression", async () => {
  const { TerraformVariable } = await import("cdktf");
  const { stack } = appStack("expr");
  const id = new TerraformVariable(stack, "id", { type: "number" });
  new WechatCodeAudit(stack, "c", { auditId: id.numberValue });
  const stackDir = join(Testing.fullSynth(stack), "stacks", "expr");
  const env = { WECHAT_API_BASE_URL: emu.url, WECHAT_ACCESS_TOKEN: "t" };
  const preview = await runChecksLikeTerraform(stackDir, { env, providerOptions: { tokenStore: null } });
  expect(preview.checks[0]!.diagnostics[0]!.summary).toMatch(
    /^Cannot preview audit_id: it is a Terraform expression/,
  );
});
