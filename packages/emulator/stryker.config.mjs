// @ts-check
/**
 * Mutation testing of the emulator's logic: `pnpm --filter @wxa-audit/emulator test:mutation`.
 * Not part of .ci/run (a full run takes far longer than its budget); run on demand or weekly.
 * Needs core built first (the emulator imports core's dist): `pnpm --filter @wxa-audit/core build`.
 * Scope a run with `--mutate "src/x.ts" --concurrency 1 --incrementalFile reports/inc-x.json`.
 * Per file on a shared 2-core machine at --concurrency 1: 3 to 5 minutes (faults.ts, the largest,
 * about 5), so no smaller test set is needed for any of them.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  // The runner is a root devDependency: resolved from here (Stryker's own glob would look in this
  // package's node_modules only).
  plugins: [import.meta.resolve("@stryker-mutator/vitest-runner")],
  vitest: { configFile: "vitest.stryker.config.ts" },
  // Import-time failures: a mutant that makes a module throw while it is imported (say `{}` for a
  // table read at load) fails every test file importing it before any test is collected; vitest
  // then reports no tests, and Stryker 9.6's vitest runner counts "no failed test" as survived
  // (there is no option for it). test/module-load.test.ts imports each mutated module inside a
  // test (a dynamic import, which vitest's `related` still links to the module), so the throw
  // fails that test and the mutant is killed. Seen on src/areas/nickname/machine.ts:18-22: without
  // that file the `{}` mutant of NICKNAME_MOVES survived with 0 tests run; with it, killed
  // ("Cannot read properties of undefined"). Keep a mutated module's import in that file.
  // Each mutant runs only the tests that reached it; a mutant reached while a module is imported
  // (a "static" one) runs every related test file.
  coverageAnalysis: "perTest",
  mutate: ["src/areas/*/machine.ts", "src/faults.ts", "src/name-rules.ts", "src/clock.ts", "src/journal.ts"],
  // Only the mutants of changed code (or reached by changed tests) run again.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // A 2-core machine, often shared.
  concurrency: 2,
  // A busy machine slows every run: a tight limit would call slow runs timeouts (and restart workers).
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 85, break: 80 },
  tempDirName: ".stryker-tmp",
};
