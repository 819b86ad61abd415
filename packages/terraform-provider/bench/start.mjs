// Start-to-handshake benchmark: how long from spawn until the provider's first stdout line
// (the go-plugin handshake), against bare-node baselines measured in the SAME run, in
// alternating rounds, so a busy machine (a Go build in the background) shifts all figures
// alike and the ratios stay meaningful. Engines start the provider ~3 times per plan.
//
//   pnpm --filter @wxa-audit/terraform-provider bench:start [rounds]
//   node bench/start.mjs [rounds] [label=path/to/file.cjs ...]   (extra candidates, same env)
//
// The budget is median(bundle) <= 2 x median(node -e 0); exit 1 when it is broken.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "bundle", "terraform-provider-wechat.cjs");
const rounds = Number(process.argv[2] ?? 30);
const scratch = mkdtempSync(join(tmpdir(), "wxa-bench-start-"));
const empty = join(scratch, "empty.js");
writeFileSync(empty, "");

// A client certificate for PLUGIN_CLIENT_CERT: the provider parses it and pins it, the bench
// never connects. Made with our own certificate writer (dist/, built by `build`).
const { createServerIdentity } = await import(join(root, "dist", "protocol", "tls.js"));
const CLIENT_CERT = createServerIdentity().certPem;

const env = {
  ...process.env,
  TF_PLUGIN_MAGIC_COOKIE: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
  PLUGIN_PROTOCOL_VERSIONS: "5,6",
  PLUGIN_CLIENT_CERT: process.env.BENCH_NO_MTLS ? "" : CLIENT_CERT,
  // Each candidate exits right after its handshake line when it sees this (bench only).
  WXA_PROVIDER_EXIT_AFTER_HANDSHAKE: "1",
};

const candidates = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "node empty.js", args: [empty] },
  { label: "bundle", args: [bundle] },
  ...process.argv.slice(3).map((arg) => {
    const [label, file] = arg.split("=");
    return { label, args: [file] };
  }),
];

/** Milliseconds from spawn to the first "\n" on stdout (or to exit, for the baselines). */
function once({ args }) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(Number(process.hrtime.bigint() - start) / 1e6);
      child.kill("SIGKILL");
    };
    child.stdout.on("data", (chunk) => {
      if (chunk.includes(10)) finish();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!done && code !== 0) reject(new Error(`${args.join(" ")} exited ${code}`));
      finish();
    });
  });
}

const times = new Map(candidates.map((c) => [c.label, []]));
for (let round = 0; round < rounds; round++) {
  // Rotate the order each round so no candidate always runs first (page cache, CPU clock).
  const order = candidates.map((_, i) => candidates[(i + round) % candidates.length]);
  for (const candidate of order) times.get(candidate.label).push(await once(candidate));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const base = median(times.get("node -e 0"));
console.log(`start-to-handshake, ${rounds} alternating rounds, node ${process.version}`);
for (const [label, xs] of times) {
  const m = median(xs);
  const p90 = [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
  console.log(
    `${label.padEnd(16)} median ${m.toFixed(1).padStart(6)} ms  p90 ${p90.toFixed(1).padStart(6)} ms  ${(m / base).toFixed(2)}x node -e 0`,
  );
}
const ratio = median(times.get("bundle")) / base;
if (ratio > 2) {
  console.log(`over budget: bundle is ${ratio.toFixed(2)}x node -e 0 (budget 2x)`);
  process.exitCode = 1;
}
