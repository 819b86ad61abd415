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
  /**
   * What WeChat puts between errmsg and the rid value, when it is not the usual ` rid: `: 40125
   * is seen as `invalid appsecret, rid: ...` (with a comma). The emulator writes it so.
   */
  readonly ridSeparator?: string;
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
  ridSeparator?: string,
): ErrcodeEntry =>
  Object.freeze({
    errcode,
    errmsg,
    zh,
    en,
    action,
    category,
    policy,
    source,
    ...(ridSeparator !== undefined && { ridSeparator }),
  });

const REF = "reference";
const NICK_STATUS_SEED = "seed:000 (getNickNameStatus)";
const AUDIT_STATUS_SEED = "seed:001 (getAuditStatus)";
const CHECK_SEED = "seed:002 (checkNickName)";
/** WxJava WxOpenErrorMsgEnum.java: English errmsgs in its comments, from WeChat's global return-code page. */
const WXOPEN = "fidelity: S1 (WxJava WxOpenErrorMsgEnum)";
/** The IP-confirmation family: SDK enums copy only the Chinese text of WeChat's return-code page. */
const IP_CONFIRM = "fidelity: D12, S1; zh as SDK enums copy WeChat's return-code page; no wire errmsg found";

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
  // Token endpoints. None is refreshed: a fresh token cannot fix a wrong appid, secret, ticket,
  // refresh token or caller IP, so each is surfaced at once (policy `never`).
  e(
    40002,
    "invalid_input",
    "never",
    "invalid grant_type",
    "不合法的凭证类型",
    "grant_type is missing or not client_credential",
    "Send grant_type=client_credential.",
    `fidelity: D12, D13 (C 000c24cff20e3078610061ec866400); ${WXOPEN}`,
  ),
  e(
    40013,
    "credential",
    "never",
    "invalid appid",
    "不合法的appid",
    "Unknown or malformed appid",
    "Check the appid (no stray characters; it is case-sensitive).",
    `fidelity: D10, D12; ${WXOPEN}`,
  ),
  e(
    40125,
    "credential",
    "never",
    "invalid appsecret",
    "无效的appsecret",
    "Wrong AppSecret for this appid",
    "Check the AppSecret (it changes when reset on the platform); no retry can fix it.",
    `fidelity: D10, D12 (C personal/oCJUsw1ZaTLsKtsSQBnKaZpjgzRA: "invalid appsecret, rid: ..."); ${WXOPEN}`,
    ", rid: ",
  ),
  e(
    40164,
    "credential",
    "never",
    "invalid ip, not in whitelist",
    "调用接口的IP地址不在白名单中，请在接口IP白名单中进行设置",
    "The caller's IP is not in the account's API IP whitelist",
    "Add the server's IP to the API IP whitelist on the platform.",
    `fidelity: D12 (wire: "invalid ip X ipv6 ::ffff:X, not in whitelist", C 000e067cac4100bd739c10fe55b000); ${WXOPEN}`,
  ),
  e(
    40243,
    "credential",
    "never",
    "",
    "AppSecret已被冻结，请登录MP解冻后再次调用",
    "The AppSecret is frozen",
    "Unfreeze the AppSecret on the platform (Development > Development settings), or use the third-party flow.",
    "fidelity: D12",
  ),
  e(
    41004,
    "invalid_input",
    "never",
    "appsecret missing",
    "缺少 secret 参数",
    "The secret is missing",
    "Send the AppSecret.",
    `fidelity: D10, D12; ${WXOPEN}`,
  ),
  e(
    61004,
    "credential",
    "never",
    "access clientip is not registered",
    "",
    "The caller's IP is not in the third-party platform's IP whitelist",
    "Add the server's IP to the platform's whitelist.",
    `fidelity: D10, D12; ${WXOPEN}`,
  ),
  e(
    61005,
    "credential",
    "never",
    "component ticket is expired",
    "ticket 已过期",
    "The component_verify_ticket has expired",
    "Use the newest ticket WeChat pushed (one every 10 minutes, each valid 12 hours).",
    `fidelity: D10 (C 000208e7ce04d8d50930bbb9366400); ${WXOPEN}`,
  ),
  e(
    61006,
    "credential",
    "never",
    "component ticket is invalid",
    "无效 ticket",
    "The component_verify_ticket is wrong or empty",
    "Use the newest ticket WeChat pushed to the platform.",
    `fidelity: D10 (empty ticket: C 00066c22f1cee08a6fcf0c7e656400); ${WXOPEN}`,
  ),
  e(
    61011,
    "credential",
    "never",
    "invalid component",
    "无效的第三方平台",
    "The appid is not a third-party platform",
    "Call with the platform's component_appid.",
    `fidelity: D10; ${WXOPEN}`,
  ),
  e(
    61023,
    "credential",
    "never",
    "refresh_token is invalid",
    "",
    "The authorizer_refresh_token is wrong or no longer valid",
    "Use the newest refresh token (from the authorization or the last api_authorizer_token answer); re-authorize if lost.",
    `fidelity: D11 (C 0000a2a42e0f78a447a1ab6346b800 and four more threads); ${WXOPEN}`,
  ),
  e(
    61024,
    "credential",
    "never",
    "must use api(api_component_token) to get token for component acct",
    "",
    "The appid is a third-party platform's: it gets its token from api_component_token",
    "Use api_component_token for a platform appid.",
    `fidelity: D12 (blog.csdn.net/u013749274/article/details/104691445); ${WXOPEN} (two spaces before "get")`,
  ),
  e(
    89501,
    "credential",
    "never",
    "",
    "此IP正在等待管理员确认,请联系管理员",
    "This IP is waiting for the administrator's confirmation",
    "Ask the account's administrator to confirm the IP.",
    IP_CONFIRM,
  ),
  e(
    89503,
    "credential",
    "never",
    "",
    "此IP调用需要管理员确认,请联系管理员",
    "Calls from this IP need the administrator's confirmation",
    "Ask the account's administrator to confirm the IP.",
    IP_CONFIRM,
  ),
  e(
    89506,
    "credential",
    "never",
    "",
    "24小时内该IP被管理员拒绝调用两次，24小时内不可再使用该IP调用",
    "The administrator refused this IP twice within 24 hours: blocked for 24 hours",
    "Call from another IP, or wait 24 hours.",
    IP_CONFIRM,
  ),
  e(
    89507,
    "credential",
    "never",
    "",
    "1小时内该IP被管理员拒绝调用一次，1小时内不可再使用该IP调用",
    "The administrator refused this IP within the hour: blocked for 1 hour",
    "Call from another IP, or wait an hour.",
    IP_CONFIRM,
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
