/** How the admin API shows state: plain JSON, with names beside status numbers, never a hash. */
import { auditStatusName, nicknameAuditStatName } from "@wxa-audit/core/tables";
import type { Emulator } from "../emulator.js";
import type { AuditSheet, NicknameAudit, Tenant } from "../state.js";

export const auditView = (s: AuditSheet) => ({ ...s, statusName: auditStatusName(s.status) });
export const nicknameAuditView = (a: NicknameAudit) => ({ ...a, statName: nicknameAuditStatName(a.stat) });

export function tenantView(em: Emulator, t: Tenant) {
  const q = em.state.quotaOf(t);
  const clock = em.state.clockOf(t);
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
