// `pnpm bench` (second part): does a receiver that never answers slow the WeChat surface?
// Two CLI listeners with the same config, one whose platform pushes to a receiver that accepts
// connections and never answers (each try held for WeChat's 5 s), one without push settings.
// During each load run, an admin loop decides the platform's audits (each decision a push in the
// first), while autocannon reads get_auditstatus. Rounds alternate; the figure is the ratio of
// req/s and p99, pushing / not pushing, per round and as a median.
// Env: BENCH_SECONDS (default 5) per run; BENCH_PUSH_ROUNDS (default 3).
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startListening, stop } from "./listening.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_PUSH_ROUNDS ?? 3);
const CLI = fileURLToPath(new URL("../bin/wxa-emulator.js", import.meta.url));
const AUDITS = 2_000;

// The dead receiver: takes the connection and the request, never answers.
const held = new Set();
const dead = createServer((socket) => {
  held.add(socket);
  socket.on("data", () => {});
  socket.on("close", () => held.delete(socket));
});
await new Promise((r) => dead.listen(0, "127.0.0.1", r));
const deadUrl = `http://127.0.0.1:${dead.address().port}`;

function configFile(push) {
  const platform = {
    appid: "wxbenchcomponent",
    secret: "bench-secret",
    verifyTicket: "ticket@@@bench",
    ...(push && {
      push: {
        url: `${deadUrl}/events/$APPID$`,
        token: "benchtoken",
        encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
      },
    }),
  };
  const tenant = {
    name: "wxbenchmini",
    authorizer: { componentAppId: "wxbenchcomponent", refreshToken: "refreshtoken@@@bench" },
    audits: Array.from({ length: AUDITS }, (_, i) => ({ auditid: 1_000 + i, status: "in_review" })),
  };
  const file = join(mkdtempSync(join(tmpdir(), "wxa-push-bench-")), "config.json");
  writeFileSync(file, JSON.stringify({ platforms: [platform], tenants: [tenant] }));
  return file;
}

const start = (config) => startListening([CLI, "--port", "0", "--seed", "1", "--config", config]);

async function run(config) {
  const { child, url } = await start(config);
  const read = (opts) =>
    autocannon({
      url: `${url}/wxa/get_auditstatus?access_token=bench-token`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ auditid: 1 }),
      connections: 50,
      ...opts,
    });
  await read({ duration: 1 });
  // Decide audits all through the run: each decision is a push when the platform has settings.
  let decided = 0;
  let running = true;
  const decide = (async () => {
    while (running && decided < AUDITS) {
      await fetch(`${url}/__admin/audits/${1_000 + decided++}/transition`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"to":"approved"}',
      }).then((r) => r.arrayBuffer());
    }
  })();
  const r = await read({ duration: SECONDS });
  running = false;
  await decide;
  const pushes = await fetch(`${url}/__admin/pushes`).then((r) => r.json());
  await stop(child);
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    decided,
    pushes: pushes.length,
    errors: r.errors + r.non2xx,
  };
}

const withPush = configFile(true);
const without = configFile(false);
const rows = [];
for (let i = 0; i < ROUNDS; i++) {
  const a = await run(without);
  const b = await run(withPush);
  rows.push({ a, b });
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(
  `\nA receiver that never answers (${ROUNDS} alternating rounds, ${SECONDS} s each, 50 connections)\n`,
);
console.log(
  "| round | no push req/s | p99 ms | pushing req/s | p99 ms | decisions | deliveries kept | rps ratio |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [i, { a, b }] of rows.entries())
  console.log(
    `| ${i + 1} | ${fmt(a.rps)} | ${a.p99} | ${fmt(b.rps)} | ${b.p99} | ${b.decided} | ${b.pushes} | ${fmt(b.rps / a.rps, 2)} |`,
  );
const ratio = median(rows.map(({ a, b }) => b.rps / a.rps));
const errors = rows.reduce((n, { a, b }) => n + a.errors + b.errors, 0);
console.log(
  `\npushing / not pushing, median req/s ratio: ${fmt(ratio, 2)}x (target >= 0.9x) ${ratio >= 0.9 ? "OK" : "MISSED"}; errors ${errors}`,
);
for (const s of held) s.destroy();
dead.close();
