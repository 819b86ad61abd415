/** How the admin API shows a tenant: plain JSON, never a hash. Records are shown by their area. */
import { quotaOf } from "../areas/code-audit/model.js";
import type { Store, Tenant } from "../model/store.js";

export function tenantView(store: Store, t: Tenant) {
  const q = quotaOf(store, t);
  const clock = store.clockOf(t);
  return {
    name: t.name,
    flags: t.flags,
    nickname: t.nickname,
    userVersion: t.userVersion,
    hasSecret: t.secretHash !== undefined,
    ...(t.authorizer && { authorizerOf: t.authorizer.componentAppId }),
    clock: { ...clock.toJSON(), own: t.clock !== undefined },
    quota: {
      rest: Math.max(0, q.limit - q.used),
      limit: q.limit,
      speedup_rest: Math.max(0, q.speedupLimit - q.speedupUsed),
      speedup_limit: q.speedupLimit,
    },
    auditIds: t.auditIds,
    nicknameAuditIds: t.nicknameAuditIds,
  };
}
