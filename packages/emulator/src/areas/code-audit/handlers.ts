/** Code release audit endpoints: submit_audit, get_auditstatus, get_latest_auditstatus, undo, speedup, quota. */
import { AuditStatus } from "@wxa-audit/core/tables";
import { fail, ok } from "../../answers.js";
import { move, settle } from "../../model/lifecycle.js";
import type { QuotaCounters, Tenant } from "../../model/store.js";
import { type Handler, type HandlerContext, tenantOf } from "../context.js";
import { AUDIT_MACHINE, isOpenAudit } from "./machine.js";
import {
  AUDITS,
  type AuditSheet,
  auditsOf,
  latestAudit,
  newAudit,
  nextUndo,
  quotaOf,
  quotaPlatformOf,
  quotaView,
} from "./model.js";
import { checkItems } from "./submit-checks.js";

/** `reason` for rejected and deferred, `screenshot` (media ids joined by |) for rejected only. */
function details(sheet: AuditSheet, screenshotKey: "screenshot" | "ScreenShot") {
  return {
    ...((sheet.status === AuditStatus.Rejected || sheet.status === AuditStatus.Deferred) && {
      reason: sheet.reason,
    }),
    ...(sheet.status === AuditStatus.Rejected && { [screenshotKey]: sheet.screenshot }),
  };
}

/** Sets the quota the tenant spends: its platform's (shared) or its own. */
function spendQuota(ctx: HandlerContext, t: Tenant, to: QuotaCounters, by: string): void {
  const platform = quotaPlatformOf(t);
  const cause = { trigger: "command", by } as const;
  ctx.commit({ kind: "counter", tenant: t.name, counter: "quota", to, cause, ...(platform && { platform }) });
}

/** State first (code, open sheet, profile), then the request's items, then the code's config and the quota. */
export const submitAudit: Handler<"submitAudit"> = (ctx, req) => {
  const t = tenantOf(ctx);
  if (!t.flags.codeCommitted) return fail(85086);
  const latest = latestAudit(ctx.store, t);
  if (latest && isOpenAudit(latest.status)) return fail(85009);
  if (!t.flags.profileComplete) return fail(86002);
  const itemCode = checkItems(t, req.item_list);
  if (itemCode !== undefined) return fail(itemCode);
  if (t.flags.navigateAppIdsMissing) return fail(85087);
  const quota = quotaOf(ctx.store, t);
  if (quota.used >= quota.limit) return fail(85085);
  const cause = { trigger: "command", by: "submit" } as const;
  spendQuota(ctx, t, { ...quota, used: quota.used + 1 }, "submit");
  const sheet = newAudit(ctx.store, t, { userDesc: req.version_desc ?? "" });
  ctx.commit({
    machine: AUDIT_MACHINE,
    record: sheet,
    to: AuditStatus.InReview,
    details: {},
    cause,
    created: true,
  });
  return ok({ auditid: sheet.auditid });
};

export const getAuditStatus: Handler<"getAuditStatus"> = (ctx, req) => {
  const t = tenantOf(ctx);
  // Strict mode: a plain app token is not a platform calling on the mini program's behalf.
  if (ctx.strict && (ctx.tokenKind === "app" || ctx.tokenKind === "stable")) return fail(86000);
  if (!t.flags.codeCommitted && t.auditIds.length === 0) return fail(86001);
  const sheet = auditsOf(ctx.store).get(req.auditid);
  // WeChat's real 85012 answer carries zero-valued business fields.
  if (!sheet || sheet.tenant !== t.name) return fail(85012, { status: 0, reason: "", screenshot: "" });
  settle(AUDIT_MACHINE, ctx.store, ctx.commit, sheet, true);
  return ok({ status: sheet.status, ...details(sheet, "screenshot") });
};

export const getLatestAuditStatus: Handler<"getLatestAuditStatus"> = (ctx) => {
  const sheet = latestAudit(ctx.store, tenantOf(ctx));
  if (!sheet) return fail(85058);
  settle(AUDIT_MACHINE, ctx.store, ctx.commit, sheet, true);
  return ok({
    auditid: sheet.auditid,
    status: sheet.status,
    ...details(sheet, "ScreenShot"),
    user_version: sheet.userVersion,
    user_desc: sheet.userDesc,
    submit_audit_time: sheet.submitTime,
  });
};

export const undoCodeAudit: Handler<"undoCodeAudit"> = (ctx) => {
  const t = tenantOf(ctx);
  const open = latestAudit(ctx.store, t);
  // WeChat answers 87012 for a sheet already decided (a rejected one: C 0002423c6b85c083bd7a318fd5b800,
  // "不能也不需要撤回"); it documents no errcode for nothing open at all (withdrawn, or never
  // submitted), so the same answer serves: there is no version to withdraw either way.
  if (!open || !isOpenAudit(open.status)) return fail(87012);
  const undo = nextUndo(ctx.store, t);
  if (!undo) return fail(87013);
  const cause = { trigger: "command", by: "undocodeaudit" } as const;
  ctx.commit({ kind: "counter", tenant: t.name, counter: "undo", to: undo, cause });
  move(AUDIT_MACHINE, ctx.store, ctx.commit, open, AuditStatus.Withdrawn, {}, cause);
  return ok();
};

export const speedupCodeAudit: Handler<"speedupCodeAudit"> = (ctx, req) => {
  const t = tenantOf(ctx);
  const sheet = auditsOf(ctx.store).get(req.auditid);
  if (!sheet || sheet.tenant !== t.name || sheet.status !== AuditStatus.InReview) return fail(89402);
  if (sheet.spedUp) return fail(89404);
  const quota = quotaOf(ctx.store, t);
  if (quota.speedupUsed >= quota.speedupLimit) return fail(89405);
  const cause = { trigger: "command", by: "speedupcodeaudit" } as const;
  spendQuota(ctx, t, { ...quota, speedupUsed: quota.speedupUsed + 1 }, cause.by);
  const record = { kind: AUDITS.kind, id: sheet.auditid };
  ctx.commit({ kind: "flag", tenant: t.name, record, flag: "spedUp", to: true, cause });
  return ok();
};

/** The platform's quota, shared by its mini programs (D9), or the tenant's own without a platform. */
export const queryQuota: Handler<"queryQuota"> = (ctx) => {
  const { platform: _admin, ...wire } = quotaView(ctx.store, tenantOf(ctx));
  return ok(wire);
};
