/**
 * tfplugin6.Provider as byte handlers for the server: the request decoded, the service
 * (provider-service.ts) asked, the answer encoded. Loaded at the first call that needs the
 * logic (routes.ts), not at start.
 *
 * The calls of validate and plan starts go through the hand codec (wire-codec.ts), so those
 * starts never build protobuf-es's descriptors; GetProviderSchema and GetMetadata (answered
 * from precomputed bytes in the bundle) go through protobuf-es, in its own lazily loaded chunk.
 */
import type { ProviderLogic } from "../provider/contract.js";
import type { Logger } from "./log.js";
import { createProviderService } from "./provider-service.js";
import { SERVED_PROVIDER_METHODS } from "./routes.js";
import type { UnaryHandler } from "./rpc-status.js";
import {
  decodeConfigRequest,
  encodeDiagnosticsResponse,
  encodeReadDataSourceResponse,
  encodeStopProviderResponse,
} from "./wire-codec.js";

/** The logic behind the Provider service, as routes.ts loads it. */
export interface LoadedProvider {
  /** By method name ("GetProviderSchema"): the methods the service implements. */
  readonly handlers: ReadonlyMap<string, UnaryHandler>;
  /** Cancel what is in flight (Ctrl-C), as StopProvider does. */
  stop(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: each codec's answer is its method's init shape
type Answer = any;
interface Codec {
  decode(bytes: Uint8Array): unknown;
  encode(answer: Answer): Uint8Array;
}

/** Field numbers from tfplugin6.proto (checked against the generated code by the tests). */
export const CODECS: Readonly<Record<string, Codec>> = {
  ValidateProviderConfig: {
    decode: (b) => decodeConfigRequest(b, { config: 1 }, "tfplugin6.ValidateProviderConfig.Request"),
    // Field 2: field 1 (prepared_config) is reserved since protocol 6.
    encode: (a) => encodeDiagnosticsResponse(2, a.diagnostics),
  },
  ConfigureProvider: {
    decode: (b) => decodeConfigRequest(b, { config: 2 }, "tfplugin6.ConfigureProvider.Request"),
    encode: (a) => encodeDiagnosticsResponse(1, a.diagnostics),
  },
  ValidateDataResourceConfig: {
    decode: (b) =>
      decodeConfigRequest(b, { typeName: 1, config: 2 }, "tfplugin6.ValidateDataResourceConfig.Request"),
    encode: (a) => encodeDiagnosticsResponse(1, a.diagnostics),
  },
  ReadDataSource: {
    decode: (b) => decodeConfigRequest(b, { typeName: 1, config: 2 }, "tfplugin6.ReadDataSource.Request"),
    encode: encodeReadDataSourceResponse,
  },
  StopProvider: { decode: () => ({}), encode: encodeStopProviderResponse },
};

/** "GetProviderSchema" -> "getProviderSchema", protobuf-es's local name of a method. */
const localName = (method: string) => method[0]?.toLowerCase() + method.slice(1);

export function createProviderRpcs(logic: ProviderLogic, log: Logger): LoadedProvider {
  const service = createProviderService(logic, log) as Record<string, (req: unknown) => unknown>;
  const handlers = new Map<string, UnaryHandler>();
  for (const name of SERVED_PROVIDER_METHODS) {
    const impl = service[localName(name)];
    if (typeof impl !== "function") continue;
    const codec = Object.hasOwn(CODECS, name) ? CODECS[name] : undefined;
    handlers.set(
      name,
      codec
        ? async (payload) => codec.encode(await impl.call(service, codec.decode(payload)))
        : async (payload) => (await import("./protobuf-rpc.js")).callWithProtobuf(name, impl, payload),
    );
  }
  return { handlers, stop: () => logic.stop() };
}
