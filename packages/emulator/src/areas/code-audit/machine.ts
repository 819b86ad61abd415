/**
 * The code release audit as a lifecycle table. To add a state: add it to MOVES (where it may go,
 * and which states may reach it), say in `details`/`apply` what a move into it carries, and add
 * its row to the transition test.
 */
import {
  AUDIT_STATUS_NAMES,
  AuditStatus,
  type AuditStatusName,
  auditStatusFromName,
  auditStatusName,
} from "@wxa-audit/core/tables";
import { isOpen, type Lifecycle } from "../../model/lifecycle.js";
import { deferralReason, rejectionReason, screenshotIds } from "../../wordings.js";
import { AUDITS, type AuditSheet } from "./model.js";

/** 2 (in review) and 4 (deferred) are open; 0, 1 and 3 are final. */
export const AUDIT_MOVES: Readonly<Record<AuditStatus, readonly AuditStatus[]>> = {
  [AuditStatus.InReview]: [
    AuditStatus.Approved,
    AuditStatus.Rejected,
    AuditStatus.Deferred,
    AuditStatus.Withdrawn,
  ],
  [AuditStatus.Deferred]: [
    AuditStatus.InReview,
    AuditStatus.Approved,
    AuditStatus.Rejected,
    AuditStatus.Withdrawn,
  ],
  [AuditStatus.Approved]: [],
  [AuditStatus.Rejected]: [],
  [AuditStatus.Withdrawn]: [],
};

export const AUDIT_MACHINE: Lifecycle<AuditStatus, AuditSheet> = {
  kind: AUDITS.kind,
  noun: "audit",
  moves: AUDIT_MOVES,
  guards: [],
  name: auditStatusName,
  id: (s) => s.auditid,
  state: (s) => s.status,
  // `reason` for rejected and deferred, `screenshot` (media ids joined by |) for rejected only.
  details(store, to, given) {
    if (to === AuditStatus.Rejected) {
      return {
        reason: given.reason ?? rejectionReason(store.prng),
        screenshot: given.screenshot ?? screenshotIds(store.prng),
      };
    }
    if (to === AuditStatus.Deferred)
      return { reason: given.reason ?? deferralReason(store.prng), screenshot: "" };
    return { reason: "", screenshot: "" };
  },
  apply(_store, sheet, to, details) {
    sheet.status = to;
    sheet.reason = details.reason ?? "";
    sheet.screenshot = details.screenshot ?? "";
  },
};

export const isOpenAudit = (s: AuditStatus): boolean => isOpen(AUDIT_MACHINE, s);

/** Every code audit status name (core's), as a tuple for z.enum: admin moves and config. */
export const AUDIT_STATUS_NAME_LIST = Object.values(AUDIT_STATUS_NAMES) as [
  AuditStatusName,
  ...AuditStatusName[],
];
export const auditStatusOf = (name: AuditStatusName): AuditStatus => auditStatusFromName(name)!;
