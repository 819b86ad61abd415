// pnpm bench:plan — wall time of a real `plan` (OpenTofu by default) for stacks of 1, 10, 50 and
// 100 WechatNicknameCheck checks against the emulator, and of the same stack with the checks
// removed (the external provider and one static output: the engine still starts the provider
// for its schema) as the baseline, measured in the same run. Each stack is planned REPS times,
// interleaved; the median is reported, with the per-check cost (median - baseline) / n and the
// ratio to the baseline.
//
//   node bench/plan.mjs [--reps 3] [--sizes 1,10,50,100] [--engine tofu|terraform]
//
// Environment: WXA_E2E_KEEP=1 keeps the scratch directory.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ExternalProvider, WechatNicknameCheck } from "@wxa-audit/cdktf-provider";
import { startEmulator } from "@wxa-audit/emulator";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { detectEngines, engineEnv, provisionTools, runEngine } from "../support/tools.mjs";

const { values: opts } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    sizes: { type: "string", default: "1,10,50,100" },
    engine: { type: "string", default: "tofu" },
  },
});
const reps = Number(opts.reps);
const sizes = opts.sizes.split(",").map(Number);
if (!Number.isInteger(reps) || reps < 1 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error("usage: node bench/plan.mjs [--reps N] [--sizes 1,10,50,100] [--engine tofu|terraform]");
  process.exit(2);
}

const tools = provisionTools();
if (!tools.ok) {
  console.error(`bench:plan: ${tools.error}`);
  process.exit(1);
}
const engine = detectEngines(tools, {}).find((e) => e.id.startsWith(`${opts.engine}-`));
if (!engine) {
  console.error(`bench:plan: no provisioned ${opts.engine} engine`);
  process.exit(1);
}

const root = mkdtempSync(join(tmpdir(), "wxa-bench-plan-"));
const emu = await startEmulator({ port: 0, seed: "wxa-bench-plan" });
const env = engineEnv(engine, { WECHAT_API_BASE_URL: emu.url, WECHAT_ACCESS_TOKEN: "bench-plan-token" });

function synth(name, n) {
  const outdir = join(root, name);
  const app = new App({ outdir });
  const stack = new TerraformStack(app, name);
  new LocalBackend(stack, { path: "terraform.tfstate" });
  if (n === 0) {
    // The same stack without the checks: the provider they declare, and an output.
    new ExternalProvider(stack, "external");
    new TerraformOutput(stack, "checks", { value: "0" });
  }
  for (let i = 0; i < n; i++) {
    new WechatNicknameCheck(stack, `name_${i}`, { nickName: `Quiet Harbor ${i}`, timeBudgetMs: 30_000 });
  }
  if (n > 0) new TerraformOutput(stack, "checks", { value: String(n) });
  app.synth();
  return join(outdir, "stacks", name);
}

async function run(dir, args) {
  const t0 = process.hrtime.bigint();
  const r = await runEngine(engine, args, { cwd: dir, env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.code !== 0) throw new Error(`${engine.name} ${args[0]} failed in ${dir}:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

try {
  const stacks = [
    { n: 0, label: "baseline (no checks)" },
    ...sizes.map((n) => ({ n, label: `${n} checks` })),
  ];
  for (const s of stacks) {
    s.dir = synth(s.n === 0 ? "baseline" : `checks-${s.n}`, s.n);
    s.times = [];
    await run(s.dir, ["init", "-input=false", "-no-color"]);
  }
  // Interleaved repetitions, so drift on a noisy machine spreads over every size.
  for (let rep = 0; rep < reps; rep++) {
    for (const s of stacks) {
      s.times.push(await run(s.dir, ["plan", "-input=false", "-no-color"]));
      process.stderr.write(".");
    }
  }
  process.stderr.write("\n");

  const base = median(stacks[0].times);
  const rows = stacks.map((s) => {
    const m = median(s.times);
    return [
      s.label,
      (m / 1000).toFixed(2),
      s.n === 0 ? "-" : ((m - base) / s.n).toFixed(0),
      (m / base).toFixed(1),
      s.times.map((t) => (t / 1000).toFixed(2)).join(" / "),
    ];
  });
  const head = ["stack", "plan wall time, median (s)", "per check (ms)", "vs baseline", "runs (s)"];
  const line = (cells) => `| ${cells.join(" | ")} |`;
  console.log(
    `\nplan benchmark: ${engine.name}, node ${process.version}, ${cpus().length} cores, ` +
      `median of ${reps}, ${new Date().toISOString().slice(0, 10)}\n`,
  );
  console.log(line(head));
  console.log(line(head.map(() => "---")));
  for (const r of rows) console.log(line(r));
  console.log(
    "\nper check = (median - baseline median) / checks; the engine runs the checkers 10 at a time (-parallelism).",
  );
} finally {
  await emu.close();
  if (process.env.WXA_E2E_KEEP === "1") console.error(`bench:plan: kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
