/**
 * Once per run: provisions the engines (scripts/provision-tools.sh: warm in well under a second),
 * packs our provider's release zips into a packed filesystem mirror with the CLI config that uses
 * it (so every engine installs exactly what a user downloads), and hands them to the test files
 * through `provide`/`inject`. The scratch directory goes at the end of the run.
 *
 * cdktf-cli (for test/cdktf-cli.test.ts) is installed from npm once into .tools/npm (cached).
 *
 * No engine at all (provisioning failed, e.g. no Go, and no TERRAFORM_BINARY_NAME): locally the
 * suite says so loudly and every test is skipped; under CI=true that is a failure, never a skip.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { CDKTF_CLI_VERSION, ensureNpmTool } from "./npm-tools.mjs";
import { detectEngines, type Engine, hasGo, packProvider, provisionTools } from "./tools.mjs";

export interface E2eContext {
  engines: Engine[];
  /** Why every test is skipped (no engine, not CI); "" when they run. */
  skipReason: string;
  /** Our provider's version, as packed into the mirror. */
  providerVersion: string;
  /** The packed mirror of the release zips, and the release directory they came from. */
  providerMirror: string;
  providerRelease: string;
  /** The provisioned hashicorp/http version ("" without provisioning). */
  httpVersion: string;
  /** cdktf-cli from npm (cached under .tools/npm): its `cdktf` bin, or why there is none. */
  cdktfCli: { version: string; bin: string; skipReason: string };
}

declare module "vitest" {
  export interface ProvidedContext {
    wxaE2e: E2eContext;
  }
}

function loud(lines: string[]): void {
  const bar = "=".repeat(78);
  process.stderr.write(`\n${bar}\n${lines.map((l) => `  ${l}`).join("\n")}\n${bar}\n\n`);
}

export default function setup(project: TestProject): () => void {
  const tools = provisionTools();
  const scratch = mkdtempSync(join(tmpdir(), "wxa-e2e-provider-"));
  const teardown = () => {
    if (process.env.WXA_E2E_KEEP === "1") process.stderr.write(`e2e: kept ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
  };
  let engines: Engine[];
  let packed: ReturnType<typeof packProvider>;
  try {
    packed = packProvider(scratch, tools);
    engines = detectEngines(tools, process.env, packed.cliConfig);
  } catch (err) {
    teardown();
    throw new Error(`e2e: ${(err as Error).message}`);
  }
  const ci = process.env.CI === "true" || process.env.CI === "1";
  let skipReason = "";
  if (engines.length === 0) {
    const why = tools.ok ? "provisioning printed no engine" : tools.error;
    const lines = [
      "END-TO-END TESTS: NO ENGINE",
      `could not provision OpenTofu (${why})`,
      hasGo() ? "Go is installed but the build failed: see the lines above." : "no Go toolchain on PATH.",
      "Install Go (>= the version OpenTofu's go.mod wants) and rerun, or set TERRAFORM_BINARY_NAME",
      "to your own tofu/terraform.",
    ];
    if (ci) {
      loud([...lines, "CI=true: this is a failure, not a skip."]);
      teardown();
      throw new Error(`e2e: no engine to run the end-to-end plans with (${why})`);
    }
    loud([...lines, "Not in CI: SKIPPING every end-to-end test."]);
    skipReason = `no engine (${why})`;
  } else {
    process.stderr.write(`e2e: engines: ${engines.map((e) => `${e.name} (${e.bin})`).join(", ")}\n`);
    process.stderr.write(
      `e2e: wxa-audit/wechat ${packed.version} from its release zips (${packed.zips.length} platforms), packed mirror ${packed.mirror}\n`,
    );
    if (tools.ok && !tools.terraformBin) {
      process.stderr.write(
        `e2e: Terraform 1.5.7 was not built, running without it${tools.terraformNote ? `: ${tools.terraformNote}` : ""}\n`,
      );
    }
  }
  const cdktfCli = { version: CDKTF_CLI_VERSION, bin: "", skipReason: skipReason };
  if (!skipReason) {
    const cli = ensureNpmTool("cdktf-cli", CDKTF_CLI_VERSION);
    if (cli.ok) cdktfCli.bin = cli.bin("cdktf");
    else if (ci) {
      teardown();
      throw new Error(`e2e: cdktf-cli ${CDKTF_CLI_VERSION}: ${cli.error} (CI=true: a failure, not a skip)`);
    } else {
      loud([`cdktf-cli ${CDKTF_CLI_VERSION} could not be installed: ${cli.error}`, "SKIPPING its tests."]);
      cdktfCli.skipReason = `no cdktf-cli (${cli.error})`;
    }
  }
  project.provide("wxaE2e", {
    cdktfCli,
    engines,
    skipReason,
    providerVersion: packed.version,
    providerMirror: packed.mirror,
    providerRelease: packed.release,
    httpVersion: tools.ok ? tools.httpVersion : "",
  });
  return teardown;
}
