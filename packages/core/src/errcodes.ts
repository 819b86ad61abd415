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
const RELEASE_S1 = "S1 WxJava WxOpenErrorMsgEnum";

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
    "",
    "",
    "No nickname audit sheet found for this audit_id",
    "Check the audit_id returned by setNickName.",
    `${REF}; ${NICK_STATUS_SEED}`,
  ),
  e(
    91012,
    "business_state",
    "never",
    "",
    "",
    "Other error",
    "Retry later; contact WeChat if it persists.",
    REF,
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
    "",
    "名称命中微信号",
    "Name matches an existing WeChat ID",
    "Choose another name.",
    REF,
  ),
  e(
    53019,
    "business_state",
    "never",
    "",
    "名称在保护期内",
    "Name is in a protection period",
    "Choose another name, or wait for the protection period to end.",
    REF,
  ),
  // setNickName
  e(
    91001,
    "business_state",
    "never",
    "",
    "",
    "Not a fast-registered mini program",
    "Only fast-registered mini programs may be renamed this way.",
    REF,
  ),
  e(
    91002,
    "business_state",
    "never",
    "",
    "",
    "No rename after release",
    "The mini program is released; rename it through the WeChat admin console.",
    REF,
  ),
  e(
    91003,
    "business_state",
    "never",
    "",
    "",
    "Invalid rename state",
    "Wait for the current rename to finish.",
    REF,
  ),
  e(91004, "invalid_input", "never", "", "", "Invalid nickname", "Change the name.", REF),
  e(91005, "business_state", "never", "", "", "Name under entity protection", "Choose another name.", REF),
  e(91006, "business_state", "never", "", "", "Name matches a WeChat ID", "Choose another name.", REF),
  e(91007, "business_state", "never", "", "", "Name taken", "Choose another name.", REF),
  e(
    91008,
    "business_state",
    "never",
    "",
    "",
    "Name under 7-day infringement protection",
    "Wait, or choose another name.",
    REF,
  ),
  e(
    91009,
    "invalid_input",
    "never",
    "",
    "",
    "Supporting material required",
    "Send the material (license, naming_other_stuff_*).",
    REF,
  ),
  e(
    91010,
    "business_state",
    "never",
    "",
    "",
    "Other rename error",
    "Retry later; contact WeChat if it persists.",
    REF,
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
  // Release step (commit, release, revertcoderelease, grayrelease, change_visitstatus). S1: WxJava
  // WxOpenErrorMsgEnum (English errmsgs of WeChat's global return-code page); D: the endpoint's
  // official page; C: a WeChat community thread showing the wire answer.
  e(
    85013,
    "invalid_input",
    "never",
    "invalid ext_json, parse fail or containing invalid path",
    "无效的自定义配置",
    "Invalid ext_json",
    "Fix ext_json: valid JSON naming only pages of the template.",
    RELEASE_S1,
  ),
  e(
    85014,
    "invalid_input",
    "never",
    "template not exist",
    "无效的模板编号",
    "No code template with this template_id",
    "Use a template_id from gettemplatelist.",
    `${RELEASE_S1}; C 000e60a631cbb0bd9e8b953df51000`,
  ),
  e(
    85043,
    "invalid_input",
    "never",
    "invalid template, something wrong?",
    "模板错误",
    "Template error",
    "Check the code template.",
    RELEASE_S1,
  ),
  e(
    85044,
    "invalid_input",
    "never",
    "package exceed max limit",
    "代码包超过大小限制",
    "The code package is over the size limit",
    "Make the package smaller.",
    RELEASE_S1,
  ),
  e(
    85045,
    "invalid_input",
    "never",
    "some path in ext_json not exist",
    "ext_json 有不存在的路径",
    "ext_json names a path the template does not have",
    "Name only pages of the template in ext_json.",
    `${RELEASE_S1}; C oCJUsw780ohn5HSzFc6HKNVwMpmM`,
  ),
  e(
    85046,
    "invalid_input",
    "never",
    "pagepath missing in tabbar list",
    "tabBar 中缺少 path",
    "A tabBar item has no pagePath",
    "Give every tabBar item its pagePath.",
    RELEASE_S1,
  ),
  e(
    85047,
    "invalid_input",
    "never",
    "pages are empty",
    "pages 字段为空",
    "ext_json's pages is empty",
    "List the pages.",
    RELEASE_S1,
  ),
  e(
    85048,
    "invalid_input",
    "never",
    // The wire's wording (C); S1 gives "parse ext_json fail".
    "parse ext.json failed",
    "ext_json 解析失败",
    "ext_json is not valid JSON",
    "Send ext_json as a JSON object serialized to a string.",
    `C 000ae0a8b48d98e94c5294d086bc00; ${RELEASE_S1}`,
  ),
  e(
    85019,
    "business_state",
    "never",
    "no version is under auditing",
    "没有审核版本",
    "No audited version to publish",
    "Submit code for audit and wait for approval.",
    `D release; ${RELEASE_S1}`,
  ),
  e(
    85020,
    "business_state",
    "never",
    "status not allowed",
    "审核状态未满足发布",
    "The newest audit is not approved",
    "Check get_latest_auditstatus; publish once it is approved (status 0).",
    `D release; C 000826c48848e06a19121731a6bc00; ${RELEASE_S1}`,
  ),
  e(
    85052,
    "business_state",
    "never",
    "app is already released",
    "",
    "The approved version is already live",
    "Submit a new version for audit before publishing again.",
    `C 000ca4349c8cf0258e93b08c26d800; ${RELEASE_S1}`,
  ),
  e(
    87011,
    "business_state",
    "never",
    "wxa has a gray release plan, forbid revert release",
    "现网已经在灰度发布，不能进行版本回退",
    "A phased release is under way: no revert",
    "Cancel the phased release (revertgrayrelease) first.",
    `D revertcoderelease; ${RELEASE_S1}`,
  ),
  e(
    87012,
    "business_state",
    "never",
    "forbid revert this version release",
    "该版本不能回退",
    "No version to go back to (none before it, or this one is a revert)",
    "List the versions with action=get_history_version; publish a new version instead.",
    `D revertcoderelease; ${RELEASE_S1}; C 0002423c6b85c083bd7a318fd5b800`,
  ),
  e(
    85079,
    "business_state",
    "never",
    "miniprogram has no online release",
    "小程序没有线上版本，不能进行灰度",
    "No live version yet: no phased release",
    "Publish a first version with release.",
    `D grayrelease; C 000c6485cf0c207423fd0c36158c00; ${RELEASE_S1}`,
  ),
  e(
    85080,
    "business_state",
    "never",
    "miniprogram commit not approved",
    "小程序提交的审核未审核通过",
    "No approved version waiting to be published",
    "Submit code for audit and wait for approval.",
    `D grayrelease; ${RELEASE_S1}`,
  ),
  e(
    85081,
    "invalid_input",
    "never",
    "invalid gray percentage",
    "无效的发布比例",
    "gray_percentage out of range",
    "Send 1 to 100 (0 only with a support_*_first flag).",
    `D grayrelease; ${RELEASE_S1}`,
  ),
  e(
    85082,
    "invalid_input",
    "never",
    "gray percentage too low",
    "当前的发布比例需要比之前设置的高",
    "gray_percentage must be higher than the plan's",
    "Raise the percentage; getgrayreleaseplan shows the current one.",
    `D grayrelease; ${RELEASE_S1}`,
  ),
  e(
    85021,
    "business_state",
    "never",
    "status not allowed",
    "状态不可变",
    "The service status cannot change now (nothing is live)",
    "Publish a version first.",
    RELEASE_S1,
  ),
  e(
    85022,
    "invalid_input",
    "never",
    "invalid action",
    "action 非法",
    "Invalid action",
    'Send "open" or "close".',
    RELEASE_S1,
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
