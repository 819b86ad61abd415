/**
 * How to make the emulator answer each errcode an endpoint's row lists: the state, request or
 * admin call that causes it, or `FAULT` where nothing but a fault rule does. Typed against core's
 * endpoint table, so a code added to a row without a cause here fails to compile. The README's
 * errcode table is rendered from this (`errcodeTable`, written by `pnpm --filter
 * @wxa-audit/emulator docs:errcodes`, checked by test/readme-errcodes.test.ts); the server never
 * loads it. Every code can also be forced with a fault rule.
 */
import {
  ENDPOINTS,
  type EndpointName,
  ERRCODES,
  type ErrcodeOf,
  GENERIC_ERRCODES,
  type GenericErrcode,
} from "@wxa-audit/core/tables";

/** Nothing but a fault rule produces it (no state of the emulator models the cause). */
const FAULT = "fault rule only";

type Causes = {
  readonly [N in EndpointName]: { readonly [C in Exclude<ErrcodeOf<N>, GenericErrcode>]: string };
};

/** The generic codes, as any endpoint answers them. */
export const GENERIC_CAUSES: { readonly [C in GenericErrcode]: string } = {
  [-1]: FAULT,
  40001:
    "a token the emulator did not issue (strict mode), or one it retired: a plain token 5 minutes after a newer one, a stable token after `force_refresh`",
  40014: FAULT,
  41001: "no `access_token` in the query",
  42001: "a token the emulator issued, past its `expires_in` on the emulator clock",
  43001: "a POST where WeChat wants GET",
  43002: "a GET where WeChat wants POST",
  44002: "an empty body, or `null`",
  47001:
    "a body that is not JSON or not an object, a field of the wrong type, a required field missing or `null`, past `limits.wechatBodyBytes` or `limits.jsonDepth` (detail in `x-wxa-emulator-detail`)",
  45009: "`stable_token`: a 21st `force_refresh` in a Beijing day; elsewhere a fault rule",
  45011: "`stable_token`: a `force_refresh` within 30 s of the last; elsewhere a fault rule",
  48001: "an unknown `/wxa/*` or `/cgi-bin/*` path (HTTP 404)",
  61007: "strict mode: `api_authorizer_token` for an app not configured as that platform's authorizer",
};

const APP_TOKEN_CAUSES = {
  40002: "`grant_type` missing or not `client_credential`",
  40013: "an appid the emulator does not know (strict mode), or longer than a tenant name",
  40125: "a wrong `secret` (errmsg `invalid appsecret, rid: ...`, with the comma)",
  40164: "tenant `ipWhitelist` set (config, `admin.setTokenAccess`), the caller not in it",
  40243: "tenant `secretFrozen: true`",
  41004: "no `secret`, or an empty one",
  61024: "the appid is a configured platform's",
  89501: FAULT,
  89503: FAULT,
  89506: FAULT,
  89507: FAULT,
} as const;

export const ERRCODE_CAUSES: Causes = {
  getNickNameStatus: { 91011: "an `audit_id` unknown, or another tenant's" },
  getAuditStatus: {
    86000: "strict mode, called with a plain or stable app token",
    86001: "tenant `codeCommitted: false` with no audit",
    85012: "an `auditid` unknown, or another tenant's (the answer carries `status: 0`)",
  },
  checkNickName: {
    41033: "tenant `registeredViaApi: false`",
    53010: "a name empty, with control characters, or longer than `maxLength` (30; CJK counts 2)",
    53011: "past name rule `rateLimit.perMinute` (off unless set)",
    53012: "a name containing a `forbiddenWords` entry",
    53013: "a name in `taken` with errcode 53013",
    53014: "a name in `taken` with errcode 53014",
    53015: "a name in `taken` with errcode 53015",
    53016: "a name in `taken` with errcode 53016",
    53017: "a name in `taken` with errcode 53017",
    53018: "a name in `wechatIds`",
    53019: "a name in `protectedNames`, before its `untilUnix`",
  },
  setNickName: {
    91001: "tenant `registeredViaApi: false`",
    91002: "tenant `released: true` (or after `release`)",
    91003: "a nickname audit is in review, or the year's `renamesPerYear` are used",
    91004: "a name containing 小程序, or failing the format or `forbiddenWords` rules",
    91005: FAULT,
    91006: "a name in `wechatIds`",
    91007: "a name in `taken`",
    91008: "a name in `protectedNames`",
    91009: "a keyword-policy name (default: 腾讯) with no `license`, `id_card` or `naming_other_stuff_*`",
    91010: FAULT,
    91012: FAULT,
    91013: FAULT,
    91014: FAULT,
    91015: FAULT,
    91016: FAULT,
    91017: FAULT,
    91018: FAULT,
    91019: "a code release audit is in review or deferred",
  },
  submitAudit: {
    85006: "an item with more than 10 tags, or a tag over 20 characters",
    85007: "an item `address` empty, or not a page of the uploaded code (`commit`, `release.pages`)",
    85008: "an item category id of 0 or less, or not in tenant `categories`",
    85009: "an audit in review or deferred",
    85010: "an empty item, or one without `first_class` / `first_id`",
    85011: "an item `title` over 32 characters",
    85023: "more than 5 items",
    85051: FAULT,
    85077: "an item naming a category marked `withdrawn`",
    85085: "the platform's (or the tenant's own) monthly submit quota spent",
    85086: "tenant `codeCommitted: false`, before any `commit`",
    85087: "tenant `navigateAppIdsMissing: true`",
    86002: "tenant `profileComplete: false`",
  },
  undoCodeAudit: {
    87012: "nothing to withdraw: the newest audit is decided or withdrawn, or none was submitted",
    87013: "past 5 undos a Beijing day or 10 a month",
  },
  speedupCodeAudit: {
    89401: FAULT,
    89402: "an `auditid` not in review (or unknown, or another tenant's)",
    89403: FAULT,
    89404: "the audit was already sped up",
    89405: "the month's speed-ups (`speedupLimit`) spent",
  },
  getLatestAuditStatus: { 85058: "no audit ever submitted" },
  queryQuota: {},
  commit: {
    85013: FAULT,
    85014: FAULT,
    85043: FAULT,
    85044: FAULT,
    85045: FAULT,
    85046: FAULT,
    85047: "`ext_json` with `pages: []`",
    85048: "`ext_json` that is not a JSON object",
  },
  getCodePage: {
    86000: "strict mode, called with a plain or stable app token",
    86001: "no code committed",
  },
  release: {
    85019: "no audit ever submitted",
    85020: "the newest audit is not approved",
    85052: "the approved audit's version is already live",
  },
  revertCodeRelease: {
    87011: "a phased release (`grayrelease`) is running",
    87012: "no earlier version, an `app_version` not in the list, or the live version is a revert",
  },
  grayRelease: {
    85079: "nothing live yet",
    85080: "no approved version waiting (none, not approved, or already live)",
    85081: "`gray_percentage` outside 1-100 (0 only with a `support_*_first` flag)",
    85082: "a share not above the running plan's",
  },
  getGrayReleasePlan: {},
  revertGrayRelease: {},
  setVisitStatus: {
    85021: "nothing live yet",
    85022: "an `action` other than `open` / `close`",
  },
  getAccountBasicInfo: {},
  getAccessToken: APP_TOKEN_CAUSES,
  getStableAccessToken: APP_TOKEN_CAUSES,
  getComponentAccessToken: {
    40013: "strict mode: an appid the emulator does not know",
    40125: "a wrong `component_appsecret`",
    41004: "no `component_appsecret`, or an empty one",
    61004: "platform `ipWhitelist` set, the caller not in it",
    61005: "a pushed verify ticket past its 12 hours",
    61006: "a verify ticket neither configured nor pushed, or an empty one",
    61011: "strict mode: the appid is a mini program's, not a platform's",
  },
  getAuthorizerAccessToken: { 61023: "a wrong `authorizer_refresh_token`" },
};

const cell = (s: string) => s.replaceAll("|", "\\|");
function errmsgCell(errcode: number): string {
  const entry = ERRCODES.get(errcode);
  return entry?.errmsg ? `\`${cell(entry.errmsg)}\`` : `(none known: ${cell(entry?.en ?? "")})`;
}

/** The README's errcode tables, as markdown: the generic codes, then each endpoint's own. */
export function errcodeTable(): string {
  const lines = [
    "| errcode | errmsg | how to produce it |",
    "| --- | --- | --- |",
    ...GENERIC_ERRCODES.map((c) => `| ${c} | ${errmsgCell(c)} | ${cell(GENERIC_CAUSES[c])} |`),
    "",
    "| endpoint | errcode | errmsg | how to produce it |",
    "| --- | --- | --- | --- |",
  ];
  for (const [name, causes] of Object.entries(ERRCODE_CAUSES) as [EndpointName, Record<number, string>][]) {
    const def = ENDPOINTS[name];
    const codes = Object.keys(causes).map(Number);
    const label = `\`${def.path}\` (${name})`;
    if (codes.length === 0) lines.push(`| ${label} | - | | only the generic codes |`);
    codes.forEach((c, i) => {
      lines.push(`| ${i === 0 ? label : ""} | ${c} | ${errmsgCell(c)} | ${cell(causes[c]!)} |`);
    });
  }
  return lines.join("\n");
}
