// pnpm bench:plan — wall time of a real `plan` (OpenTofu by default) of n WeChat nickname checks
// through our provider (installed from its release zips), for n = 0, 1, 10, 100 and 1,000, and in
// the same run the floor: hashicorp/http 1.2.0 doing the same number of GET reads of
// /wxa/queryquota on the same emulator. Every (size, provider) pair is planned REPS times,
// alternating, and the median reported. Then the provider's start-to-handshake against a bare
// `node -e 0` (packages/terraform-provider/bench/start.mjs). Prints the ratios with their targets.
//
//   node bench/plan.mjs [--reps 3] [--sizes 0,1,10,100,1000] [--engine tofu|terraform] [--start-rounds 30]
//
// Environment: WXA_E2E_KEEP=1 keeps the scratch directory.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startEmulator } from "@wxa-audit/emulator";
import {
  detectEngines,
  engineEnv,
  packProvider,
  providerPackageDir,
  provisionTools,
  runEngine,
} from "../support/tools.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    sizes: { type: "string", default: "0,1,10,100,1000" },
    engine: { type: "string", default: "tofu" },
    "start-rounds": { type: "string", default: "30" },
  },
});
const reps = Number(opts.reps);
const sizes = opts.sizes.split(",").map(Number);
if (!Number.isInteger(reps) || reps < 1 || sizes.some((n) => !Number.isInteger(n) || n < 0)) {
  console.error("usage: node bench/plan.mjs [--reps N] [--sizes 0,1,10,100,1000] [--engine tofu|terraform]");
  process.exit(2);
}

const tools = provisionTools();
if (!tools.ok) {
  console.error(`bench:plan: ${tools.error}`);
  process.exit(1);
}
const root = mkdtempSync(join(tmpdir(), "wxa-bench-plan-"));
const packed = packProvider(join(root, "provider"), tools);
const engine = detectEngines(tools, {}, packed.cliConfig).find((e) => e.id.startsWith(`${opts.engine}-`));
if (!engine) {
  console.error(`bench:plan: no provisioned ${opts.engine} engine`);
  process.exit(1);
}

const emu = await startEmulator({ port: 0, seed: "wxa-bench-plan" });
const token = "bench-plan-token";
const env = engineEnv(engine, {
  WECHAT_API_BASE_URL: emu.url,
  WECHAT_ACCESS_TOKEN: token,
  WXA_TOKEN_CACHE_DIR: join(root, "token-cache"),
});

function config(kind, n) {
  const dir = join(root, `${kind}-${n}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(here, "hcl", `${kind}.tf`), join(dir, "main.tf"));
  const vars = kind === "http" ? { n, url: `${emu.url}/wxa/queryquota?access_token=${token}` } : { n };
  writeFileSync(join(dir, "terraform.tfvars.json"), JSON.stringify(vars));
  return dir;
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
const sec = (ms) => (ms / 1000).toFixed(2);

try {
  const cells = [];
  for (const n of sizes) {
    for (const kind of ["wechat", "http"]) {
      const dir = config(kind, n);
      await run(dir, ["init", "-input=false", "-no-color"]);
      cells.push({ n, kind, dir, times: [] });
    }
  }
  // Alternating repetitions, so drift on a noisy machine spreads over every size and provider.
  for (let rep = 0; rep < reps; rep++) {
    for (const c of cells) {
      c.times.push(await run(c.dir, ["plan", "-input=false", "-no-color"]));
      process.stderr.write(".");
    }
  }
  process.stderr.write("\n");

  const med = (n, kind) => median(cells.find((c) => c.n === n && c.kind === kind)?.times ?? [Number.NaN]);
  const line = (xs) => `| ${xs.join(" | ")} |`;
  console.log(
    `\nplan benchmark: ${engine.name}, wxa-audit/wechat ${packed.version} (release zip) vs hashicorp/http ${tools.httpVersion}, ` +
      `node ${process.version}, ${cpus().length} cores, median of ${reps}, ${new Date().toISOString().slice(0, 10)}\n`,
  );
  const head = [
    "checks",
    "wechat plan (s)",
    "wechat runs (s)",
    "http floor plan (s)",
    "http runs (s)",
    "wechat / http",
  ];
  console.log(line(head));
  console.log(line(head.map(() => "---")));
  for (const n of sizes) {
    const w = cells.find((c) => c.n === n && c.kind === "wechat");
    const h = cells.find((c) => c.n === n && c.kind === "http");
    console.log(
      line([
        n,
        sec(med(n, "wechat")),
        w.times.map(sec).join(" / "),
        sec(med(n, "http")),
        h.times.map(sec).join(" / "),
        (med(n, "wechat") / med(n, "http")).toFixed(2),
      ]),
    );
  }
  const ratios = [];
  if (sizes.includes(1) && sizes.includes(100)) {
    const r = med(100, "wechat") / med(1, "wechat");
    ratios.push(`100 checks vs 1 check: ${r.toFixed(2)}x (target <= 1.5x) ${r <= 1.5 ? "OK" : "OVER"}`);
  }
  if (sizes.includes(0) && sizes.includes(1000)) {
    const d = med(1000, "wechat") - med(0, "wechat");
    ratios.push(`1,000 checks minus no-check plan: ${sec(d)} s (target < 5 s) ${d < 5000 ? "OK" : "OVER"}`);
  }
  const worst = Math.max(...sizes.map((n) => med(n, "wechat") / med(n, "http")));
  ratios.push(
    `ours vs the http floor, worst size: ${worst.toFixed(2)}x (target <= 2x) ${worst <= 2 ? "OK" : "OVER"}`,
  );
  console.log(`\n${ratios.join("\n")}`);

  // Start-to-handshake against bare node, same machine, alternating rounds (the wire engineer's bench).
  console.log("\nprovider start-to-handshake (packages/terraform-provider/bench/start.mjs):");
  const start = spawnSync(
    process.execPath,
    [join(providerPackageDir, "bench", "start.mjs"), opts["start-rounds"]],
    {
      encoding: "utf8",
    },
  );
  process.stdout.write(start.stdout ?? "");
  if (start.status !== 0) process.stdout.write(`(start.mjs exit ${start.status}: ${start.stderr})\n`);
} finally {
  await emu.close();
  if (process.env.WXA_E2E_KEEP === "1") console.error(`bench:plan: kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
