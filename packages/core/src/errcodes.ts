/**
 * The errcode catalogue: every errcode of `shared/reference/wechat-api.md`, once.
 *
 * `errmsg` is WeChat's own wording where a source gives it, and `""` where none does; `zh` likewise
 * (we never invent either). `source` says where the fact comes from: `reference` is the corrected
 * reference page, `seed:NNN` a machine-translated WeChat page whose errmsg column we de-corrupted
 * (only casing and spacing, never words).
 *
 * Over 300 lines on purpose: it is data, one entry per errcode, and reads best as one table.
 */

export type ErrcodeCategory = "retryable" | "credential" | "invalid_input" | "rate_limit" | "business_state";

/**
 * What the client does on this errcode, whatever endpoint answered it; the sets retry and
 * transport read are derived from this column, so they cannot drift from the catalogue.
 * - `refresh`: drop the cached token, fetch a fresh one and retry once;
 * - `backoff`: transient trouble, retried with exponential backoff and jitter;
 * - `wait-once`: a short-window rate limit (WechatRateLimitError): wait `rateLimitBackoffMs` once;
 * - `never`: surfaced at once (a business state, bad input, or a quota that only time resets).
 */
export type RetryPolicy = "refresh" | "backoff" | "wait-once" | "never";

export interface ErrcodeEntry {
  readonly errcode: number;
  /** WeChat's errmsg without the trailing ` rid: ...`; `""` where no source gives it. */
  readonly errmsg: string;
  /** Chinese meaning; `""` where no source gives it. */
  readonly zh: string;
  /** English meaning, one line. */
  readonly en: string;
  /** What the caller should do about it. */
  readonly action: string;
  readonly category: ErrcodeCategory;
  readonly policy: RetryPolicy;
  readonly source: string;
}

const e = (
  errcode: number,
  category: ErrcodeCategory,
  policy: RetryPolicy,
  errmsg: string,
  zh: string,
  en: string,
  action: string,
  source: string,
): ErrcodeEntry => Object.freeze({ errcode, errmsg, zh, en, action, category, policy, source });

const REF = "reference";
const NICK_STATUS_SEED = "seed:000 (getNickNameStatus)";
const AUDIT_STATUS_SEED = "seed:001 (getAuditStatus)";
const CHECK_SEED = "seed:002 (checkNickName)";

const ENTRIES: readonly ErrcodeEntry[] = [
  // Generic behaviour of api.weixin.qq.com
  e(
    -1,
    "retryable",
    "backoff",
    "system error",
    "",
    "System busy",
    "Retry later with backoff.",
    `${REF}; ${CHECK_SEED}`,
  ),
  e(
    40001,
    "credential",
    "refresh",
    "invalid credential, access_token is invalid or not latest",
    "",
    "access_token invalid or not the latest",
    "Fetch a fresh access_token (check the AppSecret) and retry once.",
    `${REF}; ${AUDIT_STATUS_SEED}`,
  ),
  e(
    40014,
    "credential",
    "refresh",
    "invalid access_token",
    "",
    "Invalid access_token",
    "Fetch a fresh access_token and retry once.",
    REF,
  ),
  e(
    41001,
    "credential",
    "never",
    "access_token missing",
    "",
    "access_token missing",
    "Pass access_token in the URL query.",
    REF,
  ),
  e(
    42001,
    "credential",
    "refresh",
    "access_token expired",
    "",
    "access_token expired",
    "Fetch a fresh access_token and retry once.",
    REF,
  ),
  e(
    43001,
    "invalid_input",
    "never",
    "require GET method",
    "",
    "This endpoint requires GET",
    "Call it with GET.",
    REF,
  ),
  e(
    43002,
    "invalid_input",
    "never",
    "require POST method",
    "",
    "This endpoint requires POST",
    "Call it with POST.",
    REF,
  ),
  e(
    44002,
    "invalid_input",
    "never",
    "empty post data",
    "",
    "Empty or null POST body",
    "Send the JSON body the endpoint documents.",
    REF,
  ),
  e(
    47001,
    "invalid_input",
    "never",
    "data format error",
    "",
    "Body is not JSON, or a field has the wrong type",
    "Fix the request body: valid JSON with the documented field types.",
    REF,
  ),
  e(
    45009,
    "rate_limit",
    "wait-once",
    "reach max api daily quota limit",
    "",
    "Daily API quota reached",
    "Stop calling until the quota resets (midnight Beijing time) or clear the quota.",
    REF,
  ),
  e(
    45011,
    "rate_limit",
    "wait-once",
    "api minute-quota reach limit must slower retry next minute",
    "",
    "Per-minute API quota reached",
    "Slow down and retry in the next minute.",
    REF,
  ),
  e(
    48001,
    "credential",
    "never",
    "api unauthorized",
    "",
    "API not authorized for this account",
    "Grant the permission set that covers this API.",
    REF,
  ),
  e(
    61007,
    "credential",
    "never",
    "api is unauthorized to component",
    "",
    "The mini program has not authorized this API to the third-party platform",
    "Ask the mini program to authorize the permission set to the platform.",
    REF,
  ),
  // getNickNameStatus
  e(
    91011,
    "business_state",
    "never",
    // S1 gives only the Chinese text; WeChat sends such a global-list text as errmsg (91019 seen so).
    "查不到昵称修改审核单信息",
    "查不到昵称修改审核单信息",
    "No nickname audit sheet found for this audit_id",
    "Check the audit_id returned by setNickName.",
    `${REF}; ${NICK_STATUS_SEED}; fidelity: D2, S1, RsCode.WeChat SetNickNameResponse`,
  ),
  // 91012 is "其它错误" of the global list only (S1): not on getNickNameStatus's pages (D2, D2o);
  // kept in the catalogue as setNickName's, where the global list files it.
  e(
    91012,
    "business_state",
    "never",
    "其它错误",
    "其它错误",
    "Other error",
    "Retry later; contact WeChat if it persists.",
    `${REF}; fidelity: S1`,
  ),
  // getAuditStatus
  e(
    86000,
    "credential",
    "never",
    "should be called only from third party",
    "",
    "Not called by a third-party platform on behalf of the mini program",
    "Call with the authorizer_access_token of the mini program.",
    `${REF}; ${AUDIT_STATUS_SEED}`,
  ),
  e(
    86001,
    "business_state",
    "never",
    "component experience version not exists",
    "",
    "The third party has submitted no code",
    "Commit code before submitting it for audit.",
    `${REF}; ${AUDIT_STATUS_SEED}`,
  ),
  e(
    85012,
    "invalid_input",
    "never",
    "invalid audit id",
    "",
    "Invalid audit id",
    "Check the auditid returned by submitAudit.",
    `${REF}; ${AUDIT_STATUS_SEED}`,
  ),
  // checkNickName
  e(
    41033,
    "business_state",
    "never",
    "invaid register type",
    "",
    "Only mini programs created through the API may call this",
    "Call it only for mini programs registered through the fast-registration API.",
    REF,
  ),
  e(
    53010,
    "invalid_input",
    "never",
    "nickname invalid",
    "",
    "Invalid name format",
    "Change the name: length and characters.",
    `${REF}; ${CHECK_SEED}`,
  ),
  e(
    53011,
    "rate_limit",
    "wait-once",
    "check nickname too frequently",
    "",
    "Name checks too frequent",
    "Slow down name checks; WeChat publishes no number.",
    `${REF}; ${CHECK_SEED}`,
  ),
  e(
    53012,
    "business_state",
    "never",
    "nickname ban",
    "",
    "Name forbidden",
    "Choose another name.",
    `${REF}; ${CHECK_SEED}`,
  ),
  e(
    53013,
    "business_state",
    "never",
    "nickname has been occupied",
    "",
    "Name duplicates an existing name of the same account kind",
    "Choose another name.",
    `${REF}; ${CHECK_SEED}`,
  ),
  e(
    53014,
    "business_state",
    "never",
    "nickname has been occupied",
    "",
    '"{A}+" exists; only the same legal entity may apply for "{A}"',
    "Apply from the entity that owns the existing account, or choose another name.",
    `${REF}; ${CHECK_SEED}`,
  ),
  e(
    53015,
    "business_state",
    "never",
    "nickname has been occupied",
    "",
    "Name duplicates an Official Account name; only the same entity may apply",
    "Apply from the entity that owns the Official Account, or choose another name.",
    `${REF}; ${CHECK_SEED}`,
  ),
  e(
    53016,
    "business_state",
    "never",
    "nickname has been occupied",
    "",
    "Name duplicates several Official Account names; not allowed",
    "Choose another name.",
    `${REF}; ${CHECK_SEED}`,
  ),
  e(
    53017,
    "business_state",
    "never",
    "nickname has been occupied",
    "",
    'Cross-kind version of the 53014 rule: "{A}+" exists in the other account kind',
    "Apply from the entity that owns the existing account, or choose another name.",
    `${REF}; ${CHECK_SEED}`,
  ),
  e(
    53018,
    "business_state",
    "never",
    "nickname hit alias",
    "名称命中微信号",
    "Name matches an existing WeChat ID",
    "Choose another name.",
    `${REF}; fidelity: S1`,
  ),
  e(
    53019,
    "business_state",
    "never",
    "nickname protected by infringement",
    "名称在保护期内",
    "Name is in a protection period",
    "Choose another name, or wait for the protection period to end.",
    `${REF}; fidelity: S1`,
  ),
  // setNickName (errmsgs: the English of S1's comments; where S1 gives only Chinese, that text)
  e(
    91001,
    "business_state",
    "never",
    "not fast register",
    "不是公众号快速创建的小程序",
    "Not a fast-registered mini program",
    "Only fast-registered mini programs may be renamed this way.",
    `${REF}; fidelity: S1`,
  ),
  e(
    91002,
    "business_state",
    "never",
    "has published",
    "小程序发布后不可改名",
    "No rename after release",
    "The mini program is released; rename it through WeChat verification.",
    `${REF}; fidelity: S1`,
  ),
  e(
    91003,
    "business_state",
    "never",
    "invalid change stat",
    "改名状态不合法",
    "Invalid rename state: a rename audit is open, or this year's renames are used up",
    "Wait for the open rename audit, or for the yearly count to reset (1 January, or after WeChat verification).",
    `${REF}; fidelity: S1`,
  ),
  e(
    91004,
    "invalid_input",
    "never",
    "invalid nickname",
    "昵称不合法",
    "Invalid nickname (format, forbidden word, or the word 小程序)",
    "Change the name.",
    `${REF}; fidelity: S1`,
  ),
  e(
    91005,
    "business_state",
    "never",
    "nickname protected",
    "昵称 15 天主体保护",
    "Name under 15-day entity protection",
    "Choose another name, or wait for the protection to end.",
    `${REF}; fidelity: S1`,
  ),
  e(
    91006,
    "business_state",
    "never",
    "nickname used by username",
    "昵称命中微信号",
    "Name matches a WeChat ID",
    "Choose another name.",
    `${REF}; fidelity: S1`,
  ),
  e(
    91007,
    "business_state",
    "never",
    "nickname used",
    "昵称已被占用",
    "Name taken",
    "Choose another name.",
    `${REF}; fidelity: S1`,
  ),
  e(
    91008,
    "business_state",
    "never",
    "nickname protected",
    "昵称命中 7 天侵权保护期",
    "Name under 7-day infringement protection",
    "Wait, or choose another name.",
    `${REF}; fidelity: S1`,
  ),
  e(
    91009,
    "invalid_input",
    "never",
    "nickname need proof",
    "需要提交材料",
    "Supporting material required (the answer's wording says which)",
    "Send the material (license or id_card, naming_other_stuff_*).",
    `${REF}; fidelity: S1, SettingWxNameResponse`,
  ),
  e(
    91010,
    "business_state",
    "never",
    "其他错误",
    "其他错误",
    "Other rename error",
    "Retry later; contact WeChat if it persists.",
    `${REF}; fidelity: S1`,
  ),
  e(
    91013,
    "business_state",
    "never",
    "lock name too more",
    "占用名字过多",
    "The entity holds too many names",
    "Release a name the entity holds, or choose another name.",
    "fidelity: S1",
  ),
  e(
    91014,
    "business_state",
    "never",
    "diff master plus",
    "+号规则 同一类型关联名主体不一致",
    '"{A}+" rule: a related name of the same account kind belongs to another entity',
    "Apply from the entity that owns the related name, or choose another name.",
    "fidelity: S1",
  ),
  e(
    91015,
    "business_state",
    "never",
    "diff master",
    "原始名不同类型主体不一致",
    "The original name in the other account kind belongs to another entity",
    "Apply from the entity that owns the name, or choose another name.",
    "fidelity: S1",
  ),
  e(
    91016,
    "business_state",
    "never",
    "name more owner",
    "名称占用者 ≥2",
    "The name is held by two or more accounts",
    "Choose another name.",
    "fidelity: S1",
  ),
  e(
    91017,
    "business_state",
    "never",
    "other diff master plus",
    "+号规则 不同类型关联名主体不一致",
    '"{A}+" rule: a related name of the other account kind belongs to another entity',
    "Apply from the entity that owns the related name, or choose another name.",
    "fidelity: S1",
  ),
  e(
    91018,
    "business_state",
    "never",
    "组织类型小程序发布后，侵权被清空昵称，需走认证改名",
    "组织类型小程序发布后，侵权被清空昵称，需走认证改名",
    "An organisation's released mini program whose name was cleared for infringement must rename through verification",
    "Rename through WeChat verification.",
    "fidelity: S1",
  ),
  e(
    91019,
    "business_state",
    "never",
    "小程序正在审核中",
    "小程序正在审核中",
    "A code release audit of the mini program is open",
    "Wait for the release audit to end, or withdraw it (undoCodeAudit), then rename.",
    "fidelity: S1; C 000cce7508834043c12a30d255bc00, C 0002a86d314e107e4af9030165b800",
  ),
  // submitAudit
  e(
    85009,
    "business_state",
    "never",
    "",
    "",
    "A version is already under audit",
    "Wait for the audit, or withdraw it with undoCodeAudit.",
    REF,
  ),
  e(
    85085,
    "rate_limit",
    "never",
    "",
    "",
    "Audit submission limit reached",
    "Wait for the quota to reset (see queryQuota).",
    REF,
  ),
  e(
    85086,
    "business_state",
    "never",
    "",
    "",
    "Code must be committed first",
    "Commit code before submitting it for audit.",
    REF,
  ),
  // undoCodeAudit
  e(
    87013,
    "rate_limit",
    "never",
    "",
    "",
    "No undo quota left (5 a day, 10 a month)",
    "Wait for the quota to reset.",
    REF,
  ),
  // speedupCodeAudit
  e(89401, "retryable", "backoff", "", "", "System unstable", "Retry later.", REF),
  e(
    89402,
    "business_state",
    "never",
    "",
    "",
    "The audit is not pending",
    "Speed up only an audit in review.",
    REF,
  ),
  e(
    89403,
    "business_state",
    "never",
    "",
    "",
    "Not eligible for a speed-up",
    "Wait for the normal audit.",
    REF,
  ),
  e(89404, "business_state", "never", "", "", "Already sped up", "Nothing to do; wait for the audit.", REF),
  e(89405, "rate_limit", "never", "", "", "Monthly speed-up quota used", "Wait for next month's quota.", REF),
  // getLatestAuditStatus
  e(
    85058,
    "business_state",
    "never",
    "",
    "",
    "Nothing was ever submitted for audit",
    "Submit code for audit first.",
    REF,
  ),
];

export const ERRCODES: ReadonlyMap<number, ErrcodeEntry> = new Map(
  ENTRIES.map((entry) => [entry.errcode, entry]),
);

/** Catalogue entry of an errcode, or `undefined` for one WeChat never documented. */
export function errcodeInfo(errcode: number): ErrcodeEntry | undefined {
  return ERRCODES.get(errcode);
}

/** One-line meaning of an errcode for people: the English meaning, with the Chinese one when known. */
export function describeErrcode(errcode: number): string {
  const entry = ERRCODES.get(errcode);
  if (!entry) return `undocumented errcode ${errcode}`;
  return entry.zh ? `${entry.en} (${entry.zh})` : entry.en;
}

const withPolicy = (policy: RetryPolicy): ReadonlySet<number> =>
  new Set(ENTRIES.filter((entry) => entry.policy === policy).map((entry) => entry.errcode));

/** Credential errors after which a fresh token is fetched and the call retried once. */
export const TOKEN_REFRESH_ERRCODES: ReadonlySet<number> = withPolicy("refresh");
/** Short-window rate limits (WechatRateLimitError): never retried blindly, at most waited out once. */
export const RATE_LIMIT_ERRCODES: ReadonlySet<number> = withPolicy("wait-once");
/** Transient server trouble: retried with backoff. */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = withPolicy("backoff");
