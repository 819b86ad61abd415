// @ts-check
// What every package's StrykerJS config shares (packages/*/stryker.config.mjs), and issue 13's
// targets, which scripts/mutation-summary.mjs checks too. Each package adds what it mutates, the
// vitest config it runs, and its own notes.
import { fileURLToPath } from "node:url";

/** Issue 13's targets: every mutated file, each package, and the secret-handling files. */
export const TARGETS = {
  file: 80,
  package: 85,
  strict: { "packages/core/src/redact.ts": 90, "packages/core/src/tokens.ts": 90 },
};

/**
 * @param {{ mutate: string[], vitestConfig: string }} pkg
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function strykerConfig({ mutate, vitestConfig }) {
  return {
    testRunner: "vitest",
    // The runner is a root devDependency (pnpm keeps it out of each package's node_modules):
    // name it by path.
    plugins: [fileURLToPath(import.meta.resolve("@stryker-mutator/vitest-runner"))],
    vitest: { configFile: vitestConfig },
    // Import-time failures: a mutant that makes a module throw while it loads fails every test
    // file importing it before any test is collected; vitest then reports no tests, and Stryker
    // 9.6's vitest runner reads "no failed test" as survived. Each package has a test that
    // imports every mutated module inside a test (literal dynamic imports, which vitest's
    // `related` follows), so that throw fails a test: killed. A new mutated file needs a line there.
    // Each mutant runs only the tests that reached it; one reached while a module loads (a
    // "static" mutant) runs every related test file.
    coverageAnalysis: "perTest",
    checkers: [],
    mutate,
    // Only the mutants of changed code (or reached by changed tests) run again; the state is kept
    // in reports/ (gitignored). `--force` runs everything. An incremental run can reuse an old
    // "survived" for a static mutant: for an honest figure, give it a new `--incrementalFile`.
    incremental: true,
    incrementalFile: "reports/stryker-incremental.json",
    reporters: ["clear-text", "progress", "html", "json"],
    htmlReporter: { fileName: "reports/mutation/mutation.html" },
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    // A 2-core machine, often shared: two vitest workers are enough.
    concurrency: 2,
    // A busy machine slows every run: a tight limit would call slow runs timeouts (and restart
    // workers). Scoped runs of files whose mutants hang a request go faster with --timeoutMS 1500.
    timeoutMS: 20_000,
    tempDirName: ".stryker-tmp",
    cleanTempDir: "always",
    thresholds: { high: 90, low: TARGETS.package, break: TARGETS.file },
  };
}
