// The soak (third part of `pnpm bench`): the CLI listener, default limits, in its own process so
// its RSS is its own, takes
//   1. SOAK_BODIES (default 20,000) requests with 1 MiB bodies, far past the journal's byte bound:
//      half submit_audit with a 1 MiB version_desc, each from a new lenient token (a tenant that
//      keeps 1 MiB), half get_auditstatus with a 1 MiB field (a journal entry that elides it);
//   2. SOAK_TOKENS (default 100,000) requests, each with a distinct made-up token (a lenient
//      tenant each, past limits.lenientTenants).
// It prints the emulator's peak RSS (the kernel's VmHWM) against SOAK_RSS_BOUND_MIB (default 512,
// the bound the README documents), PASS or FAIL, and exits 1 on FAIL. Linux only (/proc).
// SOAK_EMULATOR_ARGS adds flags to the emulator's command line (e.g. "--limit journalBytes=16MiB").
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { startListening } from "./listening.mjs";

const BODIES = Number(process.env.SOAK_BODIES ?? 20_000);
const TOKENS = Number(process.env.SOAK_TOKENS ?? 100_000);
const BOUND_MIB = Number(process.env.SOAK_RSS_BOUND_MIB ?? 512);
const CONCURRENCY = 4;
const CLI = fileURLToPath(new URL("../bin/wxa-emulator.js", import.meta.url));
const MiB = 1024 * 1024;

function status(pid) {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1]);
  return { rssMiB: kb("VmRSS") / 1024, peakMiB: kb("VmHWM") / 1024 };
}

function startEmulator() {
  const extra = (process.env.SOAK_EMULATOR_ARGS ?? "").split(" ").filter(Boolean);
  return startListening([CLI, "--seed", "1", ...extra]);
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(url, method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = body ? { "content-type": "application/json", "content-length": body.length } : {};
    const req = request(`${url}${path}`, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Runs `count` calls of `one(i)`, CONCURRENCY at a time; returns the seconds taken. */
async function run(count, one) {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) await one(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (performance.now() - started) / 1000;
}

/** A JSON object of exactly `size` bytes: `{"<field>":"xxx…"}`. */
const bodyOf = (field, size) => {
  const head = `{"auditid":1,"${field}":"`;
  return Buffer.from(`${head}${"x".repeat(size - head.length - 2)}"}`);
};

const { child, url } = await startEmulator();
const at = (label) => {
  const s = status(child.pid);
  console.log(`${label.padEnd(34)} RSS ${s.rssMiB.toFixed(1)} MiB (peak so far ${s.peakMiB.toFixed(1)} MiB)`);
};
at("started");

// 1 MiB exactly: WeChat's limit, so every body is read, parsed and journaled (or elided).
const submit = bodyOf("version_desc", MiB);
const status1 = bodyOf("pad", MiB);
let bad = 0;
const phase1 = await run(BODIES, async (i) => {
  const res =
    i % 2 === 0
      ? await send(url, "POST", `/wxa/submit_audit?access_token=soak-body-${i}`, submit)
      : await send(url, "POST", `/wxa/get_auditstatus?access_token=soak-body-1`, status1);
  const errcode = JSON.parse(res.text).errcode;
  if (res.status !== 200 || (i % 2 === 0 ? errcode !== 0 : errcode !== 85012)) bad++;
});
at(`${BODIES} requests of 1 MiB (${phase1.toFixed(0)} s)`);
// Checked now: the next phase's entries push these out of the journal.
const last = await send(url, "GET", "/__admin/journal?endpoint=submitAudit&limit=1");
const lastSubmit = JSON.parse(last.text)[0];
const elided = lastSubmit !== undefined && lastSubmit.request === undefined && lastSubmit.elided?.request > 0;
console.log(`  the last submit_audit's journal entry: elided ${JSON.stringify(lastSubmit?.elided)}`);

const phase2 = await run(TOKENS, async (i) => {
  const res = await send(url, "GET", `/wxa/queryquota?access_token=soak-token-${i}`);
  if (res.status !== 200 || JSON.parse(res.text).errcode !== 0) bad++;
});
at(`${TOKENS} lenient tokens (${phase2.toFixed(0)} s)`);

const tenants = JSON.parse((await send(url, "GET", "/__admin/tenants")).text).length;
const entries = JSON.parse((await send(url, "GET", "/__admin/journal/count")).text).count;
const journal = await send(url, "GET", "/__admin/journal");
const { peakMiB, rssMiB } = status(child.pid);
child.kill("SIGTERM");
agent.destroy();

console.log(
  `\ntenants ${tenants} (limits.lenientTenants 10,000); journal ${entries} entries, ${(Buffer.byteLength(journal.text) / MiB).toFixed(1)} MiB as JSON (limits.journalBytes 32 MiB)`,
);
console.log(`unexpected answers: ${bad}`);
const pass = peakMiB <= BOUND_MIB && bad === 0 && tenants <= 10_000 && journal.status === 200 && elided;
console.log(
  `\nemulator peak RSS ${peakMiB.toFixed(1)} MiB (final ${rssMiB.toFixed(1)} MiB), bound ${BOUND_MIB} MiB: ${pass ? "PASS" : "FAIL"}`,
);
process.exitCode = pass ? 0 : 1;
