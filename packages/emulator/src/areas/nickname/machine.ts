/**
 * The nickname audit as a lifecycle table: 1 (in review) moves to 2 (failed, with `fail_reason`)
 * or 3 (succeeded: the name is applied to the tenant). To add a state: add it to MOVES, say in
 * `details`/`apply` what a move into it carries, and add its row to the transition test.
 */
import {
  NICKNAME_AUDIT_STAT_NAMES,
  NicknameAuditStat,
  type NicknameAuditStatName,
  nicknameAuditStatFromName,
  nicknameAuditStatName,
} from "@wxa-audit/core/tables";
import type { Lifecycle } from "../../model/lifecycle.js";
import { nicknameFailReason } from "../../wordings.js";
import { NICKNAME_AUDITS, type NicknameAudit } from "./model.js";

/** 1 is open; 2 (failed) and 3 (succeeded) are final. */
export const NICKNAME_MOVES: Readonly<Record<NicknameAuditStat, readonly NicknameAuditStat[]>> = {
  [NicknameAuditStat.InReview]: [NicknameAuditStat.Failed, NicknameAuditStat.Succeeded],
  [NicknameAuditStat.Failed]: [],
  [NicknameAuditStat.Succeeded]: [],
};

export const NICKNAME_MACHINE: Lifecycle<NicknameAuditStat, NicknameAudit> = {
  kind: NICKNAME_AUDITS.kind,
  noun: "nickname audit",
  moves: NICKNAME_MOVES,
  guards: [],
  name: nicknameAuditStatName,
  id: (a) => a.audit_id,
  state: (a) => a.stat,
  details: (store, to, given) => ({
    reason: to === NicknameAuditStat.Failed ? (given.reason ?? nicknameFailReason(store.prng)) : "",
  }),
  apply(_store, a, to, details, at) {
    a.stat = to;
    a.audit_time = at;
    a.fail_reason = to === NicknameAuditStat.Failed ? (details.reason ?? "") : "";
  },
  // A succeeded audit applies the name to the tenant: a rename, committed with the move's cause.
  effects: (a, to) =>
    to === NicknameAuditStat.Succeeded ? [{ kind: "rename", tenant: a.tenant, to: a.nickname }] : [],
};

/** Every nickname audit_stat name (core's), as a tuple for z.enum: the config file. */
export const NICKNAME_STAT_NAME_LIST = Object.values(NICKNAME_AUDIT_STAT_NAMES) as [
  NicknameAuditStatName,
  ...NicknameAuditStatName[],
];
export type NicknameTargetName = Exclude<NicknameAuditStatName, "in_review">;
/** Where an admin command may move a nickname audit: its final states. */
export const NICKNAME_TARGET_NAMES = NICKNAME_STAT_NAME_LIST.filter(
  (n) => NICKNAME_MOVES[nicknameAuditStatFromName(n)!].length === 0,
) as [NicknameTargetName, ...NicknameTargetName[]];
export const nicknameStatOf = (name: NicknameAuditStatName): NicknameAuditStat =>
  nicknameAuditStatFromName(name)!;
