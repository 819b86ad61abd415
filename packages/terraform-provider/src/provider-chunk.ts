/**
 * The provider behind the wire, as main.ts loads it at the first call that needs it: a
 * separate chunk of the bundle (scripts/bundle.mjs), which also runs it at build time to
 * precompute the schema answers.
 */
import type { Logger } from "./protocol/log.js";
import { createProviderRpcs, type LoadedProvider } from "./protocol/provider-rpcs.js";
import { createProviderLogic } from "./provider/logic.js";

export function loadProvider(log: Logger, env: NodeJS.ProcessEnv = process.env): LoadedProvider {
  return createProviderRpcs(createProviderLogic({ env }), log);
}

/** For scripts/bundle.mjs: which answers it computes with this chunk at build time. */
export { PRECOMPUTED_METHODS } from "./precomputed-answers.js";
