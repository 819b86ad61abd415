/**
 * The cdktf CLI as users run it: cdktf-cli 0.21 from npm (its own install, cached under
 * .tools/npm) runs `cdktf get`, `cdktf synth` and `cdktf diff` / `cdktf plan` on a scratch app
 * (`cdktf.json` + `node main.mjs`) that uses @wxa-audit/cdktf-provider, against the emulator. The
 * engine is the one TERRAFORM_BINARY_NAME names (each of ours in turn); the provider comes from
 * its release zips through TF_CLI_CONFIG_FILE (a `filesystem_mirror`, no `direct`), as an offline
 * or air-gapped user installs it.
 *
 * The one setting such a user needs on top (README "Offline / air-gapped"): the first `cdktf diff`
 * of a stack runs `<engine> providers lock -platform=linux_amd64`, which ignores the CLI config's
 * mirrors and asks the registry, so it fails offline; `--skip-provider-lock` (or
 * CDKTF_SKIP_PROVIDER_LOCK=true: cdktf reads its flags from CDKTF_* variables) skips it, and
 * `init` still writes `.terraform.lock.hcl` from the mirror. It is needed on every run, not only
 * the first: with OpenTofu, cdktf 0.21 looks the lock file up under registry.terraform.io, finds
 * nothing, and locks again. The first test shows the failure, so the day cdktf stops needing the
 * flag this file says so.
 */
import { readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describeErrcode } from "@wxa-audit/core";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Check, runCli, started, writeApp } from "../support/cli-app.js";
import { describeRun, type Engine, e2eContext, enginesOrSkip, flat, Workspace } from "../support/harness.js";
import { providerPackageDir, providerVersion, repoRoot } from "../support/tools.mjs";

const ctx = e2eContext();
const engines = ctx.cdktfCli.bin ? enginesOrSkip() : [];
if (!ctx.cdktfCli.bin && ctx.engines.length > 0) {
  it.skip(`cdktf CLI tests skipped: ${ctx.cdktfCli.skipReason}`, () => {});
}
const cdktf = { id: "cdktf", name: `cdktf-cli ${ctx.cdktfCli.version}`, bin: ctx.cdktfCli.bin } as Engine;
/** The workspace's node_modules (cdktf, constructs, the constructs package): the app's dependencies. */
const E2E_NODE_MODULES = join(repoRoot, "e2e", "node_modules");
const BINDINGS = join(providerPackageDir, "..", "cdktf-provider", "src", "gen");
const OFFLINE_FLAG = "--skip-provider-lock";

let emu: RunningEmulator;
let ws: Workspace;
let home: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "wxa-e2e-cdktf-cli" });
  await emu.admin.setNameRules({ forbiddenWords: ["Casino"] });
  ws = new Workspace("cdktf-cli");
  // cdktf points TF_PLUGIN_CACHE_DIR at ~/.terraform.d/plugin-cache: a HOME of our own.
  home = ws.dir("home");
});

afterAll(async () => {
  await emu?.close();
  ws?.dispose();
});

/** A user's app on cdktf and this package; node_modules: the workspace's (cdktf, constructs, ours). */
function app(name: string, checks: Check[], cdktfJson: Record<string, unknown> = {}): string {
  const dir = ws.dir(name);
  symlinkSync(E2E_NODE_MODULES, join(dir, "node_modules"), "dir");
  writeApp(dir, { core: "cdktf", constructs: "@wxa-audit/cdktf-provider" }, checks, cdktfJson);
  return dir;
}

function run(engine: Engine, dir: string, args: string[], env: Record<string, string> = {}) {
  return runCli(cdktf, engine, dir, args, home, env);
}

function wechatEnv(token: string): Record<string, string> {
  return { WECHAT_API_BASE_URL: emu.url, WECHAT_ACCESS_TOKEN: token };
}

/**
 * The provider's address in cdktf.json's `terraformProviders` for `cdktf get`: cdktf 0.21 looks
 * the provider up in `<engine> providers schema -json` by its full address, with
 * registry.terraform.io as the default host, and OpenTofu names it under registry.opentofu.org.
 */
function getSource(engine: Engine): string {
  return engine.name.startsWith("OpenTofu") ? "registry.opentofu.org/wxa-audit/wechat" : "wxa-audit/wechat";
}

if (engines.length > 0) {
  const first = engines[0]!;

  describe(`${cdktf.name} with ${first.name}`, () => {
    it("cdktf synth: the stack's cdk.tf.json has the check and requires wxa-audit/wechat", async () => {
      const dir = app("synth", [{ id: "name", nickName: "Quiet Harbor Books" }]);
      const done = started("cdktf synth");
      const r = await run(first, dir, ["synth"]);
      done();
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.text).toContain("Generated Terraform code for the stacks: release");
      const json = JSON.parse(
        readFileSync(join(dir, "cdktf.out", "stacks", "release", "cdk.tf.json"), "utf8"),
      );
      expect(json.terraform.required_providers.wechat.source).toBe("wxa-audit/wechat");
      const checks = Object.values(json.data.wechat_nickname_check) as Array<Record<string, unknown>>;
      expect(checks.map((c) => c.nick_name)).toEqual(["Quiet Harbor Books"]);
    });

    it(`offline without ${OFFLINE_FLAG}: the first cdktf diff fails in 'providers lock' (why the README says to set it)`, async () => {
      const dir = app("no-flag", [{ id: "name", nickName: "Quiet Harbor Books" }]);
      const done = started("cdktf diff (no flag)");
      const r = await run(first, dir, ["diff", "--no-color"], wechatEnv("cli-no-flag"));
      done();
      expect(r.code, describeRun(r)).not.toBe(0);
      expect(r.text).toMatch(/providers for locking|providers lock/i);
    });
  });

  describe.each(engines)(`${cdktf.name} on $name`, (engine: Engine) => {
    const key = engine.id.replace(/[^a-z0-9]/gi, "-");

    it("cdktf get: generates the wechat bindings from the provider in the mirror, as the package ships them", async () => {
      const dir = app(`get-${key}`, [], {
        terraformProviders: [`${getSource(engine)}@~> 0.1`],
        codeMakerOutput: ".gen",
      });
      const done = started(`cdktf get on ${engine.name}`);
      const r = await run(engine, dir, ["get"]);
      done();
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.text).toContain("Generated typescript constructs");
      const gen = join(dir, ".gen", "providers", "wechat");
      const shipped = readdirSync(BINDINGS).filter((d) => d.startsWith("data-") || d === "provider");
      const generated = readdirSync(gen).filter((d) => d.startsWith("data-") || d === "provider");
      expect(generated.sort()).toEqual(shipped.sort());
      const resourceType = (file: string) =>
        readFileSync(file, "utf8").match(/tfResourceType = "([a-z_]+)"/)?.[1];
      for (const d of shipped) {
        expect(resourceType(join(gen, d, "index.ts")), d).toBe(resourceType(join(BINDINGS, d, "index.ts")));
      }
      // Read from the installed release zip's schema, at its version.
      expect(readFileSync(join(gen, "provider", "index.ts"), "utf8")).toContain(
        `providerVersion: '${providerVersion}'`,
      );
    });

    it(`cdktf diff ${OFFLINE_FLAG}: plans against the emulator: exit 0, the outputs, a warning-severity check's warning`, async () => {
      const dir = app(`diff-${key}`, [
        { id: "name", nickName: "Quiet Harbor Books" },
        { id: "casino", nickName: "Lucky Casino", severity: "warning" },
      ]);
      const done = started(`cdktf diff on ${engine.name}`);
      const r = await run(engine, dir, ["diff", "--no-color", OFFLINE_FLAG], wechatEnv(`cli-diff-${key}`));
      done();
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.text).toContain('name_outcome = "passed"');
      expect(r.text).toContain('casino_outcome = "errcode"');
      expect(r.text).toContain("Warning:");
      expect(r.text).toContain("53012");
      // init alone wrote the lock file, from the mirror.
      const lock = readFileSync(join(dir, "cdktf.out", "stacks", "release", ".terraform.lock.hcl"), "utf8");
      expect(lock).toContain("wxa-audit/wechat");
      expect(lock).toContain(`version     = "${providerVersion}"`);
    });

    it("cdktf plan with CDKTF_SKIP_PROVIDER_LOCK=true: a failing check fails it with the nickname and errcode", async () => {
      const dir = app(`plan-${key}`, [{ id: "casino", nickName: "Lucky Casino" }]);
      const done = started(`cdktf plan on ${engine.name}`);
      const r = await run(engine, dir, ["plan", "--no-color"], {
        ...wechatEnv(`cli-plan-${key}`),
        CDKTF_SKIP_PROVIDER_LOCK: "true",
      });
      done();
      expect(r.code, describeRun(r)).not.toBe(0);
      expect(r.text).not.toMatch(/providers for locking/i);
      expect(r.text).toContain("Lucky Casino");
      expect(r.text).toContain("53012");
      expect(r.text).toContain(flat(describeErrcode(53012)));
    });
  });
}
