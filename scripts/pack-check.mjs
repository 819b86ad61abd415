// The published packages as users meet them: packs each package with `pnpm pack`, checks each
// tarball (no `workspace:` range left, LICENSE and README shipped, every source map's sources
// shipped), then installs the tarballs with npm into scratch apps made from the fixtures in
// scripts/pack-check/ and runs each app as its users would:
//   cdktf-template  the stock `cdktf init --template=typescript` shape (CommonJS, ts-node, jest
//                   with ts-jest; node10 resolution): tsc (also under node16), synth (the cdktf.json
//                   app command), jest;
//   esm-vitest      an ESM app: tsc under nodenext and under bundler resolution, synth, vitest run;
//   lowest-cdktf    JavaScript on the lowest cdktf and constructs the peer ranges admit: synth, jest;
//   hcl             plain HCL (e2e/hcl's provider.tf + clean.tf), the provider installed from the
//                   terraform-provider tarball with its `wxa-provider install --dir`.
// Then plans the HCL configuration and every synthesized stack with every engine e2e finds (its
// provisioning: scripts/provision-tools.sh through e2e/support/tools.mjs) against an emulator.
// Run by scripts/test.sh after the build. Each step's time is printed.
//
//   node scripts/pack-check.mjs [--keep]
//
// npm's cache: .tools/npm-cache (WXA_PACK_NPM_CACHE overrides), so warm runs install from it.
// Without any engine, plans are skipped with a loud note locally and fail under CI=true.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@wxa-audit/emulator";
import { detectEngines, engineEnv, provisionTools, runEngine } from "../e2e/support/tools.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = join(root, "scripts", "pack-check");
const keep = process.argv.includes("--keep") || process.env.WXA_E2E_KEEP === "1";
const npmCache = process.env.WXA_PACK_NPM_CACHE || join(root, ".tools", "npm-cache");
const PACKAGES = ["core", "emulator", "terraform-provider", "cdktf-provider"];
/** The lowest versions the cdktf provider's peer ranges admit, installed exactly in lowest-cdktf. */
const LOWEST = { cdktf: "0.14.0", constructs: "10.0.25" };

const scratch = mkdtempSync(join(tmpdir(), "wxa-pack-"));
const timings = [];
const failures = [];

async function step(name, fn) {
  const t0 = performance.now();
  process.stderr.write(`pack-check: ${name} ...\n`);
  try {
    return await fn();
  } catch (e) {
    failures.push(`${name}: ${e.message}`);
    process.stderr.write(`pack-check: FAILED ${name}\n${e.message}\n`);
    return undefined;
  } finally {
    timings.push([name, (performance.now() - t0) / 1000]);
  }
}

/** Runs a command; throws with its output when it fails. */
function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(" ")}\` in ${cwd} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

// ---- pack and inspect -------------------------------------------------------------------------

function tarList(tgz) {
  return execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).split("\n").filter(Boolean);
}
function tarRead(tgz, path) {
  return execFileSync("tar", ["-xzOf", tgz, path], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** What a published tarball must hold; returns the problems found. */
function inspectTarball(name, tgz) {
  const files = new Set(tarList(tgz));
  const problems = [];
  const manifest = tarRead(tgz, "package/package.json");
  if (manifest.includes("workspace:")) problems.push(`${name}: package.json still has a workspace: range`);
  for (const f of ["package/LICENSE", "package/README.md"]) {
    if (!files.has(f)) problems.push(`${name}: no ${f.slice("package/".length)}`);
  }
  for (const f of files) {
    if (!f.endsWith(".map")) continue;
    const map = JSON.parse(tarRead(tgz, f));
    if (map.sourcesContent?.every((s) => typeof s === "string")) continue;
    for (const s of map.sources ?? []) {
      const target = posix.normalize(posix.join(posix.dirname(f), map.sourceRoot ?? "", s));
      if (!files.has(target)) problems.push(`${name}: ${f} points at ${target}, not in the tarball`);
    }
  }
  return problems;
}

const tarballs = {};
await step("pack the packages (pnpm pack) and inspect the tarballs", () => {
  const dest = join(scratch, "tarballs");
  mkdirSync(dest);
  const problems = [];
  for (const p of PACKAGES) {
    const out = run("pnpm", ["pack", "--pack-destination", dest], join(root, "packages", p));
    const tgz = out.trim().split("\n").at(-1).trim();
    tarballs[p] = tgz.startsWith("/") ? tgz : join(dest, tgz);
    problems.push(...inspectTarball(p, tarballs[p]));
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
});

// ---- scratch apps -----------------------------------------------------------------------------

const ours = (names) => Object.fromEntries(names.map((p) => [`@wxa-audit/${p}`, `file:${tarballs[p]}`]));

/** A scratch app: the fixture's files, a package.json, `npm install` from the tarballs. */
function makeApp(name, pkg) {
  const dir = join(scratch, name);
  if (existsSync(join(fixtures, name))) cpSync(join(fixtures, name), dir, { recursive: true });
  else mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name, version: "1.0.0", private: true, ...pkg }, null, 2)}\n`,
  );
  run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "--cache", npmCache],
    dir,
  );
  return dir;
}

const npx = (dir, args, env) => run("npx", ["--no-install", ...args], dir, env);
const stacks = [];

if (Object.keys(tarballs).length === PACKAGES.length) {
  await step("cdktf-template: npm install", () =>
    makeApp("cdktf-template", {
      main: "main.js",
      types: "main.ts",
      license: "MPL-2.0",
      scripts: { build: "tsc", synth: "cdktf synth", test: "jest" },
      dependencies: { cdktf: "^0.21.0", constructs: "^10.4.2", ...ours(PACKAGES) },
      devDependencies: {
        "@types/jest": "^29.5.14",
        "@types/node": "^20.19.0",
        jest: "^29.7.0",
        "ts-jest": "^29.4.0",
        "ts-node": "^10.9.2",
        typescript: "~5.9.3",
      },
    }),
  );
  const tpl = join(scratch, "cdktf-template");
  if (existsSync(join(tpl, "node_modules"))) {
    await step("cdktf-template: tsc (module commonjs, node10 resolution)", () => npx(tpl, ["tsc"]));
    await step("cdktf-template: tsc (node16 resolution, CommonJS app)", () =>
      npx(tpl, ["tsc", "-p", "tsconfig.node16.json"]),
    );
    await step("cdktf-template: synth (npx ts-node main.ts, as cdktf.json says)", () => {
      npx(tpl, ["ts-node", "main.ts"]);
      stacks.push(["cdktf-template", join(tpl, "cdktf.out", "stacks", "app")]);
    });
    await step("cdktf-template: jest", () => npx(tpl, ["jest", "--ci"]));
  }

  await step("esm-vitest: npm install", () =>
    makeApp("esm-vitest", {
      type: "module",
      scripts: { synth: "node main.mjs", test: "vitest run" },
      dependencies: { cdktf: "^0.21.0", constructs: "^10.4.2", ...ours(PACKAGES) },
      devDependencies: { "@types/node": "^20.19.0", typescript: "~5.9.3", vitest: "^4.1.12" },
    }),
  );
  const esm = join(scratch, "esm-vitest");
  if (existsSync(join(esm, "node_modules"))) {
    await step("esm-vitest: tsc (nodenext resolution)", () => npx(esm, ["tsc", "-p", "tsconfig.json"]));
    await step("esm-vitest: tsc (bundler resolution)", () =>
      npx(esm, ["tsc", "-p", "tsconfig.bundler.json"]),
    );
    await step("esm-vitest: synth (node main.mjs)", () => {
      run(process.execPath, ["main.mjs"], esm);
      stacks.push(["esm-vitest", join(esm, "cdktf.out", "stacks", "app")]);
    });
    await step("esm-vitest: vitest run", () => npx(esm, ["vitest", "run"]));
  }

  await step(`lowest-cdktf: npm install (cdktf ${LOWEST.cdktf}, constructs ${LOWEST.constructs})`, () =>
    makeApp("lowest-cdktf", {
      scripts: { synth: "node main.js", test: "jest" },
      dependencies: {
        cdktf: LOWEST.cdktf,
        constructs: LOWEST.constructs,
        ...ours(["core", "terraform-provider", "cdktf-provider"]),
      },
      devDependencies: { jest: "^29.7.0" },
    }),
  );
  const low = join(scratch, "lowest-cdktf");
  if (existsSync(join(low, "node_modules"))) {
    await step("lowest-cdktf: synth (node main.js)", () => {
      const installed = JSON.parse(readFileSync(join(low, "node_modules", "cdktf", "package.json"), "utf8"));
      if (installed.version !== LOWEST.cdktf) throw new Error(`installed cdktf ${installed.version}`);
      run(process.execPath, ["main.js"], low);
      stacks.push(["lowest-cdktf", join(low, "cdktf.out", "stacks", "app")]);
    });
    await step("lowest-cdktf: jest", () => npx(low, ["jest", "--ci"]));
  }
}

// ---- HCL, and the plans -----------------------------------------------------------------------

let cliConfig;
if (tarballs["terraform-provider"]) {
  await step("hcl: npm install the provider package, wxa-provider install --dir", () => {
    const dir = makeApp("hcl", { dependencies: ours(["core", "terraform-provider"]) });
    const mirror = join(dir, "providers");
    const out = npx(dir, ["wxa-provider", "install", "--dir", mirror]);
    cliConfig = join(dir, "cli.tfrc");
    writeFileSync(cliConfig, out.slice(out.indexOf("provider_installation {")));
    mkdirSync(join(dir, "tf"));
    for (const f of ["provider.tf", "clean.tf"]) cpSync(join(root, "e2e", "hcl", f), join(dir, "tf", f));
    stacks.unshift(["hcl", join(dir, "tf")]);
  });
}

const engines =
  (await step("find the engines (e2e's provisioning)", () => {
    const found = detectEngines(provisionTools());
    if (found.length === 0 && process.env.CI === "true") {
      throw new Error("no engine (OpenTofu or Terraform) to plan with");
    }
    if (found.length === 0) {
      process.stderr.write(
        `\n${"=".repeat(78)}\n  pack-check: NO ENGINE: plans skipped\n${"=".repeat(78)}\n\n`,
      );
    }
    return found;
  })) ?? [];

if (cliConfig && engines.length > 0) {
  const emu = await startEmulator({ port: 0, seed: "wxa-pack-check" });
  try {
    for (const engine of engines) {
      for (const [name, stackDir] of stacks) {
        await step(`${name}: ${engine.name} init + plan against the emulator`, async () => {
          // A copy per engine: each keeps its own .terraform/ and lock file, as e2e's do.
          const dir = `${stackDir}-${engine.id.replace(/[^a-z0-9.-]/gi, "-")}`;
          cpSync(stackDir, dir, { recursive: true });
          const env = engineEnv(
            { ...engine, cliConfig },
            { WECHAT_API_BASE_URL: emu.url, WECHAT_ACCESS_TOKEN: `pack-check-${name}` },
          );
          for (const args of [
            ["init", "-input=false", "-no-color"],
            ["plan", "-input=false", "-no-color"],
          ]) {
            const r = await runEngine(engine, args, { cwd: dir, env });
            if (r.code !== 0) throw new Error(`${args[0]} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
            // Output `ok` (cdktf before 0.15 names it <stack>_ok_<hash>): the check read and passed.
            if (args[0] === "plan" && !/ok(_[0-9A-F]{8})?\s*=\s*true/.test(r.stdout)) {
              throw new Error(`the plan does not show ok = true:\n${r.stdout}`);
            }
          }
        });
      }
    }
  } finally {
    await emu.close();
  }
}

// ---- report -----------------------------------------------------------------------------------

const total = timings.reduce((s, [, t]) => s + t, 0);
process.stderr.write(`\npack-check: steps (s)\n`);
for (const [name, t] of timings) process.stderr.write(`  ${t.toFixed(1).padStart(6)}  ${name}\n`);
process.stderr.write(`  ${total.toFixed(1).padStart(6)}  total\n`);
if (keep) process.stderr.write(`pack-check: kept ${scratch}\n`);
else rmSync(scratch, { recursive: true, force: true });
if (failures.length > 0) {
  process.stderr.write(
    `\npack-check: ${failures.length} step(s) failed:\n${failures.map((f) => `  - ${f.split("\n")[0]}`).join("\n")}\n`,
  );
  process.exit(1);
}
process.stderr.write("pack-check: all green\n");
