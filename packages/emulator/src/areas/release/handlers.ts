/**
 * Release step endpoints: commit, get_page, release, revertcoderelease, the phased release trio,
 * change_visitstatus, and getaccountbasicinfo (the account's current name). Each step commits the
 * tenant's next release state as one `release` change.
 */
import { fail, ok } from "../../answers.js";
import type { ReleaseChange } from "../../model/changes.js";
import type { Tenant } from "../../model/store.js";
import { latestAudit } from "../code-audit/model.js";
import { type Handler, type HandlerContext, tenantOf } from "../context.js";
import { renamesOf } from "../nickname/model.js";
import { grayPlanView, grayStep, releaseStep, revertible, revertStep } from "./model.js";
import { canonical, DEFAULT_PAGES, type ReleaseState, type ReleaseStep } from "./state.js";

/** Commits a step's state (in canonical key order), with the tenant facts it settles. */
function commitRelease(
  ctx: HandlerContext,
  t: Tenant,
  step: ReleaseStep,
  to: ReleaseState,
  extra: Pick<ReleaseChange, "flags" | "userVersion"> = {},
) {
  const cause = { trigger: "command", by: BY[step] } as const;
  ctx.commit({ kind: "release", tenant: t.name, step, to: canonical(to), ...extra, cause });
}

/** The WeChat interface behind each step, as the journal names who asked. */
const BY: Record<ReleaseStep, string> = {
  commit: "commit",
  release: "release",
  revert: "revertcoderelease",
  gray: "grayrelease",
  "gray-revert": "revertgrayrelease",
  visit: "change_visitstatus",
};

/** ext_json's `pages` when it names some; 85048 when ext_json is no JSON object, 85047 for `pages: []`. */
function pagesOf(extJson: string): { pages: readonly string[] } | { errcode: 85047 | 85048 } {
  let ext: unknown;
  try {
    ext = JSON.parse(extJson);
  } catch {
    return { errcode: 85048 };
  }
  if (ext === null || typeof ext !== "object" || Array.isArray(ext)) return { errcode: 85048 };
  const pages = (ext as { pages?: unknown }).pages;
  if (!Array.isArray(pages)) return { pages: DEFAULT_PAGES };
  const named = pages.filter((p): p is string => typeof p === "string" && p !== "");
  return named.length === 0 ? { errcode: 85047 } : { pages: named };
}

export const commit: Handler<"commit"> = (ctx, req) => {
  const t = tenantOf(ctx);
  const found = pagesOf(req.ext_json);
  if ("errcode" in found) return fail(found.errcode);
  const committed = {
    templateId: req.template_id,
    userVersion: req.user_version,
    userDesc: req.user_desc,
    pages: found.pages,
    commitTime: ctx.store.clockOf(t).now(),
  };
  // The code is now there to submit (85086 no more), carrying its version into the next audit.
  commitRelease(
    ctx,
    t,
    "commit",
    { ...t.release, committed },
    {
      flags: { codeCommitted: true },
      userVersion: req.user_version,
    },
  );
  return ok();
};

export const getCodePage: Handler<"getCodePage"> = (ctx) => {
  const t = tenantOf(ctx);
  // As get_auditstatus: strict mode refuses a plain app token (not a platform on its behalf).
  if (ctx.strict && (ctx.tokenKind === "app" || ctx.tokenKind === "stable")) return fail(86000);
  if (!t.flags.codeCommitted) return fail(86001);
  return ok({ page_list: [...(t.release.committed?.pages ?? DEFAULT_PAGES)] });
};

export const release: Handler<"release"> = (ctx) => {
  const t = tenantOf(ctx);
  const step = releaseStep(t.release, latestAudit(ctx.store, t), ctx.store.clockOf(t).now());
  if ("errcode" in step) return fail(step.errcode);
  commitRelease(ctx, t, "release", step.to, t.flags.released ? {} : { flags: { released: true } });
  return ok();
};

export const revertCodeRelease: Handler<"revertCodeRelease"> = (ctx, req) => {
  const t = tenantOf(ctx);
  if (req.action === "get_history_version") {
    return ok({
      version_list: revertible(t.release).map((v) => ({
        app_version: v.appVersion,
        user_version: v.userVersion,
        user_desc: v.userDesc,
        commit_time: v.releaseTime,
      })),
    });
  }
  const step = revertStep(t.release, req.app_version);
  if ("errcode" in step) return fail(step.errcode);
  commitRelease(ctx, t, "revert", step.to);
  return ok();
};

export const grayRelease: Handler<"grayRelease"> = (ctx, req) => {
  const t = tenantOf(ctx);
  const step = grayStep(t.release, latestAudit(ctx.store, t), req, ctx.store.clockOf(t).now());
  if ("errcode" in step) return fail(step.errcode);
  commitRelease(ctx, t, "gray", step.to);
  return ok();
};

export const getGrayReleasePlan: Handler<"getGrayReleasePlan"> = (ctx) =>
  ok({ gray_release_plan: grayPlanView(tenantOf(ctx).release) });

/** Cancels a running plan (status 4); with none running there is nothing to cancel, and WeChat documents no error. */
export const revertGrayRelease: Handler<"revertGrayRelease"> = (ctx) => {
  const t = tenantOf(ctx);
  const gray = t.release.gray;
  if (gray?.status === 1)
    commitRelease(ctx, t, "gray-revert", { ...t.release, gray: { ...gray, status: 4 } });
  return ok();
};

/** "open" or "close" (85022 otherwise); only once something is live (85021: nothing to show or hide). */
export const setVisitStatus: Handler<"setVisitStatus"> = (ctx, req) => {
  const t = tenantOf(ctx);
  if (req.action !== "open" && req.action !== "close") return fail(85022);
  if (!t.release.live) return fail(85021);
  if (t.release.visit !== req.action) commitRelease(ctx, t, "visit", { ...t.release, visit: req.action });
  return ok();
};

export const getAccountBasicInfo: Handler<"getAccountBasicInfo"> = (ctx) => {
  const t = tenantOf(ctx);
  // The renames setnickname counts, this Beijing year (the nickname area's counter).
  const renames = renamesOf(ctx.store, t);
  return ok({
    appid: t.name,
    account_type: 3,
    principal_type: 1,
    principal_name: "",
    realname_status: 1,
    wx_verify_info: { qualification_verify: false, naming_verify: false },
    signature_info: { signature: "", modify_used_count: 0, modify_quota: 5 },
    head_image_info: { head_image_url: "", modify_used_count: 0, modify_quota: 5 },
    // The tenant's name: what setnickname applied, or an approved nickname audit.
    nickname: t.nickname,
    nickname_info: {
      nickname: t.nickname,
      modify_used_count: renames.used,
      modify_quota: renames.limit,
    },
  });
};
