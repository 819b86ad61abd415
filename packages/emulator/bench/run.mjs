// `pnpm bench`: load on loopback against get_auditstatus with autocannon, beside a bare node:http
// JSON server and a bare Express 5 JSON route, each in its own process. Prints req/s, p50/p99
// latency and RSS for each, the ratios against the targets, p99 at a fixed 2,000 req/s over 50
// connections, CLI start-to-first-answer, and RSS before/after a long run.
// Env: BENCH_SECONDS (default 5) per phase; BENCH_LONG_REQUESTS (default 200000, twice) for the
// RSS run (set 500000 to see RSS after 1M requests).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startListening, stop } from "./listening.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LONG_REQUESTS = Number(process.env.BENCH_LONG_REQUESTS ?? 200_000);
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const CLI = here("../bin/wxa-emulator.js");
const TOKEN = "bench-token";

/** A server process, with when it was spawned (run.mjs reports start-to-ready). */
async function startProcess(args) {
  const started = performance.now();
  return { ...(await startListening(args)), started };
}

function rssMiB(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return Number.NaN; // not Linux
  }
}

async function submitAudit(url) {
  const res = await fetch(`${url}/wxa/submit_audit?access_token=${TOKEN}`, { method: "POST", body: "{}" });
  return (await res.json()).auditid;
}

function load(url, auditid, opts) {
  return autocannon({
    url: `${url}/wxa/get_auditstatus?access_token=${TOKEN}`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ auditid: auditid ?? 1 }),
    connections: 50,
    ...(opts.amount === undefined && { duration: SECONDS }),
    ...opts,
  });
}

async function fixedRate(name, args, withAudit) {
  const { child, url } = await startProcess(args);
  const auditid = withAudit ? await submitAudit(url) : undefined;
  await load(url, auditid, { duration: 1 });
  const r = await load(url, auditid, { overallRate: 2000 });
  console.log(
    `${name}: ${fmt(r.requests.average)} req/s done, p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms`,
  );
  await stop(child);
  return r.latency.p99;
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");

async function saturate(name, args, withAudit) {
  const { child, url } = await startProcess(args);
  const auditid = withAudit ? await submitAudit(url) : undefined;
  await load(url, auditid, { duration: 1 }); // warm-up
  const r = await load(url, auditid, {});
  const row = {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    rss: rssMiB(child.pid),
    errors: r.errors + r.non2xx + r.timeouts,
  };
  await stop(child);
  return row;
}

async function startToFirstAnswer() {
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const { child, url, started } = await startProcess([CLI, "--port", "0", "--seed", "1"]);
    const res = await fetch(`${url}/wxa/queryquota?access_token=${TOKEN}`);
    await res.text();
    samples.push(performance.now() - started);
    await stop(child);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const rows = [];
rows.push(await saturate("bare node:http", [here("./servers.mjs"), "bare-node"], false));
rows.push(await saturate("bare Express 5", [here("./servers.mjs"), "bare-express"], false));
rows.push(await saturate("CLI listener", [CLI, "--port", "0", "--seed", "1"], true));
rows.push(await saturate("mounted Express app", [here("./servers.mjs"), "mounted"], true));

console.log(`\nSaturation: get_auditstatus, 50 connections, ${SECONDS} s each (autocannon)\n`);
console.log("| server | req/s | p50 ms | p99 ms | RSS MiB | errors |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows)
  console.log(`| ${r.name} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${fmt(r.rss, 1)} | ${r.errors} |`);
const [bareNode, bareExpress, listener, mounted] = rows;
const ratio1 = listener.rps / bareNode.rps;
const ratio2 = mounted.rps / bareExpress.rps;
console.log(
  `\nCLI listener / bare node:http: ${fmt(ratio1, 2)}x (target >= 0.5x) ${ratio1 >= 0.5 ? "OK" : "MISSED"}`,
);
console.log(
  `mounted app / bare Express 5:  ${fmt(ratio2, 2)}x (target >= 0.8x) ${ratio2 >= 0.8 ? "OK" : "MISSED"}`,
);
console.log(`bare node:http / bare Express 5: ${fmt(bareNode.rps / bareExpress.rps, 2)}x`);

console.log(`\nFixed rate: 2000 req/s over 50 connections, ${SECONDS} s each`);
await fixedRate("bare node:http (reference)", [here("./servers.mjs"), "bare-node"], false);
const p99 = await fixedRate("CLI listener", [CLI, "--port", "0", "--seed", "1"], true);
console.log(`CLI listener p99 ${p99} ms (target < 5 ms) ${p99 < 5 ? "OK" : "MISSED"}`);

{
  const { child, url } = await startProcess([CLI, "--port", "0", "--seed", "1"]);
  const auditid = await submitAudit(url);
  await load(url, auditid, { duration: 1 });
  const before = rssMiB(child.pid);
  const long = await load(url, auditid, { amount: LONG_REQUESTS });
  const after = rssMiB(child.pid);
  await load(url, auditid, { amount: LONG_REQUESTS });
  const after2 = rssMiB(child.pid);
  console.log(
    `RSS, CLI listener: ${fmt(before, 1)} MiB before, ${fmt(after, 1)} MiB after ${long.requests.total} requests, ` +
      `${fmt(after2, 1)} MiB after ${2 * LONG_REQUESTS} (journal bounded at 10,000 entries)`,
  );
  await stop(child);
}

const start = await startToFirstAnswer();
console.log(
  `\nCLI start to first answered request (median of 5): ${fmt(start)} ms (target < 250 ms) ${start < 250 ? "OK" : "MISSED"}`,
);
