/**
 * Every WeChat endpoint wxa-audit speaks, defined once as data: method, path, how it is
 * authorized, the wire shape of its request and of its success answer (zod 4 schemas), and the
 * errcodes WeChat documents for it. The client's methods, the emulator's routes, 47001 checks and
 * OpenAPI document, and the constructs' attributes all derive from this table.
 *
 * Field names are WeChat's wire names. Facts: `docs/wechat-api.md`.
 *
 * Over 300 lines on purpose: it is data, one row per endpoint, and reads best as one table.
 */
// A namespace import, so bundlers keep only the zod functions used (454 KB -> 90 KB minified
// in the Terraform provider, which loads this table at the first validate of every plan).
import * as z from "zod";

/**
 * A numeric id as WeChat accepts it: a positive integer, or the same digits as a JSON string
 * (the old docs and WxJava send `audit_id` as a string). Decodes to a number.
 */
export const NumericId = numberOrDigits(
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /^[1-9][0-9]{0,15}$/,
  "expected a positive integer, or its digits as a string",
).describe("positive integer, or the same digits as a string");

const Int = z.number().int();

/**
 * An integer WeChat takes or sends either as a JSON number (`number`) or as its digits in a
 * string (`digits`), decoded to a number: the one shape behind every id schema here, which
 * differ only in the range they admit.
 */
function numberOrDigits(number: z.ZodNumber, digits: RegExp, error: string) {
  return z.union([number, z.string().regex(digits)], { error }).transform((v) => Number(v));
}

/**
 * An id in a success answer: WeChat sends an integer, but the old doc sample and SDKs built on it
 * show the digits as a string (`"auditid": "1234567"`: SKIT's get_latest_auditstatus sample,
 * PowerWeChat#696 for submit_audit; `"audit_id": "12345"` for setnickname, wechat-fidelity.md
 * "Doc samples"). Decodes to a number either way; the output (and the OpenAPI answer) is an integer.
 */
export const AnswerId = numberOrDigits(
  Int,
  /^[0-9]{1,16}$/,
  "expected an integer id, or its digits as a string",
)
  .pipe(Int)
  .describe("integer id (a string of digits is read as the number)");
/** A code template's id: 0 or more, or its digits as a string (the page's sample sends "0"). */
const TemplateId = numberOrDigits(
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /^(0|[1-9][0-9]{0,15})$/,
  "expected a template id: an integer from 0, or its digits as a string",
);

export type HttpMethod = "GET" | "POST";
/** Which token authorizes a call; it travels as the URL query parameter of the same name. */
export type EndpointAuth = "access_token" | "component_access_token" | "none";
/** Where the request's fields travel. */
export type EndpointInput = "body" | "query" | "none";

export interface EndpointDef<
  Name extends string = string,
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
  Codes extends readonly number[] = readonly number[],
> {
  /** WeChat's interface name, also the client's method name. */
  readonly name: Name;
  readonly method: HttpMethod;
  readonly path: string;
  readonly auth: EndpointAuth;
  readonly input: EndpointInput;
  /** Wire shape of the request: what the emulator accepts before answering 47001. */
  readonly request: Req;
  /**
   * What the client checks before sending, stricter than the wire (a non-empty nick_name, say),
   * so bad input fails here with the field named instead of costing a call.
   */
  readonly clientRequest?: z.ZodType;
  /** Success answer without errcode/errmsg; unknown fields pass through. */
  readonly response: Res;
  /**
   * Errcodes this endpoint answers beyond the generic ones: WeChat's documented ones, and where
   * WeChat documents none for a case the emulator must answer, the one it answers (said at the
   * row). Typed per endpoint (`ErrcodeOf`), so the emulator cannot answer a code not listed here.
   */
  readonly errcodes: Codes;
  /** Request fields whose values are secrets. */
  readonly secretRequestFields: readonly string[];
  /** Answer fields whose values are secrets. */
  readonly secretResponseFields: readonly string[];
  readonly summary: string;
}

function endpoint<
  const Name extends string,
  Req extends z.ZodType,
  Res extends z.ZodType,
  const Codes extends readonly number[],
>(
  def: Omit<EndpointDef<Name, Req, Res, Codes>, "secretRequestFields" | "secretResponseFields"> &
    Partial<Pick<EndpointDef, "secretRequestFields" | "secretResponseFields">>,
): EndpointDef<Name, Req, Res, Codes> {
  return Object.freeze({ secretRequestFields: [], secretResponseFields: [], ...def });
}

/**
 * A category id of a submit_audit item: a number, or its digits as a string (the old English doc
 * types `first_id` as String). Zero or negative ids pass here: WeChat answers them 85008.
 */
const CategoryId = numberOrDigits(
  z.number().int(),
  /^-?[0-9]{1,15}$/,
  "expected an integer, or its digits as a string",
);

/** One submit_audit item (D5 "Body.item_list"); which fields are required is checked as WeChat does (85010). */
const AuditItem = z.looseObject({
  address: z.string().optional().describe("a page of the committed code"),
  tag: z.string().optional().describe("tags separated by spaces: at most 10, each at most 20 characters"),
  first_class: z.string().optional(),
  second_class: z.string().optional(),
  third_class: z.string().optional(),
  first_id: CategoryId.optional(),
  second_id: CategoryId.optional(),
  third_id: CategoryId.optional(),
  title: z.string().optional().describe("page title, at most 32 characters"),
});

const Empty = z.strictObject({});
/** What the client checks before asking for an app token (the wire accepts less: see the rows). */
const AppCredentials = z.object({
  grant_type: z.literal("client_credential"),
  appid: z.string().min(1),
  secret: z.string().min(1),
});
const NoFields = z.looseObject({});

/** Generic errcodes any endpoint can answer. */
export const GENERIC_ERRCODES = [
  -1, 40001, 40014, 41001, 42001, 43001, 43002, 44002, 47001, 45009, 45011, 48001, 61007,
] as const;

export const ENDPOINTS = {
  getNickNameStatus: endpoint({
    name: "getNickNameStatus",
    method: "POST",
    path: "/wxa/api_wxa_querynickname",
    auth: "access_token",
    input: "body",
    request: z.object({ audit_id: NumericId }),
    response: z.looseObject({
      nickname: z.string().describe("the nickname applied for"),
      audit_stat: Int.describe("1 in review, 2 failed, 3 succeeded"),
      fail_reason: z.string().optional().describe("why the audit failed (audit_stat 2)"),
      create_time: Int.describe("when the rename was applied for, unix seconds"),
      audit_time: Int.optional().describe("when the audit ended, unix seconds; 0 while in review"),
    }),
    // D2/D2o document only 91011 here; 91012 is a global-list code, filed under setNickName.
    errcodes: [-1, 40001, 91011],
    summary: "State of a nickname (rename) audit",
  }),
  getAuditStatus: endpoint({
    name: "getAuditStatus",
    method: "POST",
    path: "/wxa/get_auditstatus",
    auth: "access_token",
    input: "body",
    request: z.object({ auditid: NumericId }),
    response: z.looseObject({
      status: Int.describe("0 approved, 1 rejected, 2 in review, 3 withdrawn, 4 deferred"),
      reason: z.string().optional().describe("rejection (1) or deferral (4) reason"),
      screenshot: z.string().optional().describe("media ids joined by |, for status 1"),
    }),
    errcodes: [-1, 40001, 86000, 86001, 85012],
    summary: "State of a code release audit",
  }),
  checkNickName: endpoint({
    name: "checkNickName",
    method: "POST",
    path: "/cgi-bin/wxverify/checkwxverifynickname",
    auth: "access_token",
    input: "body",
    request: z.object({ nick_name: z.string() }),
    clientRequest: z.object({ nick_name: z.string().trim().min(1, "must be a non-empty string") }),
    response: z.looseObject({
      hit_condition: z.boolean().describe("true: the name hits a keyword policy; material needed"),
      wording: z
        .string()
        .optional()
        .describe("text to show the applicant when the name hits a keyword policy"),
    }),
    errcodes: [-1, 40001, 41033, 53010, 53011, 53012, 53013, 53014, 53015, 53016, 53017, 53018, 53019],
    summary: "May this name be used?",
  }),
  setNickName: endpoint({
    name: "setNickName",
    method: "POST",
    path: "/wxa/setnickname",
    auth: "access_token",
    input: "body",
    request: z.object({
      nick_name: z.string(),
      id_card: z.string().optional(),
      license: z.string().optional(),
      naming_other_stuff_1: z.string().optional(),
      naming_other_stuff_2: z.string().optional(),
      naming_other_stuff_3: z.string().optional(),
      naming_other_stuff_4: z.string().optional(),
      naming_other_stuff_5: z.string().optional(),
    }),
    clientRequest: z.looseObject({ nick_name: z.string().trim().min(1, "must be a non-empty string") }),
    response: z.looseObject({
      wording: z.string().optional(),
      audit_id: AnswerId.optional().describe("present only when the name needs review"),
    }),
    // 91001-91010 and 91019 (D4, S1, community); 91012-91018: the rename codes of WeChat's global
    // list (S1), answerable through fault rules. No source gives a code for "renames used up this
    // year": the emulator answers 91003 ("invalid change stat", the rename state) for it.
    errcodes: [
      -1, 40001, 91001, 91002, 91003, 91004, 91005, 91006, 91007, 91008, 91009, 91010, 91012, 91013, 91014,
      91015, 91016, 91017, 91018, 91019,
    ],
    summary: "Rename the mini program (applied at once, or opens a nickname audit)",
  }),
  submitAudit: endpoint({
    name: "submitAudit",
    method: "POST",
    path: "/wxa/submit_audit",
    auth: "access_token",
    input: "body",
    request: z.looseObject({
      // No count limit here: past 5 items WeChat answers 85023, not 47001 (D5).
      item_list: z.array(AuditItem).optional(),
      version_desc: z.string().optional(),
      feedback_info: z.string().optional(),
      feedback_stuff: z.string().optional(),
      privacy_api_not_use: z.boolean().optional(),
      order_path: z.string().optional(),
    }),
    response: z.looseObject({ auditid: AnswerId }),
    // 85010/85023/85006/85008/85077/85007/85011 check item_list; 86002 and 85087 the account and
    // its code; 85051 (version_desc or preview_info too large, no number documented) only by fault rule.
    errcodes: [
      -1, 40001, 85006, 85007, 85008, 85009, 85010, 85011, 85023, 85051, 85077, 85085, 85086, 85087, 86002,
    ],
    summary: "Submit the uploaded code for release audit",
  }),
  undoCodeAudit: endpoint({
    name: "undoCodeAudit",
    method: "GET",
    path: "/wxa/undocodeaudit",
    auth: "access_token",
    input: "none",
    request: Empty,
    response: NoFields,
    // 87012 for a sheet that cannot be withdrawn (observed for a rejected one); also where none is
    // open at all, for which WeChat documents no errcode.
    errcodes: [-1, 40001, 87012, 87013],
    summary: "Withdraw the open release audit",
  }),
  speedupCodeAudit: endpoint({
    name: "speedupCodeAudit",
    method: "POST",
    path: "/wxa/speedupaudit",
    auth: "access_token",
    input: "body",
    request: z.object({ auditid: NumericId }),
    response: NoFields,
    errcodes: [-1, 40001, 89401, 89402, 89403, 89404, 89405],
    summary: "Ask for a faster release audit",
  }),
  getLatestAuditStatus: endpoint({
    name: "getLatestAuditStatus",
    method: "GET",
    path: "/wxa/get_latest_auditstatus",
    auth: "access_token",
    input: "none",
    request: Empty,
    response: z.looseObject({
      auditid: AnswerId.describe("id of the newest release audit"),
      status: Int.describe("0 approved, 1 rejected, 2 in review, 3 withdrawn, 4 deferred"),
      reason: z.string().optional().describe("rejection (1) or deferral (4) reason"),
      ScreenShot: z
        .string()
        .optional()
        .describe("media ids joined by |, for status 1 (capital S, as WeChat spells it here)"),
      user_version: z.string().optional().describe("version of the code submitted"),
      user_desc: z.string().optional().describe("description of the code submitted"),
      submit_audit_time: Int.optional().describe("when the code was submitted, unix seconds"),
    }),
    errcodes: [-1, 40001, 85058],
    summary: "State of the newest release audit",
  }),
  queryQuota: endpoint({
    name: "queryQuota",
    method: "GET",
    path: "/wxa/queryquota",
    auth: "access_token",
    input: "none",
    request: Empty,
    response: z.looseObject({
      rest: Int.describe("release audits that may still be submitted this month"),
      limit: Int.describe("release audits allowed per month"),
      speedup_rest: Int.describe("speed-ups that may still be asked for this month"),
      speedup_limit: Int.describe("speed-ups allowed per month"),
    }),
    errcodes: [-1, 40001],
    summary: "Remaining audit and speed-up quota",
  }),
  // Release step: after an approved audit (official pages, new doc
  // developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/code-management/api_<name>).
  commit: endpoint({
    name: "commit",
    method: "POST",
    path: "/wxa/commit",
    auth: "access_token",
    input: "body",
    request: z.object({
      template_id: TemplateId,
      ext_json: z.string(),
      user_version: z.string(),
      user_desc: z.string(),
    }),
    response: NoFields,
    errcodes: [-1, 40001, 85013, 85014, 85043, 85044, 85045, 85046, 85047, 85048],
    summary: "Upload a code version from a template (the experience version)",
  }),
  getCodePage: endpoint({
    name: "getCodePage",
    method: "GET",
    path: "/wxa/get_page",
    auth: "access_token",
    input: "none",
    request: Empty,
    response: z.looseObject({
      page_list: z
        .array(z.string())
        .describe("pages of the uploaded code, for submit_audit's item_list address"),
    }),
    errcodes: [-1, 40001, 86000, 86001],
    summary: "Pages of the uploaded code",
  }),
  release: endpoint({
    name: "release",
    method: "POST",
    path: "/wxa/release",
    auth: "access_token",
    input: "body",
    request: z.looseObject({}),
    response: NoFields,
    // 85052 is not on the page but is WeChat's answer once the approved version is live.
    errcodes: [-1, 40001, 85019, 85020, 85052],
    summary: "Publish the last approved version",
  }),
  revertCodeRelease: endpoint({
    name: "revertCodeRelease",
    method: "GET",
    path: "/wxa/revertcoderelease",
    auth: "access_token",
    input: "query",
    request: z.object({
      action: z
        .literal("get_history_version")
        .optional()
        .describe("get_history_version: list the versions it can go back to, revert nothing"),
      app_version: NumericId.optional().describe("go back to this version (default: the previous one)"),
    }),
    response: z.looseObject({
      version_list: z
        .array(
          z.looseObject({
            app_version: Int,
            user_version: z.string(),
            user_desc: z.string(),
            commit_time: Int,
          }),
        )
        .optional()
        .describe("with action=get_history_version: the versions it can go back to, newest first"),
    }),
    errcodes: [-1, 40001, 87011, 87012],
    summary: "Go back to a previous live version (or list them)",
  }),
  grayRelease: endpoint({
    name: "grayRelease",
    method: "POST",
    path: "/wxa/grayrelease",
    auth: "access_token",
    input: "body",
    request: z.object({
      gray_percentage: Int.describe("0 to 100; 0 needs one of the two support flags"),
      support_debuger_first: z.boolean().optional(),
      support_experiencer_first: z.boolean().optional(),
    }),
    response: NoFields,
    errcodes: [-1, 40001, 85079, 85080, 85081, 85082],
    summary: "Publish the approved version to a share of users (phased release)",
  }),
  getGrayReleasePlan: endpoint({
    name: "getGrayReleasePlan",
    method: "GET",
    path: "/wxa/getgrayreleaseplan",
    auth: "access_token",
    input: "none",
    request: Empty,
    response: z.looseObject({
      gray_release_plan: z.looseObject({
        status: Int.describe("0 none, 1 running, 2 paused, 3 done, 4 deleted"),
        create_timestamp: Int,
        gray_percentage: Int,
        support_debuger_first: z.boolean().optional(),
        support_experiencer_first: z.boolean().optional(),
      }),
    }),
    errcodes: [-1, 40001],
    summary: "The phased release plan",
  }),
  revertGrayRelease: endpoint({
    name: "revertGrayRelease",
    method: "GET",
    path: "/wxa/revertgrayrelease",
    auth: "access_token",
    input: "none",
    request: Empty,
    response: NoFields,
    errcodes: [-1, 40001],
    summary: "Cancel the phased release",
  }),
  setVisitStatus: endpoint({
    name: "setVisitStatus",
    method: "POST",
    path: "/wxa/change_visitstatus",
    auth: "access_token",
    input: "body",
    request: z.object({ action: z.string().describe('"open" (visible) or "close" (service paused)') }),
    response: NoFields,
    errcodes: [-1, 40001, 85021, 85022],
    summary: "Pause or resume the live mini program's service",
  }),
  getAccountBasicInfo: endpoint({
    name: "getAccountBasicInfo",
    // GET as the old page and the SDKs send it (WxJava, EasyWeChat, wechatpy); the new page writes POST.
    method: "GET",
    path: "/cgi-bin/account/getaccountbasicinfo",
    auth: "access_token",
    input: "none",
    request: Empty,
    response: z.looseObject({
      appid: z.string(),
      account_type: Int.describe("3: mini program"),
      nickname: z.string().optional(),
      nickname_info: z
        .looseObject({
          nickname: z.string().describe("the current name, an approved rename included"),
          modify_used_count: Int.describe("renames used this year"),
          modify_quota: Int.describe("renames allowed a year"),
        })
        .optional(),
    }),
    errcodes: [-1, 40001],
    summary: "The account's basics: appid, type, current name",
  }),
  // The token endpoints' wire schemas accept what WeChat answers with its own errcodes rather
  // than 47001 (a bad grant_type: 40002; no secret: 41004; an empty ticket: 61006); the client's
  // own check (`clientRequest`) still refuses those before sending. Rows list the errcodes each
  // page documents (fidelity: D10-D13).
  getAccessToken: endpoint({
    name: "getAccessToken",
    method: "GET",
    path: "/cgi-bin/token",
    auth: "none",
    input: "query",
    request: z.object({
      grant_type: z.string().optional(),
      appid: z.string().min(1),
      secret: z.string().optional(),
    }),
    clientRequest: AppCredentials,
    response: z.looseObject({ access_token: z.string(), expires_in: Int }),
    errcodes: [-1, 40001, 40002, 40013, 40125, 40164, 40243, 41004, 61024, 89501, 89503, 89506, 89507],
    secretRequestFields: ["secret"],
    secretResponseFields: ["access_token"],
    summary: "Plain app access token",
  }),
  getStableAccessToken: endpoint({
    name: "getStableAccessToken",
    method: "POST",
    path: "/cgi-bin/stable_token",
    auth: "none",
    input: "body",
    request: z.object({
      grant_type: z.string().optional(),
      appid: z.string().min(1),
      secret: z.string().optional(),
      force_refresh: z.boolean().optional(),
    }),
    clientRequest: AppCredentials.extend({ force_refresh: z.boolean().optional() }),
    response: z.looseObject({ access_token: z.string(), expires_in: Int }),
    // 45009: past 20 force_refresh calls a day; 45011: force_refresh again within 30 s.
    errcodes: [
      -1, 40001, 40002, 40013, 40125, 40164, 40243, 41004, 45009, 45011, 61024, 89501, 89503, 89506, 89507,
    ],
    secretRequestFields: ["secret"],
    secretResponseFields: ["access_token"],
    summary: "Stable app access token",
  }),
  getComponentAccessToken: endpoint({
    name: "getComponentAccessToken",
    method: "POST",
    path: "/cgi-bin/component/api_component_token",
    auth: "none",
    input: "body",
    request: z.object({
      component_appid: z.string().min(1),
      component_appsecret: z.string().optional(),
      component_verify_ticket: z.string(),
    }),
    clientRequest: z.object({
      component_appid: z.string().min(1),
      component_appsecret: z.string().min(1),
      component_verify_ticket: z.string().min(1),
    }),
    response: z.looseObject({ component_access_token: z.string(), expires_in: Int }),
    errcodes: [-1, 40001, 40013, 40125, 41004, 45009, 47001, 48001, 61004, 61005, 61006, 61011],
    secretRequestFields: ["component_appsecret", "component_verify_ticket"],
    secretResponseFields: ["component_access_token"],
    summary: "Third-party platform token, from the verify ticket",
  }),
  getAuthorizerAccessToken: endpoint({
    name: "getAuthorizerAccessToken",
    method: "POST",
    path: "/cgi-bin/component/api_authorizer_token",
    // The old doc and every SDK send `?component_access_token=`; the new doc (D11) writes
    // `?access_token=`. The emulator accepts both; the client sends the old name.
    auth: "component_access_token",
    input: "body",
    request: z.object({
      component_appid: z.string().min(1),
      authorizer_appid: z.string().min(1),
      authorizer_refresh_token: z.string().min(1),
    }),
    response: z.looseObject({
      authorizer_access_token: z.string(),
      expires_in: Int,
      authorizer_refresh_token: z.string().optional(),
    }),
    errcodes: [-1, 40001, 61007, 61023],
    secretRequestFields: ["authorizer_refresh_token"],
    secretResponseFields: ["authorizer_access_token", "authorizer_refresh_token"],
    summary: "A mini program's access token, from the platform's refresh token",
  }),
} as const;

export type Endpoints = typeof ENDPOINTS;
export type EndpointName = keyof Endpoints;
/** What a caller passes: numeric ids may be numbers or digit strings. */
export type RequestOf<N extends EndpointName> = z.input<Endpoints[N]["request"]>;
/** A success answer: errcode 0 (or absent), errmsg, and the endpoint's fields. */
export type ResponseOf<N extends EndpointName> = z.output<Endpoints[N]["response"]> & {
  errcode?: number;
  errmsg?: string;
};

/** The errcodes an endpoint's row lists. */
export type ErrcodeOf<N extends EndpointName> = Endpoints[N]["errcodes"][number];
/** The errcodes any endpoint may answer. */
export type GenericErrcode = (typeof GENERIC_ERRCODES)[number];

export const ENDPOINT_LIST: readonly EndpointDef[] = Object.values(ENDPOINTS);

/** Every field name, in any endpoint, whose value is a secret; redaction reads this. */
export const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set([
  "access_token",
  "component_access_token",
  ...ENDPOINT_LIST.flatMap((d) => [...d.secretRequestFields, ...d.secretResponseFields]),
]);
