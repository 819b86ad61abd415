/** How the admin API shows a tenant: plain JSON, never a hash. Records are shown by their area. */
import type { z } from "zod";
import { quotaView } from "../areas/code-audit/model.js";
import { RECORD_AREAS } from "../areas/index.js";
import { renamesOf } from "../areas/nickname/model.js";
import type { Store, Tenant } from "../model/store.js";
import type { TenantViewSchema } from "./schemas.js";

type TenantView = z.output<typeof TenantViewSchema>;

export function tenantView(store: Store, t: Tenant) {
  const renames = renamesOf(store, t);
  const clock = store.clockOf(t);
  return {
    name: t.name,
    flags: t.flags,
    nickname: t.nickname,
    userVersion: t.userVersion,
    hasSecret: t.secretHash !== undefined,
    ...(t.authorizer && { authorizerOf: t.authorizer.componentAppId }),
    ...(t.tokenAccess && { tokenAccess: t.tokenAccess }),
    ...(t.lenient && { lenient: true }),
    clock: { ...clock.toJSON(), own: t.clock !== undefined },
    quota: quotaView(store, t),
    renames: { limit: renames.limit, used: renames.used, rest: Math.max(0, renames.limit - renames.used) },
    ...(t.categories && { categories: t.categories }),
    release: t.release,
    // Each area's id list (`auditIds`), from the list of areas.
    ...Object.fromEntries(RECORD_AREAS.map((r) => [r.kind.tenantList, t[r.kind.tenantList]])),
  } as TenantView;
}
