/**
 * Runs the checks of a synthesized stack as Terraform would during `plan`, without Terraform:
 * each `external` data source's program with its query as JSON on stdin (in parallel, as
 * Terraform does), then each postcondition and `check` assert evaluated against the results.
 * For demos and CI smoke tests; the real engine stays the judge (see the README).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { evaluateTemplate, type TfValue } from "./terraform-expression.js";

export interface ExternalRun {
  /** Logical id: `data.external.<name>`. */
  readonly name: string;
  /** Construct path, from cdktf's metadata. */
  readonly path: string;
  readonly exitCode: number | null;
  readonly stderr: string;
  /** The program's answer, when it exited 0 with a JSON object. */
  readonly result?: Record<string, string>;
}

export interface ConditionVerdict {
  /** `postcondition` fails the plan; `check` asserts only warn. */
  readonly kind: "postcondition" | "check" | "program";
  readonly severity: "error" | "warning";
  readonly dataSource: string;
  readonly path: string;
  readonly checkName?: string;
  readonly passed: boolean;
  /** The evaluated error_message (or the program's failure). */
  readonly message: string;
}

export interface PlanPreview {
  readonly stackDir: string;
  readonly runs: readonly ExternalRun[];
  readonly verdicts: readonly ConditionVerdict[];
  readonly errors: number;
  readonly warnings: number;
  /** No error: `plan` would go on (perhaps with warnings). */
  readonly ok: boolean;
}

export interface PlanPreviewOptions {
  /** Environment of the programs (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Concurrent programs; Terraform's default parallelism is 10. */
  readonly parallelism?: number;
}

interface ExternalConfig {
  program: string[];
  query?: Record<string, string>;
  working_dir?: string;
  lifecycle?: { postcondition?: Array<{ condition: string; error_message: string }> };
  "//"?: { metadata?: { path?: string } };
}

interface CheckConfig {
  assert?: Array<{ condition: string; error_message: string }>;
}

/** Reads `<stackDir>/cdk.tf.json`, runs its external programs and judges its conditions. */
export async function runChecksLikeTerraform(
  stackDir: string,
  opts: PlanPreviewOptions = {},
): Promise<PlanPreview> {
  const dir = resolve(stackDir);
  const tf = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as {
    data?: { external?: Record<string, ExternalConfig> };
    check?: Record<string, CheckConfig>;
  };
  const sources = Object.entries(tf.data?.external ?? {});
  const runs = await pool(sources, opts.parallelism ?? 10, ([name, cfg]) =>
    runProgram(dir, name, cfg, opts.env),
  );
  const byName = new Map(runs.map((r) => [r.name, r]));

  const verdicts: ConditionVerdict[] = [];
  const externalScope: Record<string, TfValue> = {};
  for (const run of runs) if (run.result) externalScope[run.name] = { result: run.result };

  for (const [name, cfg] of sources) {
    const run = byName.get(name)!;
    if (!run.result) {
      verdicts.push({
        kind: "program",
        severity: "error",
        dataSource: name,
        path: run.path,
        passed: false,
        message: `External Program Execution Failed (exit ${run.exitCode}): ${run.stderr.trim() || "no output"}`,
      });
      continue;
    }
    for (const pc of cfg.lifecycle?.postcondition ?? []) {
      verdicts.push(judge("postcondition", "error", name, run.path, pc, { self: { result: run.result } }));
    }
  }
  for (const [checkName, check] of Object.entries(tf.check ?? {})) {
    for (const a of check.assert ?? []) {
      const refs = [...a.condition.matchAll(/data\.external\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
      const name = refs[0] ?? "";
      const run = byName.get(name);
      if (!run?.result) continue; // its program failed: already an error above
      verdicts.push({
        ...judge("check", "warning", name, run.path, a, { data: { external: externalScope } }),
        checkName,
      });
    }
  }
  const errors = verdicts.filter((v) => !v.passed && v.severity === "error").length;
  const warnings = verdicts.filter((v) => !v.passed && v.severity === "warning").length;
  return { stackDir: dir, runs, verdicts, errors, warnings, ok: errors === 0 };
}

function judge(
  kind: "postcondition" | "check",
  severity: "error" | "warning",
  dataSource: string,
  path: string,
  cond: { condition: string; error_message: string },
  scope: Record<string, TfValue>,
): ConditionVerdict {
  try {
    const passed = evaluateTemplate(cond.condition, scope) === true;
    const message = passed ? "" : String(evaluateTemplate(cond.error_message, scope));
    return { kind, severity, dataSource, path, passed, message };
  } catch (err) {
    // Terraform fails a condition it cannot evaluate: so do we.
    return { kind, severity: "error", dataSource, path, passed: false, message: (err as Error).message };
  }
}

function runProgram(
  dir: string,
  name: string,
  cfg: ExternalConfig,
  env?: NodeJS.ProcessEnv,
): Promise<ExternalRun> {
  const path = cfg["//"]?.metadata?.path ?? name;
  const [cmd, ...args] = cfg.program;
  return new Promise((done) => {
    const child = spawn(cmd!, args, {
      cwd: cfg.working_dir ? resolve(dir, cfg.working_dir) : dir,
      env: env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    child.on("error", (err) => done({ name, path, exitCode: null, stderr: err.message }));
    child.on("close", (code) => {
      let result: Record<string, string> | undefined;
      if (code === 0) {
        try {
          const parsed = JSON.parse(stdout) as unknown;
          // hashicorp/external accepts only a flat object of strings.
          if (
            parsed &&
            typeof parsed === "object" &&
            Object.values(parsed).every((v) => typeof v === "string")
          ) {
            result = parsed as Record<string, string>;
          } else {
            stderr = `program answered something other than a flat JSON object of strings${stderr ? `; ${stderr}` : ""}`;
          }
        } catch {
          stderr = `program output is not JSON${stderr ? `; ${stderr}` : ""}`;
        }
      }
      done({ name, path, exitCode: code, stderr, ...(result && { result }) });
    });
    child.stdin.end(JSON.stringify(cfg.query ?? {}));
  });
}

async function pool<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

/** A readable summary, one line per condition, like plan's errors and warnings. */
export function formatPlanPreview(p: PlanPreview): string {
  const lines = [`Checks of ${p.stackDir} (as terraform plan would run them):`];
  for (const v of p.verdicts) {
    const mark = (v.passed ? "PASS" : v.severity === "error" ? "ERROR" : "WARN").padEnd(5);
    const where = v.kind === "check" ? `check ${v.checkName}` : v.kind;
    const run = p.runs.find((r) => r.name === v.dataSource);
    const detail = v.passed ? (run?.result?.message ?? "") : v.message;
    lines.push(`  ${mark}  ${v.path} [${where}]: ${detail}`);
  }
  lines.push(
    p.ok
      ? `Plan would go on: ${p.errors} error(s), ${p.warnings} warning(s).`
      : `Plan would fail: ${p.errors} error(s), ${p.warnings} warning(s).`,
  );
  return lines.join("\n");
}
