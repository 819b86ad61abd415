/**
 * The errcode catalogue: every errcode of `shared/reference/wechat-api.md`, once.
 *
 * `errmsg` is WeChat's own wording where a source gives it, and `""` where none does; `zh` likewise
 * (we never invent either). `source` says where the fact comes from: `reference` is the corrected
 * reference page, `seed:NNN` a machine-translated WeChat page whose errmsg column we de-corrupted
 * (only casing and spacing, never words), `fidelity: ...` the sources listed by
 * `shared/reference/wechat-fidelity.md` (D: WeChat's pages, S: SDK catalogues, C: community threads
 * quoting a wire answer, by thread id).
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
  // submitAudit (wire errmsgs: S1 = WxJava WxOpenErrorMsgEnum 3e48dc7f, English from WeChat's global
  // return-code page; D5 = the new submitAudit page, whose "错误描述" column gives some; C = community
  // threads quoting a wire answer. zh: D5's meaning column, else WxJava WxMaErrorMsgEnum.)
  e(
    85006,
    "invalid_input",
    "never",
    "tag is in invalid format",
    "标签格式错误",
    "An item's tag is malformed: more than 10 tags, or a tag longer than 20 characters",
    "Send at most 10 space-separated tags of at most 20 characters each.",
    "fidelity: D5, S1",
  ),
  e(
    85007,
    "invalid_input",
    "never",
    "page is in invalid format",
    "页面路径错误",
    "An item's address is not a page of the committed code",
    "Use a page listed by get_page.",
    "fidelity: D5, S1; C 0006eaf7dd4d883a2c57566ef51000 (wire)",
  ),
  e(
    85008,
    "invalid_input",
    "never",
    "category is in invalid format",
    "当前小程序没有已经审核通过的类目，请添加类目成功后重试",
    "An item's category is not one of the mini program's approved categories",
    "Use the category ids the mini program has set (get_category).",
    "fidelity: D5, S1; C 000c46bab1816009271911f3956000 (wire)",
  ),
  e(
    85009,
    "business_state",
    "never",
    "already submit a version under auditing",
    "已经有正在审核的版本",
    "A version is already under audit",
    "Wait for the audit, or withdraw it with undoCodeAudit.",
    "fidelity: D5, S1; C 000a2222db0c785fc01d780585b800 (wire)",
  ),
  e(
    85010,
    "invalid_input",
    "never",
    "missing required data",
    "item_list 有项目为空",
    "An item of item_list is empty or lacks its category (first_class, first_id)",
    "Give every item at least first_class and first_id.",
    "fidelity: D5, S1",
  ),
  e(
    85011,
    "invalid_input",
    "never",
    "title is in invalid format",
    "标题填写错误",
    "An item's title is longer than 32 characters",
    "Shorten the title to at most 32 characters.",
    "fidelity: D5, S1",
  ),
  e(
    85023,
    "invalid_input",
    "never",
    "item size is not in valid range",
    "审核列表填写的项目数不在 1-5 以内",
    "item_list holds more than 5 items",
    "Send at most 5 items.",
    "fidelity: D5, S1",
  ),
  e(
    85051,
    "invalid_input",
    "never",
    "data too large",
    "version_desc或者preview_info超限",
    "version_desc or preview_info too large (no limit is documented)",
    "Shorten version_desc, or send fewer preview media.",
    "fidelity source D5 (its errcode table)",
  ),
  e(
    85077,
    "business_state",
    "never",
    // S1 spells "longger"; its double space before "category" (a page line break) is collapsed.
    "some category you choose is no longger supported, please choose other category",
    "小程序类目信息失效（类目中含有官方下架的类目，请重新选择类目）",
    "An item's category has been withdrawn by WeChat",
    "Choose another category and set it on the mini program.",
    "fidelity: D5, S1",
  ),
  e(
    85085,
    "rate_limit",
    "never",
    "submit audit reach limit, please try later",
    "小程序提审数量已达本月上限",
    "The platform's monthly audit quota is used up (shared by all its mini programs)",
    "Wait for next month's quota (see queryQuota), or ask WeChat for more.",
    "fidelity: D5, S1; C 0004242fa88f508ffc4bfef035c800, 000880ae0f01c0666922d52fb61000 (wire)",
  ),
  e(
    85086,
    "business_state",
    "never",
    "must commit before submit audit",
    "提交代码审核之前需提前上传代码",
    "Code must be committed first",
    "Commit code before submitting it for audit.",
    "fidelity: D5, S1; C 00068e7c85c6a850130cc611151400 (wire)",
  ),
  e(
    85087,
    "business_state",
    "never",
    "navigatetominiprogram appid list empty",
    "小程序已使用 api navigateToMiniProgram，请声明跳转 appid 列表后再次提交",
    "The code calls navigateToMiniProgram without declaring the appids it jumps to",
    "Declare navigateToMiniProgramAppIdList in the code's config and commit again.",
    "fidelity: D5, S1",
  ),
  e(
    86002,
    "business_state",
    "never",
    "miniprogram have not completed init procedure",
    "小程序还未设置昵称、头像、简介。请先设置完后再重新提交",
    "The mini program has no nickname, avatar or introduction yet",
    "Set the nickname, avatar and introduction, then submit again.",
    "fidelity: D5, S1",
  ),
  // undoCodeAudit
  e(
    87012,
    "business_state",
    "never",
    "forbid revert this version release",
    "",
    "Nothing to withdraw: the audit is already decided (rejected or approved), or none is open",
    "Read the audit's state (getLatestAuditStatus) before withdrawing.",
    "fidelity: S1; C 0002423c6b85c083bd7a318fd5b800 (wire, rejected sheet)",
  ),
  e(
    87013,
    "rate_limit",
    "never",
    "no quota to undo code",
    "撤回次数达到上限（每天5次，每个月 10 次）",
    "No undo quota left (5 a day, 10 a month)",
    "Wait for the quota to reset.",
    "fidelity: D6, S1",
  ),
  // speedupCodeAudit: D7's "错误描述" column is the wire errmsg (C 000c245e7bcad862e033687b769400
  // shows 89402's), with its full-width commas.
  e(
    89401,
    "retryable",
    "backoff",
    "系统不稳定，请稍后再试，如多次失败请通过社区反馈",
    "系统不稳定，请稍后再试，如多次失败请通过社区反馈",
    "System unstable",
    "Retry later.",
    "fidelity: D7, S1",
  ),
  e(
    89402,
    "business_state",
    "never",
    "该小程序不在待审核队列，请检查是否已提交审核或已审完",
    "该小程序不在待审核队列，请检查是否已提交审核或已审完",
    "The audit is not waiting for review",
    "Speed up only an audit in review.",
    "fidelity: D7, S1; C 000c245e7bcad862e033687b769400 (wire)",
  ),
  e(
    89403,
    "business_state",
    "never",
    "本单属于平台不支持加急种类，请等待正常审核流程",
    "本单属于平台不支持加急种类，请等待正常审核流程",
    "Not eligible for a speed-up",
    "Wait for the normal audit.",
    "fidelity: D7, S1",
  ),
  e(
    89404,
    "business_state",
    "never",
    "本单已加速成功，请勿重复提交",
    "本单已加速成功，请勿重复提交",
    "Already sped up",
    "Nothing to do; wait for the audit.",
    "fidelity: D7, S1",
  ),
  e(
    89405,
    "rate_limit",
    "never",
    "本月加急额度已用完，请提高提审质量以获取更多额度",
    "本月加急额度已用完，请提高提审质量以获取更多额度",
    "The platform's monthly speed-up quota is used up",
    "Wait for next month's quota.",
    "fidelity: D7, S1; C 00068a01fd4340b71d82352e361800 (wire)",
  ),
  // getLatestAuditStatus
  e(
    85058,
    "business_state",
    "never",
    "no valid audit_id exist",
    "",
    "No audit was ever submitted (through the platform)",
    "Submit code for audit first.",
    "fidelity: S1; C 0002c2a8d4c6a8b8806f8dfe656800, 000e862876c738c690dfe42a951c00 (wire)",
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
