/**
 * Install, as users will: `npx @wxa-audit/terraform-provider install` (here: its bin, run with
 * node) puts the provider into the engines' implied local mirror under a fresh HOME, and a plain
 * `init` with NO CLI configuration finds it and `validate` runs it; `--dir` writes a mirror
 * elsewhere and prints the CLI config that uses it; running install twice changes nothing.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRun, type Engine, enginesOrSkip, Workspace } from "../support/harness.js";
import { engineEnv, providerBundle, providerPackageDir, providerVersion } from "../support/tools.mjs";

const engines = enginesOrSkip();
const installer = join(providerPackageDir, "bin", "wxa-provider.js");
let ws: Workspace;

beforeAll(() => {
  ws = new Workspace("install");
});
afterAll(() => ws?.dispose());

function install(args: string[], home: string) {
  const r = spawnSync(process.execPath, [installer, "install", "--bundle", providerBundle, ...args], {
    encoding: "utf8",
    env: { ...process.env, HOME: home, TF_CLI_CONFIG_FILE: join(home, "no-such.tfrc") },
  });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

describe.each(engines)("$name", (engine: Engine) => {
  const key = engine.id.replace(/[^a-z0-9]/gi, "-");

  it("install into the implied mirror: a plain init finds it, with no CLI config", async () => {
    const home = ws.dir(`home-${key}`);
    const first = install([], home);
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stdout).toContain(`installed: wxa-audit/wechat ${providerVersion}`);
    expect(first.stdout).toContain(
      join(home, ".terraform.d", "plugins", "registry.terraform.io", "wxa-audit", "wechat"),
    );
    expect(first.stdout).toContain(
      join(home, ".terraform.d", "plugins", "registry.opentofu.org", "wxa-audit", "wechat"),
    );
    const again = install([], home);
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toContain("already installed");

    const dir = ws.hcl(`implied-${key}`, "clean");
    // No CLI config at all: the engine's defaults, under this HOME.
    const plain = { ...engine, cliConfig: "" };
    const env = { HOME: home, TF_CLI_CONFIG_FILE: undefined };
    const init = await dir.on(plain).run(["init", "-input=false", "-no-color"], { env });
    expect(init.code, describeRun(init)).toBe(0);
    expect(init.text).toContain(`Installed wxa-audit/wechat v${providerVersion}`);
    const validate = await dir.on(plain).run(["validate", "-no-color"], { env });
    expect(validate.code, describeRun(validate)).toBe(0);
    expect(validate.text).toContain("The configuration is valid");
    expect(engineEnv(plain, env).TF_CLI_CONFIG_FILE).toBeUndefined();
  });

  it("--dir: a mirror elsewhere, and the printed CLI config makes init use it", async () => {
    const home = ws.dir(`home-dir-${key}`);
    const mirror = join(ws.dir(`mirror-${key}`), "providers");
    const r = install(["--dir", mirror], home);
    expect(r.code, describeRun(r)).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf("provider_installation {"));
    expect(block).toContain(`path    = ${JSON.stringify(mirror)}`);
    const cliConfig = join(home, "ci.tfrc");
    writeFileSync(cliConfig, block);
    const dir = ws.hcl(`dir-${key}`, "clean");
    const init = await dir
      .on({ ...engine, cliConfig })
      .run(["init", "-input=false", "-no-color"], { env: { HOME: home } });
    expect(init.code, describeRun(init)).toBe(0);
    expect(init.text).toContain(`Installed wxa-audit/wechat v${providerVersion}`);
  });
});
