/**
 * tfplugin6.Provider on top of a ProviderLogic: decode requests into contract types, call the
 * logic, encode the answer. Only what a data-source-only provider needs is implemented; every
 * other RPC (resources, functions, identity, ephemeral, list, state stores, actions) is left
 * out (not even generated, see scripts/gen-proto.mjs), and the server answers UNIMPLEMENTED for
 * it, which the engines tolerate for those.
 */
import type { DescMethodUnary, DescService, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { BlockSchema, ProviderLogic, ProviderSchema, TfObject } from "../provider/contract.js";
import { errorDiagnostic, type ProtoDiagnostic, toProtoDiagnostics } from "./diagnostics.js";
import { type DynamicValueBytes, DynamicValueError, decodeObject, encodeObject } from "./dynamic-value.js";
import type { Provider, ReadDataSource_ResponseSchema } from "./generated/tfplugin6/tfplugin6_pb.js";
import type { Logger } from "./log.js";

/** A service's unary methods as server.ts calls them: the decoded request in, the answer's init shape out. */
type UnaryServiceImpl<S extends DescService> = {
  [P in keyof S["method"]]: S["method"][P] extends DescMethodUnary<infer I, infer O>
    ? (request: MessageShape<I>) => Promise<MessageInitShape<O>> | MessageInitShape<O>
    : never;
};

type Decoded = { readonly config: TfObject } | { readonly diagnostics: ProtoDiagnostic[] };

export function createProviderService(
  logic: ProviderLogic,
  log: Logger,
): Partial<UnaryServiceImpl<typeof Provider>> {
  // The schema is static for the life of the process; ask the logic once.
  let cached: ProviderSchema | undefined;
  const schema = () => {
    cached ??= logic.schema();
    return cached;
  };

  const decode = (value: DynamicValueBytes | undefined, block: BlockSchema, what: string): Decoded => {
    try {
      return { config: decodeObject(value, block) };
    } catch (error) {
      if (!(error instanceof DynamicValueError)) throw error;
      log.log("error", "could not decode a DynamicValue", { what, reason: error.message });
      return {
        diagnostics: [
          errorDiagnostic(
            "Invalid value from the engine",
            `The provider could not decode ${what}: ${error.message}. This is a bug in the provider or the engine.`,
            error.path.length > 0 ? error.path : undefined,
          ),
        ],
      };
    }
  };

  const dataSource = (typeName: string): BlockSchema | undefined =>
    Object.hasOwn(schema().dataSources, typeName) ? schema().dataSources[typeName] : undefined;
  const unknownDataSource = (typeName: string) => [
    errorDiagnostic("Unknown data source type", `This provider has no data source "${typeName}".`),
  ];

  /** A throwing logic becomes one error diagnostic: the engine then reports it, not a crash. */
  const guard = async <T>(
    rpc: string,
    body: () => T | Promise<T>,
  ): Promise<T | { diagnostics: ProtoDiagnostic[] }> => {
    try {
      return await body();
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error;
      log.log("error", "provider logic failed", { rpc, error: name });
      const message = error instanceof Error ? error.message : String(error);
      return {
        diagnostics: [errorDiagnostic("Internal error in the provider", `${rpc}: ${name}: ${message}`)],
      };
    }
  };

  return {
    getMetadata: () =>
      guard("GetMetadata", () => ({
        serverCapabilities: { getProviderSchemaOptional: false },
        dataSources: Object.keys(schema().dataSources).map((typeName) => ({ typeName })),
        diagnostics: [],
      })),

    getProviderSchema: () =>
      guard("GetProviderSchema", async () => {
        // schema.ts builds protobuf-es messages: loaded only here (the bundle precomputes this).
        const { toProtoSchema } = await import("./schema.js");
        const s = schema();
        return {
          provider: toProtoSchema(s.provider),
          dataSourceSchemas: Object.fromEntries(
            Object.entries(s.dataSources).map(([name, block]) => [name, toProtoSchema(block)]),
          ),
          serverCapabilities: { getProviderSchemaOptional: false },
          diagnostics: [],
        };
      }),

    // Field 2 of the response: field 1 (prepared_config) is reserved since protocol 6.
    validateProviderConfig: (req) =>
      guard("ValidateProviderConfig", () => {
        const d = decode(req.config, schema().provider, "the provider configuration");
        if ("diagnostics" in d) return d;
        return { diagnostics: toProtoDiagnostics(logic.validateProviderConfig(d.config)) };
      }),

    configureProvider: (req) =>
      guard("ConfigureProvider", async () => {
        const d = decode(req.config, schema().provider, "the provider configuration");
        if ("diagnostics" in d) return d;
        return { diagnostics: toProtoDiagnostics(await logic.configure(d.config)) };
      }),

    validateDataResourceConfig: (req) =>
      guard("ValidateDataResourceConfig", () => {
        const block = dataSource(req.typeName);
        if (!block) return { diagnostics: unknownDataSource(req.typeName) };
        const d = decode(req.config, block, `the configuration of ${req.typeName}`);
        if ("diagnostics" in d) return d;
        return { diagnostics: toProtoDiagnostics(logic.validateDataSourceConfig(req.typeName, d.config)) };
      }),

    readDataSource: (req) =>
      guard("ReadDataSource", async (): Promise<MessageInitShape<typeof ReadDataSource_ResponseSchema>> => {
        const block = dataSource(req.typeName);
        if (!block) return { diagnostics: unknownDataSource(req.typeName) };
        const d = decode(req.config, block, `the configuration of ${req.typeName}`);
        if ("diagnostics" in d) return d;
        log.log("debug", "reading data source", { type_name: req.typeName });
        const result = await logic.readDataSource(req.typeName, d.config);
        const diagnostics = toProtoDiagnostics(result.diagnostics);
        if (!result.state) {
          if (!result.diagnostics.some((x) => x.severity === "error")) {
            diagnostics.push(
              errorDiagnostic(
                "Provider returned no state",
                `Reading ${req.typeName} gave neither a state nor an error.`,
              ),
            );
          }
          return { diagnostics };
        }
        try {
          return { state: { msgpack: encodeObject(result.state, block) }, diagnostics };
        } catch (error) {
          if (!(error instanceof DynamicValueError)) throw error;
          diagnostics.push(
            errorDiagnostic(
              "Provider produced an invalid state",
              `The state of ${req.typeName} does not match its schema: ${error.message}. This is a bug in the provider.`,
              error.path,
            ),
          );
          return { diagnostics };
        }
      }),

    stopProvider: async () => {
      try {
        await logic.stop();
        return { Error: "" };
      } catch (error) {
        return { Error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
