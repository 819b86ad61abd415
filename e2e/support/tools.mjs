// Engines for the end-to-end tests and the plan benchmark: provisions OpenTofu, Terraform 1.5.7
// and the hashicorp/http mirror with scripts/provision-tools.sh, packs our provider's release
// zips into a packed filesystem mirror (what a user downloads is what is tested), writes the CLI
// config that uses both mirrors, finds the engines to run, and runs them with an offline,
// deterministic environment. Plain ESM so that bench/plan.mjs (plain node) and the vitest files
// share it; types in tools.d.mts.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const provisionScript = join(repoRoot, "scripts", "provision-tools.sh");
export const providerPackageDir = join(repoRoot, "packages", "terraform-provider");
/** The built bundle; WXA_E2E_PROVIDER_BUNDLE tests another build of it (a candidate) instead. */
export const providerBundle =
  process.env.WXA_E2E_PROVIDER_BUNDLE ||
  join(providerPackageDir, "dist", "bundle", "terraform-provider-wechat.cjs");
export const releaseScript = join(providerPackageDir, "scripts", "release.mjs");
export const providerVersion = JSON.parse(
  readFileSync(join(providerPackageDir, "package.json"), "utf8"),
).version;
export const PROVIDER_ADDRESSES = [
  "registry.terraform.io/wxa-audit/wechat",
  "registry.opentofu.org/wxa-audit/wechat",
];

/**
 * Runs scripts/provision-tools.sh (warm: well under a second; cold: 5-8 min of Go builds) with
 * its stderr streamed to ours. Returns what it printed, or `error` when it failed.
 */
export function provisionTools({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (!existsSync(join(repoRoot, ".tools", "stamps"))) {
    log("e2e: provisioning OpenTofu, Terraform 1.5.7 and hashicorp/http from the Go module proxy");
    log("e2e: (first run: 5-8 minutes of Go builds into .tools/; later runs: under a second)");
  }
  const r = spawnSync("bash", [provisionScript], {
    cwd: repoRoot,
    env: process.env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const stderr = r.stderr ?? "";
  // Show what the script said (build progress, a skipped Terraform).
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
  return {
    ok: true,
    tofuBin: vars.TOFU_BIN || "",
    terraformBin: vars.TERRAFORM_BIN || "",
    cliConfig: vars.TF_CLI_CONFIG_FILE || "",
    providersDir: vars.PROVIDERS_DIR || "",
    httpVersion: vars.HTTP_PROVIDER_VERSION || "",
    terraformNote: (stderr.match(/Terraform [0-9.]+ could not be built[^\n]*/) ?? [""])[0],
  };
}

/**
 * Our provider as a user gets it: `scripts/release.mjs` builds the release zips from the bundle
 * into `<dir>/release` and lays them out as a packed filesystem mirror in `<dir>/mirror`
 * (`<host>/wxa-audit/wechat/terraform-provider-wechat_<ver>_<os>_<arch>.zip`, both hosts).
 * Then writes `<dir>/cli.tfrc`: that mirror for wxa-audit/wechat, the provisioned unpacked mirror
 * for hashicorp/*, nothing from the network. Throws with a clear message when the bundle is not
 * built.
 */
export function packProvider(dir, tools) {
  if (!existsSync(providerBundle)) {
    throw new Error(
      `the provider bundle is not built (${providerBundle}): run \`pnpm --filter @wxa-audit/terraform-provider build\` (pnpm e2e does it through turbo)`,
    );
  }
  const release = join(dir, "release");
  const mirror = join(dir, "mirror");
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    process.execPath,
    [releaseScript, "--bundle", providerBundle, "--out", release, "--mirror", mirror, "--quiet"],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  if (r.status !== 0) throw new Error(`release.mjs failed (exit ${r.status}): ${r.stderr}${r.stdout}`);
  const zips = readdirSync(release).filter((f) => f.endsWith(".zip"));
  const cliConfig = join(dir, "cli.tfrc");
  writeFileSync(
    cliConfig,
    cliConfigText({ wechatMirror: mirror, providersDir: tools?.ok ? tools.providersDir : "" }),
  );
  return { release, mirror, cliConfig, zips, version: providerVersion };
}

export function cliConfigText({ wechatMirror, providersDir }) {
  const list = (xs) => xs.map((x) => JSON.stringify(x)).join(", ");
  const blocks = [
    "# Written by e2e/support/tools.mjs: the provider from its release zips (packed mirror),",
    "# hashicorp/* from the provisioned mirror, nothing from the network.",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(wechatMirror)}`,
    `    include = [${list(PROVIDER_ADDRESSES)}]`,
    "  }",
  ];
  if (providersDir) {
    blocks.push(
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(providersDir)}`,
      `    include = [${list(["registry.opentofu.org/hashicorp/*", "registry.terraform.io/hashicorp/*"])}]`,
      "  }",
    );
  }
  blocks.push("}", "disable_checkpoint = true", "");
  return blocks.join("\n");
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
 * run on, so it is worth proving; it installs the provider from the same offline mirrors
 * (`cliConfig`: the one packProvider wrote).
 */
export function detectEngines(tools, env = process.env, cliConfig = tools?.ok ? tools.cliConfig : "") {
  const engines = [];
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
    if (!engines.some((e) => realpathSync(e.bin) === realpathSync(bin))) {
      engines.push({
        id,
        name: `${kind === "tofu" ? "OpenTofu" : "Terraform"} ${v} (${named ? "TERRAFORM_BINARY_NAME" : "on PATH"})`,
        bin,
        version: v,
        cliConfig,
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

/**
 * An engine run that has not ended by then is killed (SIGKILL) and reported as such: below the
 * tests' own 180 s bound, so a hung engine or provider never outlives the test that started it.
 */
export const ENGINE_RUN_TIMEOUT_MS = 150_000;

/** Runs `<engine> ...args` in `cwd`; resolves with the exit code and both outputs, never rejects on a non-zero exit. */
export function runEngine(engine, args, { cwd, env, timeoutMs = ENGINE_RUN_TIMEOUT_MS }) {
  if (!isAbsolute(cwd)) throw new Error(`runEngine: cwd must be absolute, got ${cwd}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(engine.bin, args, {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
    const out = [];
    const err = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr:
          Buffer.concat(err).toString("utf8") +
          (signal === "SIGKILL" ? `\n[e2e: ${engine.name} killed after ${timeoutMs} ms]\n` : ""),
      }),
    );
  });
}
