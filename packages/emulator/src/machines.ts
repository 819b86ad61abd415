/**
 * The two audit state machines as data: which status may follow which. Everything that moves an
 * audit (admin commands, schedules, undocodeaudit) goes through `assertAuditMove` /
 * `assertNicknameMove`, so an illegal move is refused the same way wherever it is asked.
 */
import {
  AuditStatus,
  auditStatusFromName,
  auditStatusName,
  NicknameAuditStat,
  nicknameAuditStatFromName,
  nicknameAuditStatName,
} from "@wxa-audit/core/tables";

/** Code release audit: 2 and 4 are open; 0, 1 and 3 are final. */
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

/** Nickname audit: 1 is open; 2 (failed) and 3 (succeeded) are final. */
export const NICKNAME_MOVES: Readonly<Record<NicknameAuditStat, readonly NicknameAuditStat[]>> = {
  [NicknameAuditStat.InReview]: [NicknameAuditStat.Failed, NicknameAuditStat.Succeeded],
  [NicknameAuditStat.Failed]: [],
  [NicknameAuditStat.Succeeded]: [],
};

export const isOpenAudit = (s: AuditStatus): boolean => AUDIT_MOVES[s].length > 0;

export type AuditKind = "audit" | "nickname";

/** A refused move; the admin API answers it as 409 naming the current state. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly kind: AuditKind,
    readonly id: number,
    readonly from: string,
    readonly to: string,
  ) {
    super(
      `${kind === "audit" ? "audit" : "nickname audit"} ${id} is ${from}; it cannot move to ${to}` +
        (from === to ? " (it is already there)" : ""),
    );
  }
}

export function assertAuditMove(id: number, from: AuditStatus, to: AuditStatus): void {
  if (!AUDIT_MOVES[from].includes(to))
    throw new IllegalTransitionError("audit", id, auditStatusName(from), auditStatusName(to));
}

export function assertNicknameMove(id: number, from: NicknameAuditStat, to: NicknameAuditStat): void {
  if (!NICKNAME_MOVES[from].includes(to)) {
    throw new IllegalTransitionError("nickname", id, nicknameAuditStatName(from), nicknameAuditStatName(to));
  }
}

/** Names the admin API accepts for a code audit move (withdrawn too, beside the four of the issue). */
export const AUDIT_TARGET_NAMES = ["approved", "rejected", "deferred", "in_review", "withdrawn"] as const;
export type AuditTargetName = (typeof AUDIT_TARGET_NAMES)[number];
export const NICKNAME_TARGET_NAMES = ["succeeded", "failed"] as const;
export type NicknameTargetName = (typeof NICKNAME_TARGET_NAMES)[number];

export const auditStatusOf = (name: AuditTargetName): AuditStatus => auditStatusFromName(name)!;
export const nicknameStatOf = (name: NicknameTargetName): NicknameAuditStat =>
  nicknameAuditStatFromName(name)!;
