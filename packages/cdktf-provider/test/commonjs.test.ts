/**
 * CommonJS apps (ts-node with cdktf's TypeScript template, jest) load the packages through
 * `require`. This runs, on the Node running the tests (CI repeats the unit tests on Node 24), a
 * CommonJS program that requires every entry point of core, the emulator and this package, and
 * uses them: a stack synthesized with a check, the matchers registered on a stand-in `expect`,
 * core's client against the emulator. The packed packages in real apps: scripts/pack-check.mjs.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");

const PROGRAM = `
const { App, TerraformStack } = require("cdktf");
const { WechatNicknameCheck } = require("@wxa-audit/cdktf-provider");
const { setupWxaMatchers } = require("@wxa-audit/cdktf-provider/testing");
const { WechatClient } = require("@wxa-audit/core");
const { ERRCODES } = require("@wxa-audit/core/tables");
const { createPushHandler } = require("@wxa-audit/core/push");
const { startEmulator } = require("@wxa-audit/emulator");

const app = new App({ outdir: require("node:os").tmpdir() + "/wxa-cjs-" + process.pid });
const stack = new TerraformStack(app, "s");
new WechatNicknameCheck(stack, "name", { nickName: "Quiet Harbor Books" });
const synthesized = JSON.stringify(require("cdktf").Testing.synth(stack));
const registered = [];
setupWxaMatchers({ extend: (m) => registered.push(...Object.keys(m)) });

(async () => {
  const emu = await startEmulator({ port: 0 });
  const answer = await new WechatClient({ token: "cjs", baseUrl: emu.url }).checkNickName({ nick_name: "Quiet Harbor Books" });
  await emu.close();
  require("node:fs").rmSync(app.outdir, { recursive: true, force: true });
  console.log(JSON.stringify({
    resolved: ["@wxa-audit/cdktf-provider", "@wxa-audit/cdktf-provider/testing", "@wxa-audit/core",
      "@wxa-audit/core/tables", "@wxa-audit/core/push", "@wxa-audit/emulator"].map((m) => require.resolve(m)),
    synthesized, registered, errcode: answer.errcode, errcodes: ERRCODES.size,
    push: typeof createPushHandler,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("CommonJS", () => {
  it(`require() loads every entry point on Node ${process.versions.node}, from the CommonJS build`, () => {
    const r = spawnSync(process.execPath, ["--input-type=commonjs", "-e", PROGRAM], {
      cwd: pkgDir,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const path of out.resolved) expect(path).toMatch(/[/\\]dist[/\\]cjs[/\\]/);
    expect(out.synthesized).toContain("wechat_nickname_check");
    expect(out.registered).toContain("toHaveWechatCheck");
    expect(out.errcode).toBe(0);
    expect(out.errcodes).toBeGreaterThan(0);
    expect(out.push).toBe("function");
  });
});
