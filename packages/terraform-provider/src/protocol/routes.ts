/**
 * Which handler answers which gRPC path, without loading the provider until a call needs it.
 *
 * go-plugin's ping and shutdown are answered by hand (fixed-rpcs.ts); GetProviderSchema and
 * GetMetadata from bytes precomputed at build time when the bundle has them (scripts/bundle.mjs);
 * every other Provider method loads the provider (protobuf-es, the logic, core, zod) once, on
 * its first call. A start that only serves the schema (the engines' first start of a plan, and
 * `providers schema`) loads none of it.
 */
import { HEALTH_CHECK_PATH, healthCheck, PROVIDER_PREFIX, SHUTDOWN_PATH, shutdown } from "./fixed-rpcs.js";
import type { LoadedProvider } from "./provider-rpcs.js";
import type { UnaryHandler } from "./rpc-status.js";

/**
 * The Provider methods provider-service.ts implements (test/protocol/routes.test.ts checks the
 * two agree). Known here so the engines' calls of others (GetFunctions,
 * GetResourceIdentitySchemas...) get UNIMPLEMENTED without loading the provider.
 */
export const SERVED_PROVIDER_METHODS: readonly string[] = [
  "GetMetadata",
  "GetProviderSchema",
  "ValidateProviderConfig",
  "ValidateDataResourceConfig",
  "ConfigureProvider",
  "ReadDataSource",
  "StopProvider",
];

export interface RoutesOptions {
  /** Builds the provider; called once, at the first call that needs it. */
  readonly loadProvider: () => LoadedProvider | Promise<LoadedProvider>;
  /** Answer bytes by Provider method name, the same for every request (the schema). */
  readonly precomputed?: Readonly<Record<string, Uint8Array>>;
}

export interface Routes {
  handlerFor(path: string): UnaryHandler | undefined;
  /** The provider's stop, when it has been loaded; nothing to stop otherwise. */
  stop(): Promise<void>;
}

export function createRoutes({ loadProvider, precomputed = {} }: RoutesOptions): Routes {
  let loading: Promise<LoadedProvider> | undefined;
  let loaded: LoadedProvider | undefined;
  const provider = () => {
    loading ??= Promise.resolve()
      .then(loadProvider)
      .then((p) => {
        loaded = p;
        return p;
      });
    return loading;
  };

  const table = new Map<string, UnaryHandler>([
    [HEALTH_CHECK_PATH, healthCheck],
    [SHUTDOWN_PATH, shutdown],
  ]);
  for (const name of SERVED_PROVIDER_METHODS) {
    const fixed = Object.hasOwn(precomputed, name) ? precomputed[name] : undefined;
    table.set(
      PROVIDER_PREFIX + name,
      fixed
        ? () => fixed
        : async (request) => {
            const handler = (await provider()).handlers.get(name);
            if (!handler) throw new Error(`the provider does not implement ${name}`);
            return handler(request);
          },
    );
  }

  return {
    handlerFor: (path) => table.get(path),
    stop: async () => {
      await loaded?.stop();
    },
  };
}
