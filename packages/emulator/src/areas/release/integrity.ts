/**
 * What a snapshot's schema cannot see of a tenant's release state: app versions given once and
 * below `nextAppVersion` (so a new release never reuses one), a running phased release only over
 * a live version, and the audits it names (published, phased in) being the tenant's own.
 */
import type { ReleaseState } from "./state.js";

export function releaseProblem(
  r: ReleaseState,
  auditIds: readonly number[],
): { field: string; message: string } | undefined {
  const versions = [...r.history, ...(r.live ? [r.live] : [])];
  const seen = new Set<number>();
  for (const v of versions) {
    if (seen.has(v.appVersion)) return { field: "history", message: "app version repeated" };
    seen.add(v.appVersion);
    if (v.appVersion >= r.nextAppVersion)
      return { field: "nextAppVersion", message: `app version ${v.appVersion} at or past nextAppVersion` };
  }
  if (r.gray?.status === 1 && !r.live)
    return { field: "gray", message: "a running phased release needs a live version" };
  for (const [field, id] of [
    ["releasedAuditId", r.releasedAuditId],
    ["gray.auditid", r.gray?.auditid],
  ] as const)
    if (id !== undefined && !auditIds.includes(id))
      return { field, message: `audit ${id} is not the tenant's` };
  return undefined;
}
