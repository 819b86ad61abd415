/**
 * What every end-to-end test does: write a configuration, either as HCL (`e2e/hcl/<scenario>.tf`
 * copied next to `e2e/hcl/provider.tf`, variables in `terraform.tfvars.json`) or by synthesizing
 * a CDKTF stack in-process (`new App({ outdir })`, `app.synth()`; no cdktf-cli); `init` once per
 * directory, then `plan` (and `validate`, `show`, `apply`) with the real engine, in an
 * environment pointing the checks at an emulator.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { inject, it } from "vitest";
import type { E2eContext } from "./global-setup.js";
import { type Engine, type EngineRun, engineEnv, runEngine } from "./tools.mjs";

export type { Engine, EngineRun };

/** Short budgets and backoffs, so failing checks fail fast. */
export const FAST = { retryBaseDelayMs: 10, retryMaxAttempts: 3, timeBudgetMs: 5000 } as const;

export function e2eContext(): E2eContext {
  return inject("wxaE2e");
}

/**
 * The engines every scenario runs on. When there is none (not in CI: the global setup already
 * said so loudly), registers one skipped test naming why, and returns [].
 */
export function enginesOrSkip(): Engine[] {
  const ctx = e2eContext();
  if (ctx.engines.length === 0) {
    it.skip(`end-to-end plans skipped: ${ctx.skipReason}`, () => {});
    return [];
  }
  return ctx.engines;
}

/** Whitespace collapsed: engines word-wrap diagnostics and align outputs. */
export function flat(text: string): string {
  return text.replace(/\s+/g, " ");
}

export const HCL_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "hcl");

/** How a scenario's configuration is written: as a user's `.tf` files, or with the CDKTF constructs. */
export type Source = "HCL" | "CDKTF";
export const SOURCES: readonly Source[] = ["HCL", "CDKTF"];

/** A scratch directory for one test file, removed at the end (kept with WXA_E2E_KEEP=1). */
export class Workspace {
  readonly root: string;

  constructor(label: string) {
    this.root = mkdtempSync(join(tmpdir(), `wxa-e2e-${label}-`));
  }

  /** Synthesizes one stack built by `build` into its own outdir; returns the stack directory. */
  synth(name: string, build: (stack: TerraformStack) => void): SynthesizedStack {
    const outdir = join(this.root, name);
    const app = new App({ outdir });
    const stack = new TerraformStack(app, name);
    // cdktf's default local backend keeps state at <cwd of synth>/terraform.<stack>.tfstate, here
    // the e2e package: keep it in the stack directory instead (relative to where the engine runs).
    new LocalBackend(stack, { path: "terraform.tfstate" });
    build(stack);
    app.synth();
    return new SynthesizedStack(outdir, join(outdir, "stacks", name));
  }

  /**
   * An HCL configuration: `e2e/hcl/provider.tf` and `e2e/hcl/<fixture>.tf` (as main.tf) in
   * `<root>/<name>`, with `vars` in `terraform.tfvars.json`.
   */
  hcl(name: string, fixture: string, vars: Record<string, unknown> = {}): ConfigDir {
    const dir = this.dir(name);
    copyFileSync(join(HCL_DIR, "provider.tf"), join(dir, "provider.tf"));
    copyFileSync(join(HCL_DIR, `${fixture}.tf`), join(dir, "main.tf"));
    if (Object.keys(vars).length > 0) {
      writeFileSync(join(dir, "terraform.tfvars.json"), `${JSON.stringify(vars, null, 2)}\n`);
    }
    return new ConfigDir(dir, dir);
  }

  dir(name: string): string {
    const d = join(this.root, name);
    mkdirSync(d, { recursive: true });
    return d;
  }

  dispose(): void {
    if (process.env.WXA_E2E_KEEP === "1") {
      process.stderr.write(`e2e: kept ${this.root}\n`);
      return;
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A directory the engine runs in, and the whole tree a leak scan must cover. */
export class ConfigDir {
  constructor(
    /** Everything written for this configuration (for CDKTF: the app's outdir). */
    readonly outdir: string,
    /** Where the engine runs. */
    readonly dir: string,
  ) {}

  /** One runner per engine; `init` runs at most once per directory and engine. */
  on(engine: Engine): EngineStack {
    return new EngineStack(engine, this);
  }
}

export class SynthesizedStack extends ConfigDir {
  json(): Record<string, unknown> {
    return JSON.parse(readFileSync(join(this.dir, "cdk.tf.json"), "utf8")) as Record<string, unknown>;
  }
}

export interface RunOptions {
  /** Extra environment (WECHAT_*, TF_LOG, ...); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

export interface PlanRun extends EngineRun {
  /** stdout and stderr, whitespace collapsed. */
  text: string;
}

export class EngineStack {
  #initialized = false;

  constructor(
    readonly engine: Engine,
    readonly stack: ConfigDir,
  ) {}

  get dir(): string {
    return this.stack.dir;
  }

  async run(args: string[], opts: RunOptions = {}): Promise<PlanRun> {
    const r = await runEngine(this.engine, args, { cwd: this.dir, env: engineEnv(this.engine, opts.env) });
    return { ...r, text: flat(`${r.stdout}\n${r.stderr}`) };
  }

  async init(opts: RunOptions = {}): Promise<void> {
    if (this.#initialized) return;
    const r = await this.run(["init", "-input=false", "-no-color"], opts);
    if (r.code !== 0) {
      throw new Error(
        `${this.engine.name} init failed in ${this.dir} (exit ${r.code}):\n${r.stdout}\n${r.stderr}`,
      );
    }
    this.#initialized = true;
  }

  /** `init` (once) then `validate -no-color`. */
  async validate(opts: RunOptions = {}): Promise<PlanRun> {
    await this.init(opts);
    return this.run(["validate", "-no-color"], opts);
  }

  /** `init` (once) then `plan -input=false -no-color [...args]`. */
  async plan(opts: RunOptions & { args?: string[] } = {}): Promise<PlanRun> {
    await this.init(opts);
    return this.run(["plan", "-input=false", "-no-color", ...(opts.args ?? [])], opts);
  }
}

/** A readable account of a run, for assertion messages. */
export function describeRun(r: EngineRun): string {
  return `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/** Every regular file under `root` (following symlinks, as a user's grep -r would not miss them). */
export function filesUnder(root: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (p: string) => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) walk(join(p, e));
    } else if (st.isFile()) {
      out.push(p);
    }
  };
  walk(root);
  return out;
}

/** The secrets found in each file, as `file: secret` lines (empty when none). */
export function secretsInFiles(files: string[], secrets: readonly string[]): string[] {
  const hits: string[] = [];
  for (const f of files) {
    const content = readFileSync(f);
    for (const s of secrets) if (content.includes(s)) hits.push(`${f}: ${s}`);
  }
  return hits;
}

/** The secrets found in a text. */
export function secretsInText(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => text.includes(s));
}
