/**
 * Provisions the engines once per run (scripts/provision-tools.sh: warm in well under a second)
 * and hands the list to the test files through `provide`/`inject`.
 *
 * No engine at all (provisioning failed, e.g. no Go, and no TERRAFORM_BINARY_NAME): locally the
 * suite says so loudly and every test is skipped; under CI=true that is a failure, never a skip.
 */
import type { TestProject } from "vitest/node";
import { detectEngines, type Engine, hasGo, provisionTools, relabelNote } from "./tools.mjs";

export interface E2eContext {
  engines: Engine[];
  /** Why every test is skipped (no engine, not CI); "" when they run. */
  skipReason: string;
  /** The relabel note when the mirror publishes a build under another version, else "". */
  relabelNote: string;
  externalVersion: string;
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

export default function setup(project: TestProject): void {
  const tools = provisionTools();
  let engines: Engine[];
  try {
    engines = detectEngines(tools);
  } catch (err) {
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
      throw new Error(`e2e: no engine to run the end-to-end plans with (${why})`);
    }
    loud([...lines, "Not in CI: SKIPPING every end-to-end test."]);
    skipReason = `no engine (${why})`;
  } else {
    process.stderr.write(`e2e: engines: ${engines.map((e) => `${e.name} (${e.bin})`).join(", ")}\n`);
    if (tools.ok && !tools.terraformBin) {
      process.stderr.write(
        `e2e: Terraform 1.5.7 was not built, running without it${tools.terraformNote ? `: ${tools.terraformNote}` : ""}\n`,
      );
    }
  }
  project.provide("wxaE2e", {
    engines,
    skipReason,
    relabelNote: tools.ok && tools.relabel ? relabelNote(tools.relabel) : "",
    externalVersion: tools.ok ? tools.externalVersion : "",
  });
}
