/**
 * The release step's state of a mini program (a tenant): the uploaded code (the experience
 * version), the live version and the earlier ones it can go back to, the phased release plan and
 * the service (visit) status. Plain immutable data: a step builds a new state and commits it as a
 * `release` change (model/changes.ts), so the journal, snapshots and subscribers see every step.
 */

/** The code uploaded by `commit` (WeChat's experience version). */
export interface CommittedCode {
  readonly templateId: number;
  readonly userVersion: string;
  readonly userDesc: string;
  /** From ext_json's `pages`, else the template's (DEFAULT_PAGES). */
  readonly pages: readonly string[];
  /** Unix seconds on the tenant's clock. */
  readonly commitTime: number;
}

/** A version as it went live. */
export interface LiveVersion {
  /** WeChat's own number for a published version (`app_version`), increasing per mini program. */
  readonly appVersion: number;
  /** The approved audit it came from; 0 for a version seeded from the config. */
  readonly auditid: number;
  readonly userVersion: string;
  readonly userDesc: string;
  /** Unix seconds on the tenant's clock (answered as `commit_time`). */
  readonly releaseTime: number;
}

/** getgrayreleaseplan's `status`: 1 running, 3 done (fully released), 4 deleted (revertgrayrelease). */
export type GrayStatus = 1 | 3 | 4;

export interface GrayPlan {
  readonly status: GrayStatus;
  /** The approved audit being phased in. */
  readonly auditid: number;
  readonly percentage: number;
  readonly supportDebugerFirst: boolean;
  readonly supportExperiencerFirst: boolean;
  /** Unix seconds on the tenant's clock. */
  readonly createTime: number;
}

export type VisitStatus = "open" | "close";

export interface ReleaseState {
  readonly committed?: CommittedCode;
  readonly live?: LiveVersion;
  /** Earlier live versions, oldest first: at most HISTORY_KEPT ("the 5 most recent"). */
  readonly history: readonly LiveVersion[];
  /** The live version was reached by a revert: no other revert, and no list, until a release (87012). */
  readonly reverted: boolean;
  /** The audit whose version was last published in full: an approved sheet is published once (85052). */
  readonly releasedAuditId?: number;
  readonly gray?: GrayPlan;
  readonly visit: VisitStatus;
  /** The next `app_version`. */
  readonly nextAppVersion: number;
}

/** revertcoderelease's page: "最多保存最近发布或回退的5个版本". */
export const HISTORY_KEPT = 5;
/** The pages of code whose ext_json names none: the template's, as the emulator has no templates. */
export const DEFAULT_PAGES: readonly string[] = ["index"];
export const RELEASE_STEPS = ["commit", "release", "revert", "gray", "gray-revert", "visit"] as const;
export type ReleaseStep = (typeof RELEASE_STEPS)[number];

export const freshRelease = (): ReleaseState => ({
  history: [],
  reverted: false,
  visit: "open",
  nextAppVersion: 1,
});

/**
 * The state with its keys in one order (the schema's), absent parts left out: a snapshot's import
 * rebuilds objects in that order, so a state made here exports the same before and after.
 */
export function canonical(s: ReleaseState): ReleaseState {
  return {
    ...(s.committed && { committed: s.committed }),
    ...(s.live && { live: s.live }),
    history: s.history,
    reverted: s.reverted,
    ...(s.releasedAuditId !== undefined && { releasedAuditId: s.releasedAuditId }),
    ...(s.gray && { gray: s.gray }),
    visit: s.visit,
    nextAppVersion: s.nextAppVersion,
  };
}

/** What the config may say of a tenant's release step (config.ts validates it). */
export interface ReleaseInit {
  live?: { userVersion: string; userDesc?: string | undefined } | undefined;
  visitStatus?: VisitStatus | undefined;
  pages?: string[] | undefined;
}

/**
 * A tenant's starting release state from its config: a live version when one is given, or when the
 * tenant is configured `released` (so a released mini program has something live to go back from).
 */
export function seedRelease(
  init: ReleaseInit | undefined,
  released: boolean,
  userVersion: string,
  now: number,
): ReleaseState {
  const liveInit = init?.live ?? (released ? { userVersion } : undefined);
  const live: LiveVersion | undefined = liveInit && {
    appVersion: 1,
    auditid: 0,
    userVersion: liveInit.userVersion,
    userDesc: liveInit.userDesc ?? "",
    releaseTime: now,
  };
  return canonical({
    ...freshRelease(),
    ...(init?.pages && {
      committed: { templateId: 0, userVersion, userDesc: "", pages: init.pages, commitTime: now },
    }),
    ...(live && { live, nextAppVersion: 2 }),
    ...(init?.visitStatus && { visit: init.visitStatus }),
  });
}
