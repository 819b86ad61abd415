// @ts-check
/**
 * Mutation testing of the provider's logic (issue 13): `pnpm --filter @wxa-audit/terraform-provider
 * test:mutation`, or `pnpm test:mutation` at the root; the shared settings and why are in
 * scripts/stryker-base.mjs. Not part of .ci/run (a full run takes far longer than its budget); run
 * it on demand or weekly (.ci/mutation). Needs core and the emulator built first (the tests import
 * their dist); turbo's test:mutation task builds them. Import-time mutants are killed by
 * test/module-load.test.ts.
 *
 * What is mutated: the provider's own decisions, what a user sees in `plan` and what guards
 * secrets. Not mutated: src/protocol/generated/** (code generated from Terraform's protos; checked
 * by generated-drift.test.ts), src/docs/** (the docs generator; docs.test.ts holds the committed
 * docs to it), and the IO glue (server, handshake, TLS, plugin process, install), which only the
 * child-process tests reach, where no mutant is ever active.
 * Scored so far (issue 13): the six files below, the ones that decide a plan's verdicts, its
 * provider config and its token files. Still to add and score, in this order: the other data
 * sources (src/data-sources/*.ts), src/provider/{logic,session,read-cache,diagnostics}.ts and
 * src/protocol/wire-codec.ts; test/module-load.test.ts already imports them all. A whole run of
 * the six takes about 40 minutes at concurrency 1 on a busy 2-core machine (a quarter of the
 * mutants are static: each reruns every related test file).
 */
import { strykerConfig } from "../../scripts/stryker-base.mjs";

export default strykerConfig({
  vitestConfig: "vitest.stryker.config.ts",
  mutate: [
    "src/data-sources/verdict.ts",
    "src/data-sources/nickname-check.ts",
    "src/provider/provider-config.ts",
    "src/provider/call-settings.ts",
    "src/provider/file-token-store.ts",
    "src/protocol/dynamic-value.ts",
  ],
});
