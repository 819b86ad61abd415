// Vitest as StrykerJS runs it (stryker.config.mjs): the in-process suites that reach the mutated
// files. Left out: test/protocol/server.integration.test.ts (it drives the provider in child
// processes, where no mutant is ever active, so it can kill none; 7 s of every static mutant's
// run) and test/protocol/generated-drift.test.ts (regenerates code from the protos: reaches no
// mutated file).
import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// Not mergeConfig: it would append this include list to the base one, not replace it.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/**/*.test.ts"],
    exclude: [
      "test/protocol/server.integration.test.ts",
      "test/protocol/generated-drift.test.ts",
      "**/node_modules/**",
    ],
  },
});
