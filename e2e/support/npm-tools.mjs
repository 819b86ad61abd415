// Node CLIs the end-to-end tests run as users run them, installed from the npm registry with
// plain `npm install` (not the workspace: a user's cdktf-cli is a global or npx install, with its
// own dependency tree) into `.tools/npm/<name>-<version>/`, once. A stamp marks a complete
// install, so a warm run costs one `existsSync`; npm's cache (`.tools/npm-cache`, or
// WXA_NPM_CACHE) is shared by every such install and by the scratch apps. Plain ESM, like
// tools.mjs; types in npm-tools.d.mts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./tools.mjs";

/** cdktf-cli as users install it: the version of the cdktf library the e2e stacks use. */
export const CDKTF_CLI_VERSION = "0.21.0";

export const npmToolsDir = join(process.env.WXA_TOOLS_DIR || join(repoRoot, ".tools"), "npm");
export const npmCacheDir = process.env.WXA_NPM_CACHE || join(repoRoot, ".tools", "npm-cache");

/**
 * `npm install <name>@<version>` into its own directory under `.tools/npm` (once; then the stamp
 * short-cuts it). Returns `{ ok, dir, bin(name), ms, cached }` or `{ ok: false, error }`.
 */
export function ensureNpmTool(name, version, { log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const dir = join(npmToolsDir, `${name.replace(/[@/]/g, "_")}-${version}`);
  const stamp = join(dir, ".installed");
  const bin = (b) => join(dir, "node_modules", ".bin", b);
  if (existsSync(stamp)) return { ok: true, dir, bin, ms: 0, cached: true };
  log(`e2e: installing ${name}@${version} from npm into ${dir} (once; cache ${npmCacheDir})`);
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ private: true }, null, 2)}\n`);
  const r = spawnSync(
    "npm",
    ["install", "--no-fund", "--no-audit", "--no-save", "--cache", npmCacheDir, `${name}@${version}`],
    { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) {
    const why = r.error ? r.error.message : `${r.stderr ?? ""}`.trim().split("\n").slice(-5).join(" | ");
    return { ok: false, error: `npm install ${name}@${version} failed (exit ${r.status}): ${why}` };
  }
  writeFileSync(stamp, `${name}@${version}\n`);
  const ms = Date.now() - started;
  log(`e2e: ${name}@${version} installed in ${(ms / 1000).toFixed(1)} s`);
  return { ok: true, dir, bin, ms, cached: false };
}
