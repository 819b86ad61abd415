/**
 * A small ProviderLogic for the wire's tests: the other side of the contract, not the real
 * provider. One data source, `fake_echo`, with string/number/bool/list attributes; reading it
 * echoes the config and fills the computed attributes.
 */
import type { BlockSchema, Diagnostic, ProviderLogic, TfObject } from "../../src/provider/contract.js";
import { UNKNOWN } from "../../src/provider/contract.js";

export const ECHO: BlockSchema = {
  version: 1,
  description: "Echoes its input.",
  attributes: [
    { name: "name", type: "string", description: "A name.", required: true },
    { name: "count", type: "number", description: "A number.", optional: true },
    { name: "enabled", type: "bool", description: "A flag.", optional: true },
    { name: "tags", type: ["list", "string"], description: "Tags.", optional: true },
    { name: "labels", type: ["map", "string"], description: "Labels.", optional: true },
    { name: "greeting", type: "string", description: "Computed.", computed: true },
    { name: "sizes", type: ["list", "number"], description: "Computed.", computed: true },
  ],
};

export const PROVIDER_BLOCK: BlockSchema = {
  version: 0,
  description: "Fake provider.",
  attributes: [
    { name: "token", type: "string", description: "A secret.", optional: true, sensitive: true },
    { name: "retries", type: "number", description: "Retries.", optional: true },
  ],
};

export function createFakeLogic(): ProviderLogic & { configured: TfObject | undefined; stops: number } {
  const logic = {
    configured: undefined as TfObject | undefined,
    stops: 0,
    schema: () => ({ provider: PROVIDER_BLOCK, dataSources: { fake_echo: ECHO } }),
    validateProviderConfig(config: TfObject): Diagnostic[] {
      return typeof config.retries === "number" && config.retries < 0
        ? [{ severity: "error", summary: "retries must be >= 0", attribute: ["retries"] }]
        : [];
    },
    async configure(config: TfObject) {
      logic.configured = config;
      return [];
    },
    validateDataSourceConfig(_type: string, config: TfObject): Diagnostic[] {
      const tags = Array.isArray(config.tags) ? config.tags : [];
      return tags.flatMap((tag, i): Diagnostic[] =>
        tag === ""
          ? [{ severity: "warning", summary: "empty tag", detail: "A tag is empty.", attribute: ["tags", i] }]
          : [],
      );
    },
    async readDataSource(_type: string, config: TfObject) {
      if (config.name === "boom") throw new TypeError("boom");
      if (config.name === "fail") {
        return {
          diagnostics: [{ severity: "error" as const, summary: "failed", attribute: ["labels", "k"] }],
        };
      }
      if (config.name === UNKNOWN)
        return { diagnostics: [{ severity: "error" as const, summary: "unknown" }] };
      return {
        state: { ...config, greeting: `hello ${String(config.name)}`, sizes: [1, 2.5, -3] },
        diagnostics: [],
      };
    },
    async stop() {
      logic.stops++;
    },
  };
  return logic;
}
