/**
 * The release step's moves, as pure functions from a tenant's state to the next one or the errcode
 * WeChat answers instead. The handlers commit what these return; nothing here changes state.
 * Guards across areas (release reads the newest audit) are here, in one place.
 */
import { AuditStatus } from "@wxa-audit/core/tables";
import type { AuditSheet } from "../code-audit/model.js";
import { type GrayPlan, HISTORY_KEPT, type LiveVersion, type ReleaseState } from "./state.js";

/** Either the next state or the errcode refusing the move. */
export type Step<C extends number> = { readonly to: ReleaseState } | { readonly errcode: C };

/**
 * `release`: the newest audit must be approved (85020; none at all: 85019) and not published
 * already (85052). Its version goes live, the one before joins the history, and a phased release
 * of it is done.
 */
export function releaseStep(
  s: ReleaseState,
  latest: AuditSheet | undefined,
  now: number,
): Step<85019 | 85020 | 85052> {
  if (!latest) return { errcode: 85019 };
  if (latest.status !== AuditStatus.Approved) return { errcode: 85020 };
  if (s.releasedAuditId === latest.auditid) return { errcode: 85052 };
  const live: LiveVersion = {
    appVersion: s.nextAppVersion,
    auditid: latest.auditid,
    userVersion: latest.userVersion,
    userDesc: latest.userDesc,
    releaseTime: now,
  };
  return {
    to: {
      ...s,
      live,
      history: s.live ? [...s.history, s.live].slice(-HISTORY_KEPT) : s.history,
      reverted: false,
      releasedAuditId: latest.auditid,
      ...(s.gray?.status === 1 && { gray: { ...s.gray, status: 3 } }),
      nextAppVersion: s.nextAppVersion + 1,
    },
  };
}

/** The versions revertcoderelease may go back to, newest first; none while the live one is a revert. */
export function revertible(s: ReleaseState): readonly LiveVersion[] {
  return s.reverted ? [] : [...s.history].reverse();
}

/**
 * `revertcoderelease`: not during a phased release (87011); back to the previous version, or to
 * `appVersion` when given, if it is one revertcoderelease may go back to (87012 otherwise). The
 * versions after it are dropped; the live one is marked a revert.
 */
export function revertStep(s: ReleaseState, appVersion: number | undefined): Step<87011 | 87012> {
  if (s.gray?.status === 1) return { errcode: 87011 };
  const choices = revertible(s);
  const target = appVersion === undefined ? choices[0] : choices.find((v) => v.appVersion === appVersion);
  if (!target) return { errcode: 87012 };
  const at = s.history.indexOf(target);
  return { to: { ...s, live: target, history: s.history.slice(0, at), reverted: true } };
}

export interface GrayRequest {
  gray_percentage: number;
  support_debuger_first?: boolean | undefined;
  support_experiencer_first?: boolean | undefined;
}

/**
 * `grayrelease`: something must be live (85079) and the newest audit approved and not yet published
 * (85080). The share is 1 to 100, or 0 with one of the member flags (85081), and higher than the
 * running plan's for the same version (85082).
 */
export function grayStep(
  s: ReleaseState,
  latest: AuditSheet | undefined,
  req: GrayRequest,
  now: number,
): Step<85079 | 85080 | 85081 | 85082> {
  if (!s.live) return { errcode: 85079 };
  if (!latest || latest.status !== AuditStatus.Approved || s.releasedAuditId === latest.auditid)
    return { errcode: 85080 };
  const p = req.gray_percentage;
  const flags = req.support_debuger_first === true || req.support_experiencer_first === true;
  if (p < 0 || p > 100 || (p === 0 && !flags)) return { errcode: 85081 };
  const running = s.gray?.status === 1 && s.gray.auditid === latest.auditid ? s.gray : undefined;
  if (running && p <= running.percentage) return { errcode: 85082 };
  const gray: GrayPlan = {
    status: 1,
    auditid: latest.auditid,
    percentage: p,
    supportDebugerFirst: req.support_debuger_first ?? running?.supportDebugerFirst ?? false,
    supportExperiencerFirst: req.support_experiencer_first ?? running?.supportExperiencerFirst ?? false,
    createTime: running?.createTime ?? now,
  };
  return { to: { ...s, gray } };
}

/** getgrayreleaseplan's `gray_release_plan`: status 0 and zeros before any plan. */
export function grayPlanView(s: ReleaseState) {
  const g = s.gray;
  return {
    status: g?.status ?? 0,
    create_timestamp: g?.createTime ?? 0,
    gray_percentage: g?.percentage ?? 0,
    support_debuger_first: g?.supportDebugerFirst ?? false,
    support_experiencer_first: g?.supportExperiencerFirst ?? false,
  };
}
