/**
 * Answers that are the same at every start (GetProviderSchema, GetMetadata), as base64 of the
 * response message, by Provider method name. Undefined here, so a run from source computes
 * them; scripts/bundle.mjs replaces this module in the bundle with the bytes the bundled
 * provider computes at build time (so they cannot drift from the code; the integration test
 * compares the bundle's answers with this source's). A start that only serves the schema then
 * loads neither the logic nor @wxa-audit/core nor zod.
 */
export const PRECOMPUTED_ANSWERS: Readonly<Record<string, string>> | undefined = undefined;

/** The methods whose answers are precomputed: no input, no state, no environment. */
export const PRECOMPUTED_METHODS = ["GetProviderSchema", "GetMetadata"] as const;
