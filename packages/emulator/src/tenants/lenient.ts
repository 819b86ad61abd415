/**
 * Lenient mode's tenants (one per unknown token or appid) are bounded: past limits.lenientTenants,
 * or once what they keep passes limits.lenientTenantBytes, the least recently used is evicted
 * through the commit point (an `evict` set-up change, journaled under that tenant). Configured
 * and admin-made tenants are never evicted; nor is the most recent one, the tenant of the request
 * under way.
 */
import { approxJsonBytes } from "../json-limits.js";
import type { Limits } from "../limits.js";
import type { Commit } from "../model/lifecycle.js";
import type { Store, Tenant } from "../model/store.js";

const LENIENT = { trigger: "command", by: "lenient" } as const;

/** Refreshes the estimate of what `t` keeps (after a request of its committed something). */
export function noteLenientSize(store: Store, t: Tenant): void {
  if (!store.lenient.has(t.name)) return;
  // The release state counts too: commit keeps ext_json's pages, as large as a body may be.
  let bytes = approxJsonBytes(t.release);
  for (const k of store.kinds) {
    const records = store.recordsOf(k.kind);
    for (const id of t[k.tenantList]) bytes += approxJsonBytes(records.get(id));
  }
  store.lenient.resize(t.name, bytes);
}

/** Evicts least recently used lenient tenants until both bounds hold (the newest always stays). */
export function boundLenient(store: Store, commit: Commit, limits: Limits): void {
  const index = store.lenient;
  while (index.size > 1 && (index.size > limits.lenientTenants || index.bytes > limits.lenientTenantBytes)) {
    const oldest = index.oldest()!;
    commit({ kind: "setup", what: "evict", tenant: oldest, cause: LENIENT });
  }
}
