/**
 * Every WeChat endpoint wxa-audit speaks, defined once as data: method, path, how it is
 * authorized, the wire shape of its request and of its success answer (zod 4 schemas), and the
 * errcodes WeChat documents for it. The client's methods, the emulator's routes, 47001 checks and
 * OpenAPI document, and the constructs' attributes all derive from this table.
 *
 * Field names are WeChat's wire names. Facts: `shared/reference/wechat-api.md`.
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
export const NumericId = z
  .union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[1-9][0-9]{0,15}$/)], {
    error: "expected a positive integer, or its digits as a string",
  })
  .transform((v) => Number(v))
  .describe("positive integer, or the same digits as a string");

const Int = z.number().int();

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
    errcodes: [-1, 40001, 91011, 91012],
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
      audit_id: Int.optional().describe("present only when the name needs review"),
    }),
    errcodes: [-1, 40001, 91001, 91002, 91003, 91004, 91005, 91006, 91007, 91008, 91009, 91010],
    summary: "Rename the mini program (applied at once, or opens a nickname audit)",
  }),
  submitAudit: endpoint({
    name: "submitAudit",
    method: "POST",
    path: "/wxa/submit_audit",
    auth: "access_token",
    input: "body",
    request: z.looseObject({
      item_list: z.array(z.looseObject({})).max(5).optional(),
      version_desc: z.string().optional(),
      feedback_info: z.string().optional(),
      feedback_stuff: z.string().optional(),
      privacy_api_not_use: z.boolean().optional(),
      order_path: z.string().optional(),
    }),
    response: z.looseObject({ auditid: Int }),
    errcodes: [-1, 40001, 85009, 85085, 85086],
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
    // 89402 ("not pending") with no open sheet: WeChat documents no errcode for that case.
    errcodes: [-1, 40001, 87013, 89402],
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
      auditid: Int.describe("id of the newest release audit"),
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
