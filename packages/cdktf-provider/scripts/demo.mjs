// The README's demo: start the embedded emulator, create a nickname audit and a code audit
// through the WeChat surface, synthesize examples/wechat-checks with their ids (`node main.js`,
// app.synth()), then run every check as `terraform plan` would and print a readable summary.
//
//   pnpm --filter @wxa-audit/cdktf-provider build && node packages/cdktf-provider/scripts/demo.mjs
//
// Exit 0 when the plan would go on (the demo's error-severity checks are arranged to pass and
// some warnings to fire), 1 otherwise.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WechatClient } from "@wxa-audit/core";
import { startEmulator } from "@wxa-audit/emulator";
import { formatPlanPreview, runChecksLikeTerraform } from "../dist/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const example = join(root, "examples", "wechat-checks");

const emu = await startEmulator({ port: 0, seed: 1 });
try {
  const token = "demo-access-token-0001";
  const wechat = new WechatClient({ baseUrl: emu.url, token });
  // A nickname audit in review ("Tencent" opens one), and a code audit that WeChat approved
  // after an earlier one was rejected.
  const { audit_id } = await wechat.setNickName({ nick_name: "Tencent Foo" });
  const first = await wechat.submitAudit({});
  await emu.admin.transitionAudit(first.auditid, {
    to: "rejected",
    reason: "Privacy policy missing",
    screenshot: "media1|media2",
  });
  const second = await wechat.submitAudit({});
  await emu.admin.transitionAudit(second.auditid, { to: "approved" });
  await wechat.close();

  const outdir = mkdtempSync(join(tmpdir(), "wxa-demo-"));
  const synth = spawnSync(process.execPath, ["main.js"], {
    cwd: example,
    stdio: "inherit",
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      WXA_NICKNAME: "Tencent Foo",
      WXA_NICKNAME_AUDIT_ID: String(audit_id),
      WXA_CODE_AUDIT_ID: String(second.auditid),
      WXA_TIME_BUDGET_MS: "5000",
    },
  });
  if (synth.status !== 0) throw new Error(`synth failed (exit ${synth.status})`);
  console.log(`Synthesized ${join(outdir, "stacks", "wechat-checks", "cdk.tf.json")}\n`);

  // Secrets only at "plan" time, from the environment, as Terraform would pass them.
  const preview = await runChecksLikeTerraform(join(outdir, "stacks", "wechat-checks"), {
    env: {
      ...process.env,
      WECHAT_API_BASE_URL: emu.url,
      WECHAT_ACCESS_TOKEN: token,
      WXA_TOKEN_CACHE_DIR: join(outdir, "token-cache"),
    },
  });
  console.log(formatPlanPreview(preview));
  process.exitCode = preview.ok ? 0 : 1;
} finally {
  await emu.close();
}
