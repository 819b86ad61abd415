/**
 * Verdicts: what an answer or a failure means for a check, in the sentences of the checker the
 * CDKTF constructs used (moved here from @wxa-audit/cdktf-provider's checker/describe.ts), and
 * how a verdict becomes diagnostics. Meanings and categories come from core's catalogue.
 */
import {
  describeErrcode,
  errcodeInfo,
  parseRid,
  WechatApiError,
  WechatDeadlineError,
  WechatTransportError,
} from "@wxa-audit/core";
import type { Diagnostic, TfObject } from "../provider/contract.js";
import { diagnostic } from "../provider/diagnostics.js";
import type { CallResult } from "../provider/session.js";
import type { Outcome, Severity } from "./common.js";

export interface Verdict {
  readonly outcome: Outcome;
  /** The sentence: `message` in state, detail of the diagnostic. */
  readonly message: string;
  /** Short diagnostic summary. */
  readonly summary: string;
  /** The input the failure is about, for the diagnostic's attribute path. */
  readonly attribute?: string;
  /** What to do about it (the catalogue's action for an errcode). */
  readonly hint?: string;
  /** Values of the common outputs that describe WeChat's answer (errcode, errmsg, ...). */
  readonly wechat: TfObject;
  /**
   * A passing verdict that still has something to say at its own severity (a nickname hitting a
   * keyword policy follows `on_hit_condition`, not `severity`); null severity says nothing.
   */
  readonly notice?: { severity: Severity | null; summary: string; detail: string; attribute: string };
}

export function isOk(outcome: Outcome): boolean {
  return outcome === "passed" || outcome === "hit_condition";
}

/** Common outputs of a WeChat answer with errcode 0. */
export function answered(endpoint: string, answer: Record<string, unknown>): TfObject {
  const errmsg = typeof answer.errmsg === "string" ? answer.errmsg : null;
  return {
    errcode: typeof answer.errcode === "number" ? answer.errcode : 0,
    errmsg,
    rid: errmsg ? (parseRid(errmsg) ?? null) : null,
    meaning: null,
    category: null,
    endpoint,
  };
}

export function passed(endpoint: string, answer: Record<string, unknown>, message: string): Verdict {
  return { outcome: "passed", message, summary: message, wechat: answered(endpoint, answer) };
}

export function failedStatus(
  endpoint: string,
  answer: Record<string, unknown>,
  message: string,
  summary: string,
  attribute: string,
): Verdict {
  return { outcome: "status", message, summary, attribute, wechat: answered(endpoint, answer) };
}

export interface FailureContext {
  /** "WeChat code audit 123", "WeChat nickname check for \"Foo\"", ... */
  readonly subject: string;
  /** Head of an errcode sentence: "WeChat nickname check failed for \"Foo\"". */
  readonly errcodeHead: string;
  /** The interface the data source reads: an errcode from it needs no "from ...". */
  readonly endpoint: string;
  /** The input an errcode of the query endpoint is about (`nick_name`, `audit_id`), if any. */
  readonly errcodeAttribute?: string;
}

/** The verdict of a call that brought no usable answer. Always fails (closed). */
export function failureVerdict(ctx: FailureContext, result: Extract<CallResult, { ok: false }>): Verdict {
  const err = result.error;
  const unreached = { errcode: null, errmsg: null, rid: null, meaning: null, category: null };
  if (err instanceof WechatApiError) {
    const meaning = describeErrcode(err.errcode);
    const fromQuery = err.endpoint === ctx.endpoint;
    const via = fromQuery ? "" : ` from ${err.endpoint}`;
    const rid = err.rid ? ` [rid ${err.rid}]` : "";
    const action = errcodeInfo(err.errcode)?.action;
    return {
      outcome: "errcode",
      message: `${ctx.errcodeHead}: errcode ${err.errcode}${via} (${meaning})${rid}`,
      summary: `${ctx.errcodeHead}: errcode ${err.errcode}`,
      ...(fromQuery && ctx.errcodeAttribute && { attribute: ctx.errcodeAttribute }),
      wechat: {
        errcode: err.errcode,
        errmsg: err.errmsg,
        rid: err.rid ?? null,
        meaning,
        category: errcodeInfo(err.errcode)?.category ?? null,
        endpoint: err.endpoint,
      },
      ...(action && { hint: action }),
    };
  }
  if (err instanceof WechatDeadlineError || result.budgetSpent) {
    const attempts = err instanceof WechatDeadlineError ? ` after ${err.attempts} attempt(s)` : "";
    const last = err instanceof WechatDeadlineError && err.lastError ? `; last error: ${err.lastError}` : "";
    return {
      outcome: "budget_spent",
      message: `${ctx.subject} did not finish within its ${result.settings.timeBudgetMs} ms time budget${attempts}${last}; failing closed`,
      summary: `${ctx.subject}: time budget spent`,
      wechat: { ...unreached, endpoint: err instanceof WechatDeadlineError ? err.endpoint : ctx.endpoint },
    };
  }
  if (err instanceof WechatTransportError) {
    // The message ends with the redacted URL in parentheses; core's scrubbing of `access_token=`
    // takes the closing parenthesis with the value, so it may be missing: strip either way.
    const detail =
      err.failure === "connect" ? "cannot connect" : err.message.replace(/ \(https?:\/\/[^\s)]*\)?$/, "");
    return {
      outcome: "unreachable",
      message: `${ctx.subject} could not reach WeChat at ${hostOf(err.url)} (${err.failure}: ${detail}); failing closed`,
      summary: `${ctx.subject}: WeChat unreachable`,
      wechat: { ...unreached, endpoint: err.endpoint },
    };
  }
  // Anything else is unexpected; still a failure, never a pass.
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    outcome: "unreachable",
    message: `${ctx.subject} failed unexpectedly (${what}); failing closed`,
    summary: `${ctx.subject}: failed unexpectedly`,
    wechat: { ...unreached, endpoint: ctx.endpoint },
  };
}

/** The diagnostics a verdict yields under `severity`. */
export function verdictDiagnostics(verdict: Verdict, severity: Severity): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!isOk(verdict.outcome)) {
    const hints = [
      verdict.hint,
      severity === "error" ? 'Set severity = "warning" to let the plan go on with a warning.' : undefined,
    ].filter(Boolean);
    out.push(
      diagnostic(severity, verdict.attribute, verdict.summary, [verdict.message, ...hints].join("\n\n")),
    );
  }
  const n = verdict.notice;
  if (n?.severity) out.push(diagnostic(n.severity, n.attribute, n.summary, n.detail));
  return out;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "WeChat";
  }
}
