// Engines for the end-to-end tests and the plan benchmark: provisions OpenTofu, Terraform 1.5.7
// and the hashicorp/external mirror with scripts/provision-tools.sh, finds the engines to run,
// and runs them with an offline, deterministic environment. Plain ESM so that bench/plan.mjs
// (plain node) and the vitest files share it; types in tools.d.mts.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const provisionScript = join(repoRoot, "scripts", "provision-tools.sh");

/**
 * The version the local mirror publishes hashicorp/external under. The Go module proxy reachable
 * here serves the provider only at v1.2.0 (every v2 version is refused with 403), while the
 * constructs require `~> 2.3`: the script then publishes its 1.2.0 build as 2.3.5 in the local
 * test mirror (an explicit relabel, printed), so the constructs' real constraint is exercised
 * unchanged. The `external` data source protocol (program, query, working_dir, result: all
 * strings) is the same in 1.2 and 2.3. A user's own WXA_EXTERNAL_MIRROR_VERSION wins.
 */
export const DEFAULT_MIRROR_VERSION = "2.3.5";

/**
 * Runs scripts/provision-tools.sh (warm: well under a second; cold: 5-8 min of Go builds) with
 * its stderr streamed to ours. Returns what it printed, or `error` when it failed.
 */
export function provisionTools({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const env = {
    ...process.env,
    WXA_EXTERNAL_MIRROR_VERSION: process.env.WXA_EXTERNAL_MIRROR_VERSION || DEFAULT_MIRROR_VERSION,
  };
  if (!existsSync(join(repoRoot, ".tools", "stamps"))) {
    log("e2e: provisioning OpenTofu, Terraform 1.5.7 and hashicorp/external from the Go module proxy");
    log("e2e: (first run: 5-8 minutes of Go builds into .tools/; later runs: under a second)");
  }
  const r = spawnSync("bash", [provisionScript], {
    cwd: repoRoot,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const stderr = r.stderr ?? "";
  // Show what the script said (build progress, the relabel warning, a skipped Terraform).
  for (const line of stderr.split("\n")) if (line.trim()) log(line);
  if (r.status !== 0) {
    const why = r.error ? r.error.message : stderr.trim().split("\n").slice(-3).join(" | ");
    return { ok: false, error: `provision-tools.sh failed (exit ${r.status}): ${why}` };
  }
  const vars = Object.fromEntries(
    (r.stdout ?? "")
      .split("\n")
      .map((l) => l.match(/^([A-Z_]+)=(.*)$/))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
  const relabelMatch = stderr.match(
    /publishing hashicorp\/external (\S+) source build as version (\S+) in the local mirror/,
  );
  const tools = {
    ok: true,
    tofuBin: vars.TOFU_BIN || "",
    terraformBin: vars.TERRAFORM_BIN || "",
    cliConfig: vars.TF_CLI_CONFIG_FILE || "",
    externalVersion: vars.EXTERNAL_PROVIDER_VERSION || "",
    relabel: relabelMatch ? { from: relabelMatch[1], to: relabelMatch[2] } : null,
    terraformNote: (stderr.match(/Terraform [0-9.]+ could not be built[^\n]*/) ?? [""])[0],
  };
  if (tools.relabel) log(relabelNote(tools.relabel));
  return tools;
}

export function relabelNote({ from, to }) {
  return (
    `e2e: NOTE: hashicorp/external is the upstream v${from} source build, published as ${to} in the ` +
    `local test mirror (the Go module proxy here serves only v${from}); the constructs' "~> 2.3" ` +
    "constraint is exercised unchanged, and the external data source protocol is the same."
  );
}

function which(name) {
  if (name.includes("/")) return existsSync(name) ? resolve(name) : "";
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return "";
}

/** `<bin> version -json` → "1.12.6" (both engines answer `terraform_version`). */
export function engineVersion(bin, cliConfig = "") {
  const r = spawnSync(bin, ["version", "-json"], { encoding: "utf8", env: versionEnv(cliConfig) });
  // A warning (e.g. a missing CLI config file) may precede the JSON.
  const json = (r.stdout ?? "").slice(Math.max(0, (r.stdout ?? "").indexOf("{")));
  try {
    return JSON.parse(json).terraform_version ?? "?";
  } catch {
    return "?";
  }
}

function versionEnv(cliConfig) {
  const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
  if (cliConfig) env.TF_CLI_CONFIG_FILE = cliConfig;
  return env;
}

function isTofu(bin, cliConfig = "") {
  const r = spawnSync(bin, ["version"], { encoding: "utf8", env: versionEnv(cliConfig) });
  return /OpenTofu/i.test(r.stdout ?? "");
}

/**
 * The engines to run every scenario on: the provisioned OpenTofu always; Terraform 1.5.7 when it
 * was built; and the user's own engine: the one TERRAFORM_BINARY_NAME names (a name on PATH or a
 * path), else a `tofu` or `terraform` found on PATH. The user's engine is the one their real plans
 * run on, so it is worth proving; it installs the provider from the same offline mirror.
 */
export function detectEngines(tools, env = process.env) {
  const engines = [];
  const cliConfig = tools?.ok ? tools.cliConfig : "";
  if (tools?.ok && tools.tofuBin) {
    const v = engineVersion(tools.tofuBin, cliConfig);
    engines.push({ id: `tofu-${v}`, name: `OpenTofu ${v}`, bin: tools.tofuBin, version: v, cliConfig });
  }
  if (tools?.ok && tools.terraformBin) {
    const v = engineVersion(tools.terraformBin, cliConfig);
    engines.push({
      id: `terraform-${v}`,
      name: `Terraform ${v}`,
      bin: tools.terraformBin,
      version: v,
      cliConfig,
    });
  }
  const named = env.TERRAFORM_BINARY_NAME;
  const own = named || ["tofu", "terraform"].find((name) => which(name));
  if (own) {
    const bin = which(own);
    if (!bin) throw new Error(`TERRAFORM_BINARY_NAME=${own}: not found (on PATH or as a path)`);
    const v = engineVersion(bin, cliConfig);
    const kind = isTofu(bin, cliConfig) ? "tofu" : "terraform";
    const id = `own-${kind}-${v}`;
    if (!engines.some((e) => e.bin === bin)) {
      // With the provisioned mirror, the user's engine installs the provider offline too;
      // without it, the user's own CLI configuration (and network) applies.
      engines.push({
        id,
        name: `${kind === "tofu" ? "OpenTofu" : "Terraform"} ${v} (${named ? "TERRAFORM_BINARY_NAME" : "on PATH"})`,
        bin,
        version: v,
        cliConfig: cliConfig || env.TF_CLI_CONFIG_FILE || "",
      });
    }
  }
  return engines;
}

/** Is a Go toolchain there to provision with? */
export function hasGo() {
  return Boolean(which("go")) || existsSync("/usr/local/go/bin/go");
}

/**
 * The environment of one engine run: the caller's environment without any TF_* / WECHAT_* /
 * WXA_TOKEN_CACHE_DIR it may carry (this machine sets TF_CLI_CONFIG_FILE to a missing file),
 * then the offline CLI config, no checkpoint, automation mode, no input, and `extra`.
 */
export function engineEnv(engine, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.startsWith("TF_") || k.startsWith("WECHAT_") || k === "WXA_TOKEN_CACHE_DIR") continue;
    env[k] = v;
  }
  if (engine.cliConfig) env.TF_CLI_CONFIG_FILE = engine.cliConfig;
  env.CHECKPOINT_DISABLE = "1";
  env.TF_IN_AUTOMATION = "1";
  env.TF_INPUT = "0";
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `<engine> ...args` in `cwd`; resolves with the exit code and both outputs, never rejects on a non-zero exit. */
export function runEngine(engine, args, { cwd, env }) {
  if (!isAbsolute(cwd)) throw new Error(`runEngine: cwd must be absolute, got ${cwd}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(engine.bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}
