/** Nickname audits: the record, where it is found, and the tenant's name-check rate limit. */
import type { NicknameAuditStat } from "@wxa-audit/core/tables";
import { beijingYear } from "../../clock.js";
import type { CheckCounters } from "../../model/changes.js";
import type { Tracked } from "../../model/lifecycle.js";
import type { RecordKind, Store, Tenant } from "../../model/store.js";

export interface NicknameAudit extends Tracked {
  audit_id: number;
  tenant: string;
  nickname: string;
  stat: NicknameAuditStat;
  fail_reason: string;
  create_time: number;
  audit_time: number;
}

export const NICKNAME_AUDITS = {
  kind: "nickname",
  tenantList: "nicknameAuditIds",
  firstId: [100_000_000, 199_999_999],
} as const satisfies RecordKind;

export const nicknameAuditsOf = (store: Store) => store.recordsOf<NicknameAudit>(NICKNAME_AUDITS.kind);

export function latestNicknameAudit(store: Store, t: Tenant): NicknameAudit | undefined {
  const id = t.nicknameAuditIds[t.nicknameAuditIds.length - 1];
  return id === undefined ? undefined : nicknameAuditsOf(store).get(id);
}

/** A new nickname audit (in review unless given), not yet stored: the commit point stores it with its creation. */
export function newNicknameAudit(
  store: Store,
  t: Tenant,
  init: Partial<NicknameAudit> & { nickname: string },
): NicknameAudit {
  const audit_id = init.audit_id ?? store.newId(NICKNAME_AUDITS.kind);
  return {
    audit_id,
    tenant: t.name,
    nickname: init.nickname,
    stat: init.stat ?? 1,
    fail_reason: init.fail_reason ?? "",
    create_time: init.create_time ?? store.clockOf(t).now(),
    audit_time: init.audit_time ?? 0,
    reads: 0,
    pending: [],
    history: [],
  };
}

/** The tenant's renames as they stand now: none used when the Beijing year changed (pure). */
export function renamesOf(store: Store, t: Tenant): Tenant["renames"] {
  const year = beijingYear(store.clockOf(t).now());
  return t.renames.year === year ? t.renames : { ...t.renames, year, used: 0 };
}

/** The name-check counters after one more check; undefined when the per-minute limit is spent. */
export function nextNameCheck(store: Store, t: Tenant): CheckCounters | undefined {
  const limit = store.rules.rateLimit?.perMinute;
  if (limit === undefined) return t.checks;
  const minute = Math.floor(store.clockOf(t).now() / 60);
  const count = t.checks.minute === minute ? t.checks.count : 0;
  if (count >= limit) return undefined;
  return { minute, count: count + 1 };
}
