// @ts-check
/**
 * Mutation testing of the provider's logic (issue 13): `pnpm --filter @wxa-audit/terraform-provider
 * test:mutation`, or `pnpm test:mutation` at the root. Not part of .ci/run (a full run takes far
 * longer than its budget); run it on demand or weekly. Needs core and the emulator built first
 * (the tests import their dist); turbo's test:mutation task builds them.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  // The runner is a root devDependency (pnpm keeps it out of this package's node_modules): name it
  // by path.
  plugins: [import.meta.resolve("@stryker-mutator/vitest-runner")],
  vitest: { configFile: "vitest.stryker.config.ts" },
  // Import-time failures: a mutant that makes a module throw while it loads fails every test file
  // importing it statically before any test is collected; vitest then reports no tests, and
  // Stryker 9.6's vitest runner counts "no failed test" as survived. test/module-load.test.ts
  // imports each mutated module inside a test (literal dynamic imports, which vitest's `related`
  // follows), so that throw fails a test: killed. A new file under `mutate` needs a line there.
  // Each mutant runs only the tests that reached it; a mutant reached while a module loads (a
  // "static" one) runs every related test file.
  coverageAnalysis: "perTest",
  checkers: [],
  // What is mutated: the provider's own decisions, what a user sees in `plan` and what guards
  // secrets. Not mutated: src/protocol/generated/** (code generated from Terraform's protos;
  // checked by generated-drift.test.ts), src/docs/** (the docs generator; docs.test.ts holds the
  // committed docs to it), and the IO glue (server, handshake, TLS, plugin process, install),
  // which only the child-process tests reach, where no mutant is ever active.
  // Scored so far (issue 13): the six files below, the ones that decide a plan's verdicts, its
  // provider config and its token files. Still to add and score, in this order: the other data
  // sources (src/data-sources/*.ts), src/provider/{logic,session,read-cache,diagnostics}.ts and
  // src/protocol/wire-codec.ts; test/module-load.test.ts already imports them all. A whole run of
  // the six takes about 40 minutes at concurrency 1 on a busy 2-core machine (a quarter of the
  // mutants are static: each reruns every related test file).
  mutate: [
    "src/data-sources/verdict.ts",
    "src/data-sources/nickname-check.ts",
    "src/provider/provider-config.ts",
    "src/provider/call-settings.ts",
    "src/provider/file-token-store.ts",
    "src/protocol/dynamic-value.ts",
  ],
  // Only the mutants of changed code (or reached by changed tests) run again; the state is kept in
  // reports/ (gitignored). `--force` runs everything.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // A 2-core machine, often shared: two vitest workers are enough.
  concurrency: 2,
  // A busy machine slows every run: a tight limit would call slow runs timeouts.
  timeoutMS: 20_000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  thresholds: { high: 90, low: 85, break: 80 },
};
