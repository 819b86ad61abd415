/**
 * Every secret value the provider knows: configured credentials (from config or environment) and
 * every token it fetched or read from the token store. Outputs are scrubbed against all of them.
 */
import type { StoredToken, TokenStore } from "@wxa-audit/core";

export class SecretSet implements Iterable<string> {
  readonly #values = new Set<string>();

  add(value: string | null | undefined): void {
    if (value) this.#values.add(value);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.#values[Symbol.iterator]();
  }
}

/**
 * A TokenStore that records every token passing through it. Core's platform flow stores both the
 * component and the authorizer token, so wrapping the store is how the provider learns tokens it
 * never sees otherwise (the component token is core's own business).
 */
export function recordingStore(secrets: SecretSet, inner?: TokenStore): TokenStore {
  const seen = (t: StoredToken | undefined) => {
    secrets.add(t?.token);
    return t;
  };
  return {
    get: async (key) => seen(await inner?.get(key)),
    set: async (key, value) => {
      seen(value);
      await inner?.set(key, value);
    },
    delete: async (key) => {
      await inner?.delete(key);
    },
  };
}
