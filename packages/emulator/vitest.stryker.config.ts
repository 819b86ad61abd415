// Vitest as StrykerJS runs it (stryker.config.mjs): the in-process behavioural suites that reach the
// mutated files. Left out: the tests that drive the built CLI in a child process (they run dist/,
// so no mutant of src/ can reach them) and the fuzz, concurrency and push suites, too slow to
// repeat for each mutant reached while a module is imported (every related file runs for those).
import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// Not mergeConfig: it would append this include list to the base one, not replace it.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      "test/module-load.test.ts",
      "test/fault-rules.test.ts",
      "test/journal-ring.test.ts",
      "test/clock.test.ts",
      "test/name-rules.test.ts",
      "test/units.test.ts",
      "test/state-machines.test.ts",
      "test/machines.test.ts",
      "test/lifecycle.test.ts",
      "test/journal-transitions.test.ts",
      "test/journal-changes.test.ts",
      "test/contract-generic.test.ts",
      "test/contract-nickname.test.ts",
      // The documented 腾讯 sample with WeChat's wording, 91009, 小程序: name-rules.ts as a caller sees it.
      "test/contract-nickname-fidelity.test.ts",
      "test/contract-code-audit.test.ts",
      "test/limits.test.ts",
    ],
  },
});
