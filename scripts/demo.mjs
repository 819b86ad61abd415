// The main job (`npm run demo`): start an embedded emulator, create a few audits through its
// WeChat surface, then ask where things stand the way a user would: with the `wxa` CLI, and with
// the example CDKTF stack's checks read as `plan` reads them (the wxa-audit/wechat provider's own
// logic, in this process). The emulator stops at the end,
// whatever happens.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatPlanPreview, runChecksLikeTerraform } from "@wxa-audit/cdktf-provider";
import { WechatClient } from "@wxa-audit/core";
import { startEmulator } from "@wxa-audit/emulator";

const root = fileURLToPath(new URL("..", import.meta.url));
const wxaBin = join(root, "packages/core/bin/wxa.js");
const example = join(root, "examples/wechat-checks");
const token = "demo-access-token";

const emulator = await startEmulator({ port: 0, seed: 2026 });
const workDir = mkdtempSync(join(tmpdir(), "wxa-demo-"));
let failed = false;
try {
  console.log(`\n== Embedded WeChat emulator at ${emulator.url}\n`);
  const wx = new WechatClient({ baseUrl: emulator.url, token });

  // A rejected release audit followed by an approved one, and a rename under review (a name with
  // 腾讯, WeChat's documented sample, hits the default keyword policy; with material, here a
  // licence's media id, setnickname opens a nickname audit, without it answers 91009).
  const rejected = await wx.submitAudit({ version_desc: "1.0.0" });
  await emulator.admin.transitionAudit(rejected.auditid, { to: "rejected" });
  const approved = await wx.submitAudit({ version_desc: "1.0.1" });
  await emulator.admin.transitionAudit(approved.auditid, { to: "approved" });
  const rename = await wx.setNickName({ nick_name: "腾讯小店", license: "demo-license-media-id" });
  await wx.close();

  const env = { ...process.env, WECHAT_API_BASE_URL: emulator.url, WECHAT_ACCESS_TOKEN: token };
  // Child processes run asynchronously: the emulator answers from this very process.
  const node = (args, options) =>
    new Promise((resolve) =>
      execFile(process.execPath, args, { encoding: "utf8", ...options }, (err, stdout, stderr) =>
        resolve({ status: err ? (err.code ?? 1) : 0, stdout, stderr }),
      ),
    );
  for (const args of [
    ["check-nickname", "小店助手"],
    ["check-nickname", "腾讯小店"],
    ["check-nickname", ""],
    ["nickname-status", String(rename.audit_id)],
    ["audit-status", String(rejected.auditid)],
    ["latest-audit"],
    ["audit-status", "999999999", "--json"],
  ]) {
    const r = await node([wxaBin, ...args], { env });
    console.log(`$ wxa ${args.map((a) => (a === "" || a.includes(" ") ? JSON.stringify(a) : a)).join(" ")}`);
    process.stdout.write(r.stdout + r.stderr);
    console.log(`(exit ${r.status})\n`);
  }

  // The example CDKTF stack, synthesized by running the app, then its checks read as `plan` would:
  // the provider configured from the stack's provider block and this environment.
  const outdir = join(workDir, "cdktf.out");
  const synth = await node(["main.js"], {
    cwd: example,
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      WXA_NICKNAME: "腾讯小店",
      WXA_NICKNAME_AUDIT_ID: String(rename.audit_id),
      WXA_CODE_AUDIT_ID: String(rejected.auditid),
      WXA_TIME_BUDGET_MS: "5000",
    },
  });
  if (synth.status !== 0) throw new Error(`synth of examples/wechat-checks failed:\n${synth.stderr}`);
  const stackDir = join(outdir, "stacks", "wechat-checks");
  console.log(`== examples/wechat-checks synthesized; its checks, as \`plan\` would read them:\n`);
  const preview = await runChecksLikeTerraform(stackDir, {
    env: { ...env, WXA_TOKEN_CACHE_DIR: join(workDir, "token-cache") },
  });
  console.log(formatPlanPreview(preview));
  console.log(
    `\n(The release audit ${rejected.auditid} was rejected on purpose, so its error-severity check fails the plan.)\n`,
  );
} catch (err) {
  failed = true;
  console.error(`demo failed: ${err instanceof Error ? err.message : err}`);
} finally {
  await emulator.close();
  rmSync(workDir, { recursive: true, force: true });
  console.log("== Emulator stopped.");
}
process.exitCode = failed ? 1 : 0;
