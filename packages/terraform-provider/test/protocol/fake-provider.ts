// The fake logic behind the wire's Provider RPCs: the lazily loaded chunk of the test bundle.
import type { Logger } from "../../src/protocol/log.js";
import { createProviderRpcs, type LoadedProvider } from "../../src/protocol/provider-rpcs.js";
import { createFakeLogic } from "./fake-logic.js";

export function loadFakeProvider(log: Logger): LoadedProvider {
  return createProviderRpcs(createFakeLogic(), log);
}
