// Vitest for stryker.unit.config.mjs: only the unit-level suites of the modules mutated there (no
// server started per test, but units.test.ts's one), so a mutant reached while a module is
// imported reruns a few seconds of tests, not the in-process contract suites.
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
      "test/units.test.ts",
    ],
  },
});
