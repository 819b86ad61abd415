/**
 * Turns what happened (an answer, or a typed error from @wxa-audit/core) into the flat result
 * Terraform reads. Every meaning and status name comes from core's catalogue.
 */
import {
  auditStatusName,
  describeErrcode,
  errcodeInfo,
  NicknameAuditStat,
  nicknameAuditStatName,
  WechatApiError,
  WechatDeadlineError,
  WechatTransportError,
} from "@wxa-audit/core";
import { type CheckKind, type Outcome, resultFields } from "../protocol.js";
import type { CheckRequest } from "./query.js";

export type Result = Record<string, string>;

/** Every field of the kind, empty, plus what the request already tells. */
export function emptyResult(req: CheckRequest): Result {
  const r: Result = Object.fromEntries(resultFields(req.kind).map((f) => [f, ""]));
  r.kind = req.kind;
  r.ok = "false";
  if (req.kind === "nickname_check") r.nick_name = req.nickName ?? "";
  if (req.kind === "nickname_audit") {
    r.audit_id = req.auditId ?? "";
    r.expect = req.expect;
  }
  if (req.kind === "code_audit") r.auditid = req.auditId ?? "";
  if (req.kind === "code_audit" || req.kind === "latest_code_audit")
    r.allowed_statuses = req.allowedStatuses.join(",");
  return r;
}

/** "WeChat nickname check for \"Foo\"", "WeChat code audit 123", ... */
export function subjectOf(req: CheckRequest): string {
  const subjects: Record<CheckKind, string> = {
    nickname_check: `WeChat nickname check for "${req.nickName}"`,
    nickname_audit: `WeChat nickname audit ${req.auditId}`,
    code_audit: `WeChat code audit ${req.auditId}`,
    latest_code_audit: "WeChat latest code audit",
  };
  return subjects[req.kind];
}

function withOutcome(r: Result, outcome: Outcome, message: string): Result {
  r.outcome = outcome;
  r.ok = outcome === "passed" || outcome === "hit_condition" ? "true" : "false";
  r.message = message;
  return r;
}

export function describeFailure(req: CheckRequest, r: Result, err: unknown, budgetSpent: boolean): Result {
  const subject = subjectOf(req);
  if (err instanceof WechatApiError) {
    const meaning = describeErrcode(err.errcode);
    r.endpoint = err.endpoint;
    r.errcode = String(err.errcode);
    r.errmsg = err.errmsg;
    r.rid = err.rid ?? "";
    r.meaning = meaning;
    r.category = errcodeInfo(err.errcode)?.category ?? "";
    const head =
      req.kind === "nickname_check"
        ? `WeChat nickname check failed for "${req.nickName}"`
        : `${subject} could not be read`;
    const via = isQueryEndpoint(req.kind, err.endpoint) ? "" : ` from ${err.endpoint}`;
    const rid = err.rid ? ` [rid ${err.rid}]` : "";
    return withOutcome(r, "errcode", `${head}: errcode ${err.errcode}${via} (${meaning})${rid}`);
  }
  if (err instanceof WechatDeadlineError || budgetSpent) {
    r.endpoint = err instanceof WechatDeadlineError ? err.endpoint : "";
    const attempts = err instanceof WechatDeadlineError ? ` after ${err.attempts} attempt(s)` : "";
    const last = err instanceof WechatDeadlineError && err.lastError ? `; last error: ${err.lastError}` : "";
    return withOutcome(
      r,
      "budget_spent",
      `${subject} did not finish within its ${req.timeBudgetMs} ms time budget${attempts}${last}; failing closed`,
    );
  }
  if (err instanceof WechatTransportError) {
    r.endpoint = err.endpoint;
    const detail =
      err.failure === "connect" ? "cannot connect" : err.message.replace(/ \(https?:\/\/[^)]*\)$/, "");
    return withOutcome(
      r,
      "unreachable",
      `${subject} could not reach WeChat at ${hostOf(err.url)} (${err.failure}: ${detail}); failing closed`,
    );
  }
  throw err;
}

export function describeNicknameCheck(
  req: CheckRequest,
  r: Result,
  answer: { hit_condition: boolean; wording?: string | undefined },
): Result {
  r.errcode = "0";
  r.hit_condition = String(answer.hit_condition);
  r.wording = answer.wording ?? "";
  if (answer.hit_condition) {
    r.hit_message = `WeChat nickname "${req.nickName}" hits a keyword policy and needs supporting material${
      answer.wording ? `: ${answer.wording}` : ""
    }`;
    return withOutcome(
      r,
      "hit_condition",
      `WeChat nickname check passed for "${req.nickName}", but the name hits a keyword policy`,
    );
  }
  return withOutcome(r, "passed", `WeChat nickname check passed for "${req.nickName}"`);
}

export function describeNicknameAudit(
  req: CheckRequest,
  r: Result,
  answer: {
    nickname: string;
    audit_stat: number;
    fail_reason?: string | undefined;
    create_time: number;
    audit_time?: number | undefined;
  },
): Result {
  const name = nicknameAuditStatName(answer.audit_stat);
  r.errcode = "0";
  r.nickname = answer.nickname;
  r.audit_stat = String(answer.audit_stat);
  r.audit_stat_name = name;
  r.fail_reason = answer.fail_reason ?? "";
  r.create_time = String(answer.create_time);
  r.audit_time = answer.audit_time === undefined ? "" : String(answer.audit_time);
  const stat = answer.audit_stat;
  const pass =
    req.expect === "any" ||
    (req.expect === "succeeded" && stat === NicknameAuditStat.Succeeded) ||
    (req.expect === "not-failed" &&
      (stat === NicknameAuditStat.Succeeded || stat === NicknameAuditStat.InReview));
  const head = `WeChat nickname audit ${req.auditId} for "${answer.nickname}" is ${name} (audit_stat ${answer.audit_stat})`;
  if (pass) return withOutcome(r, "passed", head);
  const reason = answer.fail_reason ? `: ${answer.fail_reason}` : "";
  return withOutcome(r, "status", `${head}, expected ${req.expect}${reason}`);
}

export function describeCodeAudit(
  req: CheckRequest,
  r: Result,
  answer: {
    status: number;
    reason?: string | undefined;
    screenshot?: string | undefined;
    auditid?: number;
    user_version?: string | undefined;
    user_desc?: string | undefined;
    submit_audit_time?: number | undefined;
  },
): Result {
  const name = auditStatusName(answer.status);
  r.errcode = "0";
  r.status = String(answer.status);
  r.status_name = name;
  r.reason = answer.reason ?? "";
  r.screenshot = answer.screenshot ?? "";
  if (answer.auditid !== undefined) r.auditid = String(answer.auditid);
  if (req.kind === "latest_code_audit") {
    r.user_version = answer.user_version ?? "";
    r.user_desc = answer.user_desc ?? "";
    r.submit_audit_time = answer.submit_audit_time === undefined ? "" : String(answer.submit_audit_time);
  }
  const subject = req.kind === "latest_code_audit" ? `WeChat latest code audit ${r.auditid}` : subjectOf(req);
  const head = `${subject} is ${name} (status ${answer.status})`;
  if (req.allowedStatuses.includes(answer.status)) return withOutcome(r, "passed", head);
  const expected = req.allowedStatuses.map((s) => auditStatusName(s)).join(" or ");
  const reason = answer.reason ? `: ${answer.reason}` : "";
  const shots = answer.screenshot ? ` (screenshots: ${answer.screenshot.split("|").join(", ")})` : "";
  return withOutcome(r, "status", `${head}, expected ${expected}${reason}${shots}`);
}

function isQueryEndpoint(kind: CheckKind, endpoint: string): boolean {
  const byKind: Record<CheckKind, string> = {
    nickname_check: "checkNickName",
    nickname_audit: "getNickNameStatus",
    code_audit: "getAuditStatus",
    latest_code_audit: "getLatestAuditStatus",
  };
  return byKind[kind] === endpoint;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "WeChat";
  }
}
