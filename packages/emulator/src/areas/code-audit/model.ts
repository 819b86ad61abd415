/** Code release audits: the record, where it is found, and the tenant's submit/undo/speed-up quotas. */

import type { AuditStatus } from "@wxa-audit/core/tables";
import { beijingDayMonth } from "../../clock.js";
import type { Tracked } from "../../model/lifecycle.js";
import type { RecordKind, Store, Tenant } from "../../model/store.js";

export interface AuditSheet extends Tracked {
  auditid: number;
  tenant: string;
  status: AuditStatus;
  reason: string;
  screenshot: string;
  submitTime: number;
  userVersion: string;
  userDesc: string;
  spedUp: boolean;
}

export const UNDO_PER_DAY = 5;
export const UNDO_PER_MONTH = 10;

export const AUDITS: RecordKind = {
  kind: "audit",
  tenantList: "auditIds",
  firstId: [400_000_000, 499_999_999],
};

export const auditsOf = (store: Store) => store.recordsOf<AuditSheet>(AUDITS.kind);

export function latestAudit(store: Store, t: Tenant): AuditSheet | undefined {
  const id = t.auditIds[t.auditIds.length - 1];
  return id === undefined ? undefined : auditsOf(store).get(id);
}

/** A new sheet in `status` (2 unless given), not yet committed: the caller commits its creation. */
export function newAudit(store: Store, t: Tenant, init: Partial<AuditSheet>): AuditSheet {
  const auditid = init.auditid ?? store.newId(AUDITS.kind);
  return store.insert(
    AUDITS,
    auditid,
    {
      auditid,
      tenant: t.name,
      status: init.status ?? 2,
      reason: init.reason ?? "",
      screenshot: init.screenshot ?? "",
      submitTime: init.submitTime ?? store.clockOf(t).now(),
      userVersion: init.userVersion ?? t.userVersion,
      userDesc: init.userDesc ?? "",
      spedUp: init.spedUp ?? false,
      reads: 0,
      pending: [],
      history: [],
    },
    t,
  );
}

/** The quota counters, reset when the Beijing month changed. */
export function quotaOf(store: Store, t: Tenant) {
  const { month } = beijingDayMonth(store.clockOf(t).now());
  if (t.quota.month !== month) {
    t.quota.month = month;
    t.quota.used = 0;
    t.quota.speedupUsed = 0;
  }
  return t.quota;
}

/** Takes one undo if the day's and month's allowance (Beijing time) has room. */
export function takeUndo(store: Store, t: Tenant): boolean {
  const { day, month } = beijingDayMonth(store.clockOf(t).now());
  if (t.undo.day !== day) Object.assign(t.undo, { day, dayCount: 0 });
  if (t.undo.month !== month) Object.assign(t.undo, { month, monthCount: 0 });
  if (t.undo.dayCount >= UNDO_PER_DAY || t.undo.monthCount >= UNDO_PER_MONTH) return false;
  t.undo.dayCount++;
  t.undo.monthCount++;
  return true;
}
