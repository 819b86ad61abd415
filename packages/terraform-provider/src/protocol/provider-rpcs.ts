/**
 * tfplugin6.Provider as byte handlers for the server: protobuf-es decodes the request, the
 * service (provider-service.ts) answers, protobuf-es encodes the answer. Loaded at the first
 * call that needs the logic (routes.ts), not at start: the generated descriptors cost ~18 ms.
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { ProviderLogic } from "../provider/contract.js";
import { Provider } from "./generated/tfplugin6/tfplugin6_pb.js";
import type { Logger } from "./log.js";
import { createProviderService } from "./provider-service.js";
import { RpcError, Status, type UnaryHandler } from "./rpc-status.js";

/** The logic behind the Provider service, as routes.ts loads it. */
export interface LoadedProvider {
  /** By method name ("GetProviderSchema"): the methods the service implements. */
  readonly handlers: ReadonlyMap<string, UnaryHandler>;
  /** Cancel what is in flight (Ctrl-C), as StopProvider does. */
  stop(): Promise<void>;
}

export function createProviderRpcs(logic: ProviderLogic, log: Logger): LoadedProvider {
  const service = createProviderService(logic, log) as Record<string, (req: unknown) => unknown>;
  const handlers = new Map<string, UnaryHandler>();
  for (const method of Provider.methods) {
    const impl = service[method.localName];
    if (method.methodKind !== "unary" || typeof impl !== "function") continue;
    handlers.set(method.name, async (payload) => {
      let request: unknown;
      try {
        request = fromBinary(method.input, payload);
      } catch (error) {
        throw new RpcError(`cannot decode the request: ${(error as Error).message}`, Status.InvalidArgument);
      }
      // biome-ignore lint/suspicious/noExplicitAny: the implementation returns its output's init shape
      return toBinary(method.output, create(method.output, (await impl(request)) as any));
    });
  }
  return { handlers, stop: () => logic.stop() };
}
