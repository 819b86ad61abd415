/**
 * Names and places of the provider `wxa-audit/wechat` as Terraform and OpenTofu look for it: the
 * registry hosts, the platform directory names (`<os>_<arch>`), the executable's file name, the
 * release archive names, and the directories each engine searches without any CLI config (the
 * "implied local mirror"). Shared by the installer (`install`), `scripts/release.mjs` and the
 * end-to-end harness, so the three can never disagree on a file name.
 */
import { homedir } from "node:os";
import { join } from "node:path";

export const NAMESPACE = "wxa-audit";
export const TYPE = "wechat";
/** Both engines' default registries: a plain `source = "wxa-audit/wechat"` means one of them. */
export const HOSTS = ["registry.terraform.io", "registry.opentofu.org"] as const;
/** The plugin protocol the provider speaks (tfplugin6), as the registry manifest states it. */
export const PROTOCOL_VERSIONS = ["6.0"] as const;

/**
 * Platforms we publish. The provider is one JavaScript file with a `#!/usr/bin/env node` shebang,
 * so it runs wherever Node runs and the engines execute a file directly (execve): every Unix.
 * Windows is left out: an engine there starts `terraform-provider-wechat_v<ver>.exe` with
 * CreateProcess, which cannot run a script (no shebangs), so it needs a real executable
 * (a Node single-executable build), which we do not ship yet.
 */
export const RELEASE_PLATFORMS = [
  "linux_amd64",
  "linux_arm64",
  "darwin_amd64",
  "darwin_arm64",
  "freebsd_amd64",
  "freebsd_arm64",
] as const;

const GO_OS: Readonly<Record<string, string>> = { linux: "linux", darwin: "darwin", freebsd: "freebsd" };
const GO_ARCH: Readonly<Record<string, string>> = { x64: "amd64", arm64: "arm64" };

/**
 * The engines' name (`GOOS_GOARCH`) of a Node platform, or undefined when we do not support it.
 */
export function goPlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string | undefined {
  const os = GO_OS[platform];
  const a = GO_ARCH[arch];
  return os && a ? `${os}_${a}` : undefined;
}

export function isPlatform(p: string): boolean {
  return (RELEASE_PLATFORMS as readonly string[]).includes(p);
}

/** The executable's name inside a version directory or archive. */
export function binaryName(version: string): string {
  return `terraform-provider-${TYPE}_v${version}`;
}

/** The release archive of one platform, e.g. `terraform-provider-wechat_0.1.0_linux_amd64.zip`. */
export function zipName(version: string, platform: string): string {
  return `terraform-provider-${TYPE}_${version}_${platform}.zip`;
}

export function shasumsName(version: string): string {
  return `terraform-provider-${TYPE}_${version}_SHA256SUMS`;
}

export function manifestName(version: string): string {
  return `terraform-provider-${TYPE}_${version}_manifest.json`;
}

/** `<mirror>/<host>/wxa-audit/wechat`: where a packed mirror keeps the zips of one host. */
export function packedDir(mirror: string, host: string): string {
  return join(mirror, host, NAMESPACE, TYPE);
}

/** `<mirror>/<host>/wxa-audit/wechat/<ver>/<os>_<arch>`: an unpacked mirror's platform dir. */
export function unpackedDir(mirror: string, host: string, version: string, platform: string): string {
  return join(mirror, host, NAMESPACE, TYPE, version, platform);
}

/** The provider's addresses, as a CLI config's `include`/`exclude` lists them. */
export function providerAddresses(): string[] {
  return HOSTS.map((h) => `${h}/${NAMESPACE}/${TYPE}`);
}

/**
 * HOME as both engines read it: `$HOME` first, else the account's home directory (the engines
 * fall back to the user database the same way).
 */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || homedir();
}

/**
 * The default install target: `~/.terraform.d/plugins`. It is the one implied mirror directory that
 * Terraform (every version since 0.13) and OpenTofu both search, on Linux, macOS and the BSDs.
 */
export function defaultPluginDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(homeDir(env), ".terraform.d", "plugins");
}

export interface ImpliedDir {
  dir: string;
  engines: string;
}

/**
 * Every directory an engine searches for providers when the CLI config has no
 * `provider_installation` block, in the engines' order (read from OpenTofu 1.12's
 * `cmd/tofu/provider_source.go` and `cliconfig/config_unix.go`, Terraform's equivalents and
 * `github.com/apparentlymart/go-userdirs`). The working directory's `terraform.d/plugins` comes
 * first in both but is per-configuration, so it is not listed here.
 */
export function impliedMirrorDirs(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ImpliedDir[] {
  const home = homeDir(env);
  const dirs: ImpliedDir[] = [{ dir: join(home, ".terraform.d", "plugins"), engines: "Terraform, OpenTofu" }];
  if (env.XDG_DATA_HOME) {
    dirs.push({ dir: join(env.XDG_DATA_HOME, "opentofu", "plugins"), engines: "OpenTofu" });
  }
  if (platform === "darwin") {
    for (const base of [join(home, "Library", "Application Support"), "/Library/Application Support"]) {
      dirs.push({ dir: join(base, "io.terraform", "plugins"), engines: "Terraform, OpenTofu" });
    }
  } else {
    // XDG base directories: $XDG_DATA_HOME (default ~/.local/share), then $XDG_DATA_DIRS
    // (default /usr/local/share:/usr/share), each with "terraform/plugins".
    const dataHome = env.XDG_DATA_HOME || join(home, ".local", "share");
    const dataDirs = (env.XDG_DATA_DIRS || "/usr/local/share:/usr/share").split(":").filter(Boolean);
    for (const base of [dataHome, ...dataDirs]) {
      dirs.push({ dir: join(base, "terraform", "plugins"), engines: "Terraform, OpenTofu" });
    }
  }
  return dirs;
}
