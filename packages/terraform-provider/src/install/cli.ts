/**
 * The package's command line (`npx @wxa-audit/terraform-provider install`): puts the provider where
 * `terraform init` and `tofu init` find it with no CLI configuration, or into a mirror of your
 * choice (`--dir`), and prints what it did. Exit codes: 0 done, 1 failed, 2 bad usage.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cliConfigFor, explicitInstallationConfigs, InstallError, installProvider } from "./install.js";
import {
  defaultPluginDir,
  goPlatform,
  HOSTS,
  impliedMirrorDirs,
  isPlatform,
  NAMESPACE,
  RELEASE_PLATFORMS,
  TYPE,
} from "./layout.js";

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEFAULT_BUNDLE = join(PACKAGE_ROOT, "dist", "bundle", "terraform-provider-wechat.cjs");

const HELP = `Usage: npx @wxa-audit/terraform-provider install [options]

Installs the Terraform/OpenTofu provider ${NAMESPACE}/${TYPE} (a Node.js program) for both
registry hosts (${HOSTS.join(", ")}), so that a configuration with

  terraform {
    required_providers {
      wechat = { source = "${NAMESPACE}/${TYPE}" }
    }
  }

is found by a plain \`terraform init\` or \`tofu init\`, with no CLI configuration.

Options:
  --dir DIR          write a filesystem mirror into DIR instead (e.g. a CI cache) and print the
                     CLI configuration block that uses it
  --platform OS_ARCH the platform directory to write (repeatable; default: this machine's,
                     one of ${RELEASE_PLATFORMS.join(", ")})
  --quiet            print nothing but errors
  -h, --help         this help
  --version          the provider version this package installs

Default target: ~/.terraform.d/plugins (HOME honoured), the one directory both engines search
on Linux, macOS and the BSDs. Running it again is harmless: identical files are left alone.
The machine that runs \`plan\` needs Node.js ^20.19 or >= 22.13 on PATH, nothing else.
`;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function main(argv: string[], io: CliIo = defaultIo()): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    io.err(`wxa-provider: ${(err as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (values.version) {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command !== "install" || rest.length > 0) {
    io.err(
      `wxa-provider: ${command === undefined ? "no command" : `unknown command: ${[command, ...rest].join(" ")}`}; ` +
        "the command is `install`\nRun with --help for usage.\n",
    );
    return 2;
  }
  const say = values.quiet ? () => {} : io.out;

  let platforms = values.platform ?? [];
  if (platforms.length === 0) {
    const here = goPlatform();
    if (!here) {
      io.err(
        `wxa-provider: this platform (${process.platform}/${process.arch}) is not supported; supported: ` +
          `${RELEASE_PLATFORMS.join(", ")} (Windows needs a native executable, which is not shipped yet)\n`,
      );
      return 1;
    }
    platforms = [here];
  }
  const bad = platforms.filter((p) => !isPlatform(p));
  if (bad.length > 0) {
    io.err(`wxa-provider: unknown --platform ${bad.join(", ")}; one of ${RELEASE_PLATFORMS.join(", ")}\n`);
    return 2;
  }

  const custom = values.dir !== undefined;
  if (custom && values.dir === "") {
    io.err("wxa-provider: --dir needs a directory\n");
    return 2;
  }
  const dir = custom ? resolve(values.dir as string) : defaultPluginDir(io.env);
  const version = packageVersion();
  let files: ReturnType<typeof installProvider>;
  try {
    files = installProvider({ bundle: values.bundle ?? DEFAULT_BUNDLE, version, dir, platforms });
  } catch (err) {
    if (err instanceof InstallError) {
      io.err(`wxa-provider: install failed: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const changed = files.filter((f) => f.changed).length;
  say(
    `${changed === 0 ? "already installed" : "installed"}: ${NAMESPACE}/${TYPE} ${version} (${platforms.join(", ")}) ` +
      `for ${HOSTS.join(" and ")} in ${dir}\n`,
  );
  for (const f of files) say(`  ${f.changed ? "wrote  " : "same   "} ${f.path}\n`);

  if (custom) {
    const implied = impliedMirrorDirs(io.env).some((d) => resolve(d.dir) === dir);
    if (!implied) {
      say(
        "\nThe engines do not search this directory on their own. Put this in the CLI configuration\n" +
          "(the file TF_CLI_CONFIG_FILE names, or ~/.terraformrc / ~/.tofurc), merged into any\n" +
          "provider_installation block you already have:\n\n",
      );
      say(cliConfigFor(dir));
    }
    return 0;
  }
  const explicit = explicitInstallationConfigs(io.env);
  if (explicit.length > 0) {
    io.err(
      `\nwxa-provider: WARNING: ${explicit.join(", ")} ${explicit.length === 1 ? "has" : "have"} a provider_installation block, ` +
        "so the engines will NOT look in the directory above on their own. Add this to that block:\n\n" +
        `${cliConfigFor(dir)
          .split("\n")
          .slice(1, 5)
          .join("\n")}\n\nand exclude ${NAMESPACE}/${TYPE} from its direct {} block.\n`,
    );
  } else {
    say(
      `\n\`terraform init\` and \`tofu init\` will now find source = "${NAMESPACE}/${TYPE}" (version ${version}).\n`,
    );
  }
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: "string" },
      platform: { type: "string", multiple: true },
      bundle: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
      version: { type: "boolean", default: false },
    },
  });
}

function defaultIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
  };
}
