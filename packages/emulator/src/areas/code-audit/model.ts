/**
 * Code release audits: the record, where it is found, and the submit/undo/speed-up quotas. Undo
 * counts are the mini program's; the submit and speed-up quota is its platform's, shared by all the
 * platform's mini programs (D9 "所有旗下小程序共用该额度"), or its own when it has no platform.
 */

import type { AuditStatus } from "@wxa-audit/core/tables";
import { beijingDayMonth } from "../../clock.js";
import type { UndoCounters } from "../../model/changes.js";
import type { Tracked } from "../../model/lifecycle.js";
import {
  DEFAULT_QUOTA,
  type QuotaCounters,
  type RecordKind,
  type Store,
  type Tenant,
} from "../../model/store.js";

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

export const AUDITS = {
  kind: "audit",
  tenantList: "auditIds",
  firstId: [400_000_000, 499_999_999],
} as const satisfies RecordKind;

export const auditsOf = (store: Store) => store.recordsOf<AuditSheet>(AUDITS.kind);

export function latestAudit(store: Store, t: Tenant): AuditSheet | undefined {
  const id = t.auditIds[t.auditIds.length - 1];
  return id === undefined ? undefined : auditsOf(store).get(id);
}

/**
 * A new sheet in `status` (2 unless given), not yet stored: the commit point stores it when its
 * creation is committed (or seeding does, through the writers).
 */
export function newAudit(store: Store, t: Tenant, init: Partial<AuditSheet>): AuditSheet {
  const auditid = init.auditid ?? store.newId(AUDITS.kind);
  return {
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
  };
}

/** The platform whose quota the tenant spends: the one it is authorized to; none, its own. */
export const quotaPlatformOf = (t: Tenant): string | undefined => t.authorizer?.componentAppId;

/**
 * The quota counters the tenant spends, as they stand now: its platform's (made with the default
 * limits for a platform never added) or its own; zero used when the Beijing month changed (pure).
 */
export function quotaOf(store: Store, t: Tenant): QuotaCounters {
  const { month } = beijingDayMonth(store.clockOf(t).now());
  const platform = quotaPlatformOf(t);
  const q =
    platform === undefined
      ? t.quota
      : (store.quotaPools.get(platform) ?? { ...DEFAULT_QUOTA, month, used: 0, speedupUsed: 0 });
  return q.month === month ? q : { ...q, month, used: 0, speedupUsed: 0 };
}

/** The quota as queryquota answers it, and (admin views) whose it is. */
export function quotaView(store: Store, t: Tenant) {
  const q = quotaOf(store, t);
  const platform = quotaPlatformOf(t);
  return {
    rest: Math.max(0, q.limit - q.used),
    limit: q.limit,
    speedup_rest: Math.max(0, q.speedupLimit - q.speedupUsed),
    speedup_limit: q.speedupLimit,
    ...(platform !== undefined && { platform }),
  };
}

/** The undo counters after one more undo, or undefined when the day's or month's allowance is spent. */
export function nextUndo(store: Store, t: Tenant): UndoCounters | undefined {
  const { day, month } = beijingDayMonth(store.clockOf(t).now());
  const dayCount = t.undo.day === day ? t.undo.dayCount : 0;
  const monthCount = t.undo.month === month ? t.undo.monthCount : 0;
  if (dayCount >= UNDO_PER_DAY || monthCount >= UNDO_PER_MONTH) return undefined;
  return { day, dayCount: dayCount + 1, month, monthCount: monthCount + 1 };
}
