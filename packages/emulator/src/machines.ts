/**
 * The two audit state machines as data: which status may follow which. Everything that moves an
 * audit (admin commands, schedules, undocodeaudit) goes through `assertAuditMove` /
 * `assertNicknameMove`, so an illegal move is refused the same way wherever it is asked.
 */
import {
  AUDIT_STATUS_NAMES,
  AuditStatus,
  type AuditStatusName,
  auditStatusFromName,
  auditStatusName,
  NICKNAME_AUDIT_STAT_NAMES,
  NicknameAuditStat,
  type NicknameAuditStatName,
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

/** Every code audit status name (core's), as a tuple for z.enum: admin moves and config. */
export const AUDIT_STATUS_NAME_LIST = Object.values(AUDIT_STATUS_NAMES) as [
  AuditStatusName,
  ...AuditStatusName[],
];
/** Every nickname audit_stat name (core's), as a tuple for z.enum: the config file. */
export const NICKNAME_STAT_NAME_LIST = Object.values(NICKNAME_AUDIT_STAT_NAMES) as [
  NicknameAuditStatName,
  ...NicknameAuditStatName[],
];
/** Where an admin command may move a nickname audit: its final states. */
export const NICKNAME_TARGET_NAMES = NICKNAME_STAT_NAME_LIST.filter(
  (n) => NICKNAME_MOVES[nicknameAuditStatFromName(n)!].length === 0,
) as [NicknameTargetName, ...NicknameTargetName[]];
export type NicknameTargetName = Exclude<NicknameAuditStatName, "in_review">;

export const auditStatusOf = (name: AuditStatusName): AuditStatus => auditStatusFromName(name)!;
export const nicknameStatOf = (name: NicknameAuditStatName): NicknameAuditStat =>
  nicknameAuditStatFromName(name)!;
