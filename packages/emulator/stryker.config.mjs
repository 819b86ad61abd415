// @ts-check
/**
 * Mutation testing of the emulator's logic: `pnpm --filter @wxa-audit/emulator test:mutation`; the
 * shared settings and why are in scripts/stryker-base.mjs. Not part of .ci/run (a full run takes
 * far longer than its budget); run on demand or weekly (.ci/mutation).
 * Needs core built first (the emulator imports core's dist): `pnpm --filter @wxa-audit/core build`.
 * Scope a run with `--mutate "src/x.ts" --concurrency 1 --incrementalFile reports/inc-x.json`.
 * Per file on a shared 2-core machine at --concurrency 1: 3 to 5 minutes (faults.ts, the largest,
 * about 5), so no smaller test set is needed for any of them.
 *
 * Import-time mutants are killed by test/module-load.test.ts. Seen on
 * src/areas/nickname/machine.ts:18-22: without that file the `{}` mutant of NICKNAME_MOVES
 * survived with 0 tests run; with it, killed ("Cannot read properties of undefined").
 */
import { strykerConfig } from "../../scripts/stryker-base.mjs";

export default strykerConfig({
  // The in-process suites only (see that file).
  vitestConfig: "vitest.stryker.config.ts",
  mutate: ["src/areas/*/machine.ts", "src/faults.ts", "src/name-rules.ts", "src/clock.ts", "src/journal.ts"],
});
