// @ts-check
/**
 * Mutation testing of the emulator's unit-level modules (faults, journal, clock) over their unit
 * suites only: `pnpm exec stryker run stryker.unit.config.mjs` (--concurrency 1 on a shared
 * machine). stryker.config.mjs stays the default (`pnpm test:mutation`); this one is for a quick
 * look at these three files, see the comment there.
 */
import base from "./stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: "vitest.stryker-unit.config.ts" },
  mutate: ["src/faults.ts", "src/clock.ts", "src/journal.ts"],
  incrementalFile: "reports/stryker-unit-incremental.json",
  htmlReporter: { fileName: "reports/mutation-unit/mutation.html" },
  jsonReporter: { fileName: "reports/mutation-unit/mutation.json" },
};
