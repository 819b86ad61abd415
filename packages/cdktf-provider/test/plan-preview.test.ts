import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WechatClient } from "@wxa-audit/core";
import { startEmulator } from "@wxa-audit/emulator";
import { Testing } from "cdktf";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  AuditStatus,
  formatPlanPreview,
  runChecksLikeTerraform,
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

it("runs a synthesized stack's checks as plan would and summarizes them", async () => {
  const token = "preview-token-000001";
  const wechat = new WechatClient({ baseUrl: emu.url, token });
  const rejected = await wechat.submitAudit({});
  await emu.admin.transitionAudit(rejected.auditid, { to: "rejected", reason: "Blurry icon" });
  const { audit_id } = await wechat.setNickName({ nick_name: "Tencent Foo" });
  await wechat.close();

  const { stack } = appStack("preview");
  const fast = { retryBaseDelayMs: 1, timeBudgetMs: 5_000 };
  new WechatNicknameCheck(stack, "free-name", { ...fast, nickName: "Free Name" });
  new WechatNicknameAudit(stack, "rename", { ...fast, auditId: audit_id!, expect: "not-failed" });
  new WechatCodeAudit(stack, "release", { ...fast, auditId: rejected.auditid, severity: "warning" });
  new WechatLatestCodeAudit(stack, "latest", { ...fast, allowedStatuses: [AuditStatus.Approved] });
  const stackDir = join(Testing.fullSynth(stack), "stacks", "preview");

  const preview = await runChecksLikeTerraform(stackDir, {
    env: {
      PATH: process.env.PATH,
      WECHAT_API_BASE_URL: emu.url,
      WECHAT_ACCESS_TOKEN: token,
      WXA_TOKEN_CACHE_DIR: mkdtempSync(join(tmpdir(), "wxa-preview-")),
    },
  });
  expect(preview.runs).toHaveLength(4);
  expect(preview.runs.every((r) => r.exitCode === 0)).toBe(true);
  expect(preview.errors).toBe(1); // the latest audit is the rejected one
  expect(preview.warnings).toBe(1); // the release audit, at warning severity
  expect(preview.ok).toBe(false);
  const failed = preview.verdicts.filter((v) => !v.passed);
  expect(failed.map((v) => [v.path, v.kind, v.severity])).toEqual([
    ["preview/latest/result", "postcondition", "error"],
    ["preview/release/result", "check", "warning"],
  ]);
  expect(failed[1]!.message).toMatch(
    new RegExp(
      `^WeChat code audit ${rejected.auditid} is rejected \\(status 1\\), expected approved: Blurry icon \\(screenshots: \\w+\\)$`,
    ),
  );
  const text = formatPlanPreview(preview);
  expect(text).toContain(
    `ERROR  preview/latest/result [postcondition]: WeChat latest code audit ${rejected.auditid} is rejected`,
  );
  expect(text).toContain("WARN   preview/release/result [check release_check_");
  expect(text).toContain(
    'PASS   preview/free-name/result [postcondition]: WeChat nickname check passed for "Free Name"',
  );
  expect(text).toMatch(/Plan would fail: 1 error\(s\), 1 warning\(s\)\.$/);
  expect(text).not.toContain(token);
});

it("reports a program that exits non-zero as Terraform does: an error", async () => {
  const { stack } = appStack("misuse");
  new WechatLatestCodeAudit(stack, "latest", { severity: "warning" });
  const stackDir = join(Testing.fullSynth(stack), "stacks", "misuse");
  const preview = await runChecksLikeTerraform(stackDir, { env: { PATH: process.env.PATH } });
  expect(preview.errors).toBe(1);
  expect(preview.verdicts[0]).toMatchObject({ kind: "program", passed: false });
  expect(preview.verdicts[0]!.message).toMatch(
    /^External Program Execution Failed \(exit 2\): wxa-check: no WeChat credentials/,
  );
});
