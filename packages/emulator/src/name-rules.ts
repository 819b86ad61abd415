/**
 * Name check rules (checkNickName, and setNickName which maps the same findings to its own
 * errcodes). Data, configurable through the config file and the admin API.
 */
import type { ErrcodeOf } from "@wxa-audit/core/tables";
import { z } from "zod";

const TakenErrcode = z.union([
  z.literal(53013),
  z.literal(53014),
  z.literal(53015),
  z.literal(53016),
  z.literal(53017),
]);

export const NameRulesSchema = z.strictObject({
  /** 53012 when the name contains one of these (case-insensitive substring). */
  forbiddenWords: z.array(z.string().min(1)),
  /** Names already in use (exact, case-insensitive), each with the 5301x rule it falls under. */
  taken: z.array(z.strictObject({ name: z.string().min(1), errcode: TakenErrcode })),
  /** 53018: names equal to an existing WeChat ID (case-insensitive). */
  wechatIds: z.array(z.string().min(1)),
  /** 53019: names in a protection period, until `untilUnix` (for ever when absent). */
  protectedNames: z.array(
    z.strictObject({ name: z.string().min(1), untilUnix: z.number().int().optional() }),
  ),
  /** 53010 above this length, a CJK character counting 2. */
  maxLength: z.number().int().positive(),
  /** `hit_condition: true` with `wording` when the name contains `keyword` (case-insensitive). */
  keywordPolicies: z.array(z.strictObject({ keyword: z.string().min(1), wording: z.string() })),
  /** 53011 beyond this many checks per tenant per emulated minute; off when absent. */
  rateLimit: z.strictObject({ perMinute: z.number().int().positive() }).optional(),
});
export type NameRules = z.infer<typeof NameRulesSchema>;
export const NameRulesPatchSchema = NameRulesSchema.partial().extend({
  rateLimit: NameRulesSchema.shape.rateLimit.nullable(),
});
export type NameRulesPatch = z.input<typeof NameRulesPatchSchema>;

/**
 * WeChat's wording for its documented sample: checkNickName `{"nick_name":"腾讯"}` answers
 * `hit_condition: true` with this text (D1, checkNickName's official page; the same text, with
 * these full-width commas, in public DTOs that quote real answers).
 */
export const SUBJECT_NAME_WORDING =
  "你申请的名称可能涉及特定主体姓名或名称，请提供可确认主体材料与名称对应的材料，或提供《商标注册证》等其他材料，以证明你有权合理且善意使用该名称，否则可能审核不通过";
/** The keyword of the documented sample. */
export const SUBJECT_NAME_KEYWORD = "腾讯";

/** setnickname refuses a name containing this word (D4: "不支持包含“小程序”关键字的昵称"). */
export const RESERVED_NAME_WORD = "小程序";

export function defaultNameRules(): NameRules {
  return {
    forbiddenWords: [],
    taken: [],
    wechatIds: [],
    protectedNames: [],
    maxLength: 30,
    keywordPolicies: [{ keyword: SUBJECT_NAME_KEYWORD, wording: SUBJECT_NAME_WORDING }],
  };
}

// CJK ideographs, kana, hangul and full-width forms count 2 toward the length limit.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/u;

export function nameLength(name: string): number {
  let n = 0;
  for (const ch of name) n += WIDE.test(ch) || ch.codePointAt(0)! > 0xffff ? 2 : 1;
  return n;
}

export type NameFinding =
  | { readonly kind: "format" }
  | { readonly kind: "forbidden" }
  | { readonly kind: "taken"; readonly errcode: 53013 | 53014 | 53015 | 53016 | 53017 }
  | { readonly kind: "wechat_id" }
  | { readonly kind: "protected" }
  | { readonly kind: "keyword"; readonly wording: string }
  | { readonly kind: "clear" };

/** What the rules say of a (trimmed) name at `nowUnix`. */
export function judgeName(rules: NameRules, name: string, nowUnix: number): NameFinding {
  if (name.length === 0 || CONTROL.test(name) || nameLength(name) > rules.maxLength)
    return { kind: "format" };
  const lower = name.toLowerCase();
  if (rules.forbiddenWords.some((w) => lower.includes(w.toLowerCase()))) return { kind: "forbidden" };
  const taken = rules.taken.find((t) => t.name.toLowerCase() === lower);
  if (taken) return { kind: "taken", errcode: taken.errcode };
  if (rules.wechatIds.some((id) => id.toLowerCase() === lower)) return { kind: "wechat_id" };
  if (
    rules.protectedNames.some(
      (p) => p.name.toLowerCase() === lower && (p.untilUnix === undefined || p.untilUnix > nowUnix),
    )
  ) {
    return { kind: "protected" };
  }
  const policy = rules.keywordPolicies.find((p) => lower.includes(p.keyword.toLowerCase()));
  if (policy) return { kind: "keyword", wording: policy.wording };
  return { kind: "clear" };
}

/** checkNickName's errcode for a finding (none for keyword and clear). */
export function checkErrcode(f: NameFinding): ErrcodeOf<"checkNickName"> | undefined {
  switch (f.kind) {
    case "format":
      return 53010;
    case "forbidden":
      return 53012;
    case "taken":
      return f.errcode;
    case "wechat_id":
      return 53018;
    case "protected":
      return 53019;
    // Stryker disable next-line ConditionalExpression: without the return the function ends and returns undefined all the same.
    default:
      return undefined;
  }
}

/** setNickName's errcode for a finding: its own 9100x family. */
export function renameErrcode(f: NameFinding): ErrcodeOf<"setNickName"> | undefined {
  switch (f.kind) {
    case "format":
    case "forbidden":
      return 91004;
    case "taken":
      return 91007;
    case "wechat_id":
      return 91006;
    case "protected":
      return 91008;
    // Stryker disable next-line ConditionalExpression: without the return the function ends and returns undefined all the same.
    default:
      return undefined;
  }
}
