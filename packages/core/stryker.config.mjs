// Mutation testing for @wxa-audit/core (issue 13): `pnpm test:mutation` here, or at the root.
// Not part of .ci/run: a full run takes far longer than the CI budget; run it on demand or weekly.
// Incremental: only mutants whose code or covering tests changed are run again; the state is
// kept in reports/ (gitignored). `--force` runs everything.
import { fileURLToPath } from "node:url";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // pnpm keeps the runner out of Stryker's own node_modules: name it by path.
  plugins: [fileURLToPath(import.meta.resolve("@stryker-mutator/vitest-runner"))],
  vitest: { configFile: "vitest.config.ts" },
  // A mutant that makes a module throw while it loads: every test file importing it statically
  // fails at collection with no tests, and Stryker 9.6's vitest runner reads "no failed test"
  // as survived (collection errors are not in its results, and vitest.related cannot help).
  // test/imports.test.ts imports each mutated module inside a test, with literal dynamic
  // imports that vitest's related-file graph follows, so that mutant fails a test: killed.
  // (Checked with a deliberately throwing probe module: survived without it, killed with it.)
  // A new file under `mutate` needs a line there.
  // Each test run only the mutants it covers (the dry run records which); mutants run while a
  // module loads ("static") run every related test file.
  coverageAnalysis: "perTest",
  checkers: [],
  mutate: [
    "src/retry.ts",
    "src/tokens.ts",
    "src/limiter.ts",
    "src/redact.ts",
    "src/transport.ts",
    "src/http/*.ts",
    "src/errors.ts",
    "src/client.ts",
    "src/ranges.ts",
  ],
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // The machine is shared; one or two vitest workers are enough.
  concurrency: 2,
  timeoutMS: 5000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  thresholds: { high: 90, low: 85, break: 80 },
};
