/**
 * `install`: copies the provider executable (the bundle, one JavaScript file run by `node`) into a
 * filesystem mirror in the engines' "unpacked" layout,
 * `<dir>/<host>/wxa-audit/wechat/<ver>/<os>_<arch>/terraform-provider-wechat_v<ver>`, for both
 * registry hosts. Idempotent: an identical file is left alone, a different one replaced atomically
 * (write beside, rename over), so an engine never sees half a file.
 */
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { binaryName, HOSTS, homeDir, providerAddresses, unpackedDir } from "./layout.js";

export interface InstallOptions {
  /** The provider executable to install (the bundle). */
  bundle: string;
  version: string;
  /** The mirror's root, e.g. `~/.terraform.d/plugins`. */
  dir: string;
  /** `<os>_<arch>` directories to write (normally just this machine's). */
  platforms: readonly string[];
}

export interface InstalledFile {
  path: string;
  /** false when an identical file was already there. */
  changed: boolean;
}

export class InstallError extends Error {}

export function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function installProvider(opts: InstallOptions): InstalledFile[] {
  let content: Buffer;
  try {
    content = readFileSync(opts.bundle);
  } catch (err) {
    throw new InstallError(
      `the provider executable is missing (${opts.bundle}: ${(err as NodeJS.ErrnoException).code ?? err}); ` +
        "this package was installed without its dist/ files: reinstall it, or in a checkout run " +
        "`pnpm --filter @wxa-audit/terraform-provider build` first",
    );
  }
  if (!content.subarray(0, 2).equals(Buffer.from("#!"))) {
    throw new InstallError(`${opts.bundle} is not an executable script (no #! line)`);
  }
  const out: InstalledFile[] = [];
  for (const host of HOSTS) {
    for (const platform of opts.platforms) {
      const target = join(unpackedDir(opts.dir, host, opts.version, platform), binaryName(opts.version));
      out.push({ path: target, changed: writeExecutable(target, content) });
    }
  }
  return out;
}

function writeExecutable(target: string, content: Buffer): boolean {
  if (existsSync(target)) {
    const st = statSync(target);
    if (st.isFile() && (st.mode & 0o111) === 0o111 && readFileSync(target).equals(content)) return false;
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, content, { mode: 0o755 });
    chmodSync(tmp, 0o755); // whatever the umask
    renameSync(tmp, target);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const hint =
      e.code === "EACCES" || e.code === "EPERM"
        ? " (not writable by this user: choose another directory with --dir, or fix its permissions)"
        : "";
    throw new InstallError(`cannot write ${target}: ${e.code ?? ""} ${e.message}${hint}`);
  }
  return true;
}

/** The CLI configuration that makes both engines take the provider from `dir` and nothing else from there. */
export function cliConfigFor(dir: string): string {
  const list = providerAddresses()
    .map((a) => `"${a}"`)
    .join(", ");
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(dir)}`,
    `    include = [${list}]`,
    "  }",
    "  direct {",
    `    exclude = [${list}]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/**
 * The CLI configuration files the engines would read that have a `provider_installation` block:
 * with one, the engines do not search the implied mirror directories at all, so a plain install
 * is not seen until the block also lists the mirror.
 */
export function explicitInstallationConfigs(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = homeDir(env);
  const candidates = env.TF_CLI_CONFIG_FILE
    ? [env.TF_CLI_CONFIG_FILE]
    : [
        join(home, ".terraformrc"),
        join(home, ".tofurc"),
        ...(env.XDG_CONFIG_HOME ? [join(env.XDG_CONFIG_HOME, "opentofu", "tofurc")] : []),
      ];
  const dotdir = join(home, ".terraform.d");
  try {
    for (const f of readdirSync(dotdir)) if (/\.tfrc(\.json)?$/.test(f)) candidates.push(join(dotdir, f));
  } catch {
    // no ~/.terraform.d yet
  }
  return candidates.filter((f) => {
    try {
      return /provider_installation/.test(readFileSync(f, "utf8"));
    } catch {
      return false;
    }
  });
}
