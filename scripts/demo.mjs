// The main job (`npm run demo`): start an embedded emulator, create a few audits through its
// WeChat surface, then ask where things stand the way a user would: with the `wxa` CLI, and with
// the example CDKTF stack's checks run as Terraform runs them. The emulator stops at the end,
// whatever happens.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WechatClient } from "@wxa-audit/core";
import { startEmulator } from "@wxa-audit/emulator";

const root = fileURLToPath(new URL("..", import.meta.url));
const wxaBin = join(root, "packages/core/bin/wxa.js");
const token = "demo-access-token";

const emulator = await startEmulator({ port: 0, seed: 2026 });
const workDir = mkdtempSync(join(tmpdir(), "wxa-demo-"));
let failed = false;
try {
  console.log(`\n== Embedded WeChat emulator at ${emulator.url}\n`);
  const wx = new WechatClient({ baseUrl: emulator.url, token });

  // A rejected release audit, a deferred one, and a rename under review.
  const rejected = await wx.submitAudit({ version_desc: "1.0.0" });
  await emulator.admin.transitionAudit(rejected.auditid, { to: "rejected" });
  const latest = await wx.submitAudit({ version_desc: "1.0.1" });
  await emulator.admin.transitionAudit(latest.auditid, { to: "deferred" });
  const rename = await wx.setNickName({ nick_name: "Tencent 小店" });
  await wx.close();

  const env = { ...process.env, WECHAT_API_BASE_URL: emulator.url, WECHAT_ACCESS_TOKEN: token };
  const run = (args) => {
    console.log(`$ wxa ${args.join(" ")}`);
    const r = spawnSync(process.execPath, [wxaBin, ...args], { env, encoding: "utf8" });
    process.stdout.write(r.stdout + r.stderr);
    console.log(`(exit ${r.status})\n`);
  };
  run(["check-nickname", "小店助手"]);
  run(["check-nickname", "Tencent 小店"]);
  run(["check-nickname", ""]);
  run(["nickname-status", String(rename.audit_id)]);
  run(["audit-status", String(rejected.auditid)]);
  run(["latest-audit"]);
  run(["audit-status", "999999999", "--json"]);

  const { previewDemo } = await import("./demo-stack.mjs").catch(() => ({ previewDemo: undefined }));
  if (previewDemo) {
    await previewDemo({
      emulator,
      env,
      workDir,
      ids: { rejected: rejected.auditid, latest: latest.auditid, rename: rename.audit_id },
    });
  }
} catch (err) {
  failed = true;
  console.error(`demo failed: ${err instanceof Error ? err.message : err}`);
} finally {
  await emulator.close();
  rmSync(workDir, { recursive: true, force: true });
  console.log("== Emulator stopped.");
}
process.exitCode = failed ? 1 : 0;
