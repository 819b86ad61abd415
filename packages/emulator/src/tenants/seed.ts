/** A tenant from its config (file, or POST /__admin/tenants): flags, secrets as hashes, records. */
import { RECORD_AREAS } from "../areas/index.js";
import { seedRelease } from "../areas/release/state.js";
import type { TenantConfig } from "../config.js";
import { DuplicateIdError } from "../errors.js";
import { DEFAULT_USER_VERSION, type Store, type Tenant } from "../model/store.js";
import type { Writes } from "../model/writes.js";
import { secretHash } from "./secrets.js";

/**
 * Creates (or replaces) a tenant with its configured records; secrets are kept only as hashes.
 * Run by the commit point (a `setup` change), which hands it the store's writers. `lenient`: made
 * by lenient mode (evictable).
 */
export function seedTenant(w: Writes, s: Store, c: TenantConfig, lenient = false): Tenant {
  // Refuse duplicate ids before changing anything (the tenant's own records are replaced).
  const own = s.tenant(c.name)?.name;
  for (const r of RECORD_AREAS) {
    const list = c[r.configList] as ReadonlyArray<Record<string, unknown>> | undefined;
    assertFreshIds(list, r.idField, s.recordsOf(r.kind.kind), own, r.configList);
  }
  const t = w.putTenant(s, {
    name: c.name,
    ...(lenient && { lenient }),
    ...(c.secret && { secretHash: secretHash(c.secret) }),
    ...(c.authorizer && {
      authorizer: {
        componentAppId: c.authorizer.componentAppId,
        refreshTokenHash: secretHash(c.authorizer.refreshToken),
      },
    }),
    ...((c.ipWhitelist || c.secretFrozen) && {
      tokenAccess: {
        ...(c.ipWhitelist && { ipWhitelist: [...c.ipWhitelist] }),
        ...(c.secretFrozen && { secretFrozen: true as const }),
      },
    }),
    flags: {
      ...(c.registeredViaApi !== undefined && { registeredViaApi: c.registeredViaApi }),
      ...(c.codeCommitted !== undefined && { codeCommitted: c.codeCommitted }),
      // A configured live version is a released mini program.
      ...((c.released !== undefined || c.release?.live) && { released: c.released ?? true }),
      ...(c.profileComplete !== undefined && { profileComplete: c.profileComplete }),
      ...(c.navigateAppIdsMissing !== undefined && { navigateAppIdsMissing: c.navigateAppIdsMissing }),
    },
    ...(c.nickname !== undefined && { nickname: c.nickname }),
    ...(c.userVersion !== undefined && { userVersion: c.userVersion }),
    ...(c.quota && { quota: c.quota }),
    ...((c.renamesPerYear !== undefined || c.renamesUsed !== undefined) && {
      renames: {
        ...(c.renamesPerYear !== undefined && { limit: c.renamesPerYear }),
        ...(c.renamesUsed !== undefined && { used: c.renamesUsed }),
      },
    }),
    ...(c.categories && { categories: c.categories }),
    release: seedRelease(
      c.release,
      c.released === true,
      c.userVersion ?? DEFAULT_USER_VERSION,
      s.clock.now(),
    ),
  });
  if (c.ownClock) w.ownClock(s, t);
  for (const r of RECORD_AREAS) r.seed(w, s, t, c);
  return t;
}

/** Ids given in a tenant's config must be new, or already that tenant's own (which it replaces). */
function assertFreshIds(
  items: ReadonlyArray<Record<string, unknown>> | undefined,
  field: string,
  existing: ReadonlyMap<number, { tenant: string }>,
  own: string | undefined,
  list: string,
): void {
  const seen = new Set<number>();
  items?.forEach((item, i) => {
    const id = item[field] as number | undefined;
    if (id === undefined) return;
    const other = existing.get(id);
    if (seen.has(id) || (other && other.tenant !== own))
      throw new DuplicateIdError(`${list}.${i}.${field}`, id);
    seen.add(id);
  });
}
