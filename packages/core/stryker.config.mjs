// @ts-check
// Mutation testing for @wxa-audit/core (issue 13): `pnpm test:mutation` here, or at the root; the
// shared settings and why are in scripts/stryker-base.mjs. Not part of .ci/run: a full run takes
// far longer than the CI budget; run it on demand or weekly (.ci/mutation).
// Import-time mutants are killed by test/imports.test.ts (checked with a deliberately throwing
// probe module: survived without it, killed with it).
import { strykerConfig } from "../../scripts/stryker-base.mjs";

export default {
  ...strykerConfig({
    vitestConfig: "vitest.config.ts",
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
  }),
  // Core's suite is quick per test; a mutant that hangs a request should not cost 20 s.
  timeoutMS: 5000,
};
