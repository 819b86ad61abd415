/**
 * Scratch apps for the CLI tests (cdktf-cli, cdktn-cli): the `cdktf.json` + plain-ESM `main.mjs`
 * a user writes, and one run of the CLI the way a user's runner does it, with the engine the
 * test picks (TERRAFORM_BINARY_NAME), the harness's offline CLI config, and a HOME of the test's
 * own (the CLIs point TF_PLUGIN_CACHE_DIR at ~/.terraform.d/plugin-cache).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAST, flat } from "./harness.js";
import { type Engine, type EngineRun, engineEnv, runEngine } from "./tools.mjs";

export interface Check {
  id: string;
  nickName: string;
  severity?: "error" | "warning";
}

/** Which library and constructs package the app imports. */
export interface Flavour {
  core: "cdktf" | "cdktn";
  constructs: "@wxa-audit/cdktf-provider" | "@wxa-audit/cdktn-provider";
}

/**
 * Writes `cdktf.json` (no `terraformProviders` unless given: the package ships the bindings) and
 * `main.mjs`: one stack "release" of nickname checks, an `<id>_outcome` output per check.
 */
export function writeApp(
  dir: string,
  flavour: Flavour,
  checks: Check[],
  cdktfJson: Record<string, unknown> = {},
): void {
  const config = { language: "typescript", app: "node main.mjs", terraformProviders: [], ...cdktfJson };
  writeFileSync(join(dir, "cdktf.json"), `${JSON.stringify(config, null, 2)}\n`);
  const lines = [
    `import { App, LocalBackend, TerraformOutput, TerraformStack } from "${flavour.core}";`,
    `import { WechatNicknameCheck } from "${flavour.constructs}";`,
    "const app = new App();",
    'const stack = new TerraformStack(app, "release");',
    'new LocalBackend(stack, { path: "terraform.tfstate" });',
    ...checks.flatMap((c) => [
      `const ${c.id} = new WechatNicknameCheck(stack, ${JSON.stringify(c.id)}, ${JSON.stringify({ nickName: c.nickName, severity: c.severity ?? "error", ...FAST })});`,
      `new TerraformOutput(stack, "${c.id}_outcome", { value: ${c.id}.outcome });`,
    ]),
    "app.synth();",
    "",
  ];
  writeFileSync(join(dir, "main.mjs"), lines.join("\n"));
}

/** The CLIs' ink output is coloured even off a TTY in places: what a user reads, without escapes. */
export function plain(text: string): string {
  return flat(text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ""));
}

export interface CliRun extends EngineRun {
  text: string;
}

/**
 * `<cli> <args>` in `dir`, with `engine` as TERRAFORM_BINARY_NAME, the engine's offline CLI
 * config (engineEnv), CI=true, `home` as HOME, and `env` on top.
 */
export async function runCli(
  cli: Engine,
  engine: Engine,
  dir: string,
  args: string[],
  home: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  const r = await runEngine(cli, args, {
    cwd: dir,
    env: engineEnv(engine, { TERRAFORM_BINARY_NAME: engine.bin, HOME: home, CI: "true", ...env }),
  });
  return { ...r, text: plain(`${r.stdout}\n${r.stderr}`) };
}

/** Prints how long a step took (the report's timings); never asserted. */
export function started(label: string): () => void {
  const t0 = Date.now();
  return () => process.stderr.write(`e2e: ${label} took ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
