/**
 * Status values of the two audits, as WeChat sends them. One place for each name: the client, the
 * emulator's state machines and the constructs' conditions all read these.
 */

/** `status` of a code release audit (getAuditStatus, getLatestAuditStatus). */
export const AuditStatus = {
  Approved: 0,
  Rejected: 1,
  InReview: 2,
  /** 已撤回: the seed's "initial value" is a mistranslation. */
  Withdrawn: 3,
  Deferred: 4,
} as const;
export type AuditStatus = (typeof AuditStatus)[keyof typeof AuditStatus];

/** `audit_stat` of a nickname (rename) audit (getNickNameStatus). */
export const NicknameAuditStat = {
  InReview: 1,
  Failed: 2,
  Succeeded: 3,
} as const;
export type NicknameAuditStat = (typeof NicknameAuditStat)[keyof typeof NicknameAuditStat];

/** Lower-case, wire-stable names ("approved", "in_review", ...) used in messages and the admin API. */
export const AUDIT_STATUS_NAMES = {
  [AuditStatus.Approved]: "approved",
  [AuditStatus.Rejected]: "rejected",
  [AuditStatus.InReview]: "in_review",
  [AuditStatus.Withdrawn]: "withdrawn",
  [AuditStatus.Deferred]: "deferred",
} as const satisfies Record<AuditStatus, string>;
export type AuditStatusName = (typeof AUDIT_STATUS_NAMES)[AuditStatus];

export const NICKNAME_AUDIT_STAT_NAMES = {
  [NicknameAuditStat.InReview]: "in_review",
  [NicknameAuditStat.Failed]: "failed",
  [NicknameAuditStat.Succeeded]: "succeeded",
} as const satisfies Record<NicknameAuditStat, string>;
export type NicknameAuditStatName = (typeof NICKNAME_AUDIT_STAT_NAMES)[NicknameAuditStat];

export function auditStatusName(status: number): AuditStatusName | `unknown(${number})` {
  return (AUDIT_STATUS_NAMES as Record<number, AuditStatusName>)[status] ?? `unknown(${status})`;
}

export function nicknameAuditStatName(stat: number): NicknameAuditStatName | `unknown(${number})` {
  return (NICKNAME_AUDIT_STAT_NAMES as Record<number, NicknameAuditStatName>)[stat] ?? `unknown(${stat})`;
}

export function auditStatusFromName(name: string): AuditStatus | undefined {
  const hit = Object.entries(AUDIT_STATUS_NAMES).find(([, n]) => n === name);
  return hit ? (Number(hit[0]) as AuditStatus) : undefined;
}

export function nicknameAuditStatFromName(name: string): NicknameAuditStat | undefined {
  const hit = Object.entries(NICKNAME_AUDIT_STAT_NAMES).find(([, n]) => n === name);
  return hit ? (Number(hit[0]) as NicknameAuditStat) : undefined;
}
