// A/B throughput of the WeChat surface against bare node:http, in one run, rounds alternating:
//   node bench/ab.mjs <before-cli.js> [after-cli.js]
// Each round saturates get_auditstatus (50 connections, BENCH_SECONDS, default 4) on a bare
// node:http JSON server, the `before` CLI listener and the `after` one (this package's by
// default), in an order that flips every round, each in its own process; it prints every round's
// req/s and ratios to the bare server of the same round, then the medians. BENCH_ROUNDS (default 6).
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startListening, stop } from "./listening.mjs";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const [beforeCli, afterCli = here("../bin/wxa-emulator.js")] = process.argv.slice(2);
if (!beforeCli) throw new Error("usage: node bench/ab.mjs <before-cli.js> [after-cli.js]");
const TOKEN = "bench-token";

const start = startListening;

async function saturate(args, withAudit) {
  const { child, url } = await start(args);
  let auditid = 1;
  if (withAudit) {
    const res = await fetch(`${url}/wxa/submit_audit?access_token=${TOKEN}`, { method: "POST", body: "{}" });
    auditid = (await res.json()).auditid;
  }
  const run = (duration) =>
    autocannon({
      url: `${url}/wxa/get_auditstatus?access_token=${TOKEN}`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ auditid }),
      connections: 50,
      duration,
    });
  await run(1); // warm-up
  const r = await run(SECONDS);
  await stop(child);
  return r.requests.average;
}

const SERVERS = {
  bare: () => saturate([here("./servers.mjs"), "bare-node"], false),
  before: () => saturate([beforeCli, "--port", "0", "--seed", "1"], true),
  after: () => saturate([afterCli, "--port", "0", "--seed", "1"], true),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
console.log(`| round | order | bare req/s | before req/s | after req/s | before/bare | after/bare |`);
console.log(`|---:|---|---:|---:|---:|---:|---:|`);
for (let i = 1; i <= ROUNDS; i++) {
  const order = i % 2 ? ["bare", "before", "after"] : ["after", "before", "bare"];
  const r = {};
  for (const name of order) r[name] = await SERVERS[name]();
  const row = { ...r, b: r.before / r.bare, a: r.after / r.bare };
  rows.push(row);
  console.log(
    `| ${i} | ${order.join(",")} | ${r.bare.toFixed(0)} | ${r.before.toFixed(0)} | ${r.after.toFixed(0)} | ${row.b.toFixed(2)} | ${row.a.toFixed(2)} |`,
  );
}
console.log(
  `\nmedian ratio to bare node:http: before ${median(rows.map((r) => r.b)).toFixed(2)}x, after ${median(rows.map((r) => r.a)).toFixed(2)}x; ` +
    `median after/before ${median(rows.map((r) => r.after / r.before)).toFixed(2)}x`,
);
