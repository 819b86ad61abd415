/**
 * The contract between the constructs (synth time) and the bundled checker (plan time): the
 * `query` keys a construct writes and the `result` fields the checker answers, both flat maps of
 * strings as hashicorp/external requires. Pure data: imported by both sides, no Node APIs.
 */

/** Which WeChat interface a checker run reads. */
export const CHECK_KINDS = ["nickname_check", "nickname_audit", "code_audit", "latest_code_audit"] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** What a nickname audit must be to pass: `not-failed` lets an audit still in review pass. */
export const NICKNAME_AUDIT_EXPECTATIONS = ["succeeded", "not-failed", "any"] as const;
export type NicknameAuditExpectation = (typeof NICKNAME_AUDIT_EXPECTATIONS)[number];

/** Keys of the data source's `query`. Values are never secrets: variable NAMES, ids, settings. */
export const QUERY = {
  kind: "kind",
  nickName: "nick_name",
  auditId: "audit_id",
  expect: "expect",
  /** Comma-separated numeric statuses, e.g. `"0,4"`. */
  allowedStatuses: "allowed_statuses",
  baseUrl: "base_url",
  accessTokenVar: "access_token_var",
  componentAppIdVar: "component_appid_var",
  componentAppSecretVar: "component_appsecret_var",
  componentVerifyTicketVar: "component_verify_ticket_var",
  authorizerAppIdVar: "authorizer_appid_var",
  authorizerRefreshTokenVar: "authorizer_refresh_token_var",
  timeBudgetMs: "time_budget_ms",
  retryBaseDelayMs: "retry_base_delay_ms",
  retryMaxAttempts: "retry_max_attempts",
  requestTimeoutMs: "request_timeout_ms",
} as const;

/** How a run ended. Every value but `passed` and `hit_condition` sets `ok` to `"false"`. */
export const OUTCOMES = [
  "passed",
  "hit_condition",
  "errcode",
  "status",
  "unreachable",
  "budget_spent",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Fields every result carries (empty strings where they do not apply). */
export const COMMON_RESULT_FIELDS = [
  /** `"true"` or `"false"`: the verdict every condition reads. Fail closed: only a good answer is `"true"`. */
  "ok",
  "outcome",
  "kind",
  /** WeChat interface of the failing call (may be a token endpoint in the platform flow). */
  "endpoint",
  "errcode",
  "errmsg",
  "rid",
  /** Catalogue meaning of `errcode`, from `@wxa-audit/core`. */
  "meaning",
  /** Catalogue category of `errcode` (retryable, credential, invalid_input, rate_limit, business_state). */
  "category",
  /** The ready-made sentence for `error_message`. */
  "message",
] as const;

export const RESULT_FIELDS_BY_KIND = {
  nickname_check: ["nick_name", "hit_condition", "wording", "hit_message"],
  nickname_audit: [
    "audit_id",
    "nickname",
    "audit_stat",
    "audit_stat_name",
    "fail_reason",
    "create_time",
    "audit_time",
    "expect",
  ],
  code_audit: ["auditid", "status", "status_name", "reason", "screenshot", "allowed_statuses"],
  latest_code_audit: [
    "auditid",
    "status",
    "status_name",
    "reason",
    "screenshot",
    "user_version",
    "user_desc",
    "submit_audit_time",
    "allowed_statuses",
  ],
} as const satisfies Record<CheckKind, readonly string[]>;

export type CommonResultField = (typeof COMMON_RESULT_FIELDS)[number];
export type ResultField<K extends CheckKind> = CommonResultField | (typeof RESULT_FIELDS_BY_KIND)[K][number];
export type CheckResult<K extends CheckKind = CheckKind> = Record<ResultField<K>, string>;

/** Every field a result of `kind` carries, in a stable order. */
export function resultFields(kind: CheckKind): readonly string[] {
  return [...COMMON_RESULT_FIELDS, ...RESULT_FIELDS_BY_KIND[kind]];
}
