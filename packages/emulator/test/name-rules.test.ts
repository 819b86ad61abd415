/**
 * The name check rules on their own: which finding a name gets (and so which errcode
 * checkNickName and setNickName answer), at the edges of each rule.
 */
import { describe, expect, it } from "vitest";
import {
  checkErrcode,
  defaultNameRules,
  judgeName,
  type NameRules,
  NameRulesPatchSchema,
  NameRulesSchema,
  nameLength,
  renameErrcode,
} from "../src/name-rules.js";

const rules = (over: Partial<NameRules> = {}): NameRules => ({ ...defaultNameRules(), ...over });

describe("name length", () => {
  it("wide characters count 2 at each end of their ranges; others 1", () => {
    for (const ch of [
      "\u1100",
      "\u115f",
      "\u2e80",
      "\u303e",
      "\u4e00",
      "\u9fff",
      "\uac00",
      "\ud7a3",
      "\uff01",
      "\uffe6",
    ])
      expect(nameLength(ch), ch.codePointAt(0)!.toString(16)).toBe(2);
    for (const ch of ["a", "\u10ff", "\u1160", "\u303f", "\ud7a4", "\uff61", "\uffe7", "é"])
      expect(nameLength(ch), ch.codePointAt(0)!.toString(16)).toBe(1);
    expect(nameLength("\uffff")).toBe(1); // the last BMP code point is narrow
    expect(nameLength("\u{10000}")).toBe(2); // the first beyond it is wide
    expect(nameLength("😀")).toBe(2); // outside the BMP
    expect(nameLength("a腾😀")).toBe(5);
    expect(nameLength("")).toBe(0);
  });
});

describe("judging a name", () => {
  it("format: empty, control characters, or longer than maxLength (equal is fine)", () => {
    const r = rules({ maxLength: 4 });
    expect(judgeName(r, "", 0)).toEqual({ kind: "format" });
    expect(judgeName(r, "a\u0000", 0)).toEqual({ kind: "format" });
    expect(judgeName(r, "a\u200b", 0)).toEqual({ kind: "format" });
    expect(judgeName(r, "a\u009f", 0)).toEqual({ kind: "format" });
    expect(judgeName(r, "abcd", 0)).toEqual({ kind: "clear" });
    expect(judgeName(r, "名字", 0)).toEqual({ kind: "clear" });
    expect(judgeName(r, "abcde", 0)).toEqual({ kind: "format" });
    expect(judgeName(r, "名字a", 0)).toEqual({ kind: "format" });
  });

  it("each list matches case-insensitively: forbidden words as substrings, the others whole", () => {
    const r = rules({
      forbiddenWords: ["Bad"],
      taken: [{ name: "Shop", errcode: 53015 }],
      wechatIds: ["WxId"],
      protectedNames: [{ name: "Guard" }],
      keywordPolicies: [{ keyword: "Tencent", wording: "w" }],
    });
    expect(judgeName(r, "a bAd name", 0)).toEqual({ kind: "forbidden" });
    expect(judgeName(r, "sHOP", 0)).toEqual({ kind: "taken", errcode: 53015 });
    expect(judgeName(r, "shops", 0)).toEqual({ kind: "clear" });
    expect(judgeName(r, "wxid", 0)).toEqual({ kind: "wechat_id" });
    expect(judgeName(r, "wxid2", 0)).toEqual({ kind: "clear" });
    expect(judgeName(r, "GUARD", 0)).toEqual({ kind: "protected" });
    expect(judgeName(r, "my tencent shop", 0)).toEqual({ kind: "keyword", wording: "w" });
  });

  it("a protection period ends at untilUnix", () => {
    const r = rules({ protectedNames: [{ name: "guard", untilUnix: 100 }] });
    expect(judgeName(r, "guard", 99)).toEqual({ kind: "protected" });
    expect(judgeName(r, "guard", 100)).toEqual({ kind: "clear" });
  });

  it("rules apply in order: format, forbidden, taken, WeChat id, protected, keyword", () => {
    const all = rules({
      forbiddenWords: ["x"],
      taken: [{ name: "x", errcode: 53013 }],
      wechatIds: ["x", "y"],
      protectedNames: [{ name: "x" }, { name: "y" }, { name: "z" }],
      keywordPolicies: [
        { keyword: "x", wording: "w" },
        { keyword: "z", wording: "w" },
      ],
    });
    expect(judgeName(all, "x", 0).kind).toBe("forbidden");
    expect(judgeName({ ...all, forbiddenWords: [] }, "x", 0).kind).toBe("taken");
    expect(judgeName(all, "y", 0).kind).toBe("wechat_id");
    expect(judgeName(all, "z", 0).kind).toBe("protected");
  });
});

describe("errcodes of the findings", () => {
  it("checkNickName and setNickName each answer their own family", () => {
    const cases: Array<[Parameters<typeof checkErrcode>[0], number | undefined, number | undefined]> = [
      [{ kind: "format" }, 53010, 91004],
      [{ kind: "forbidden" }, 53012, 91004],
      [{ kind: "taken", errcode: 53016 }, 53016, 91007],
      [{ kind: "wechat_id" }, 53018, 91006],
      [{ kind: "protected" }, 53019, 91008],
      [{ kind: "keyword", wording: "w" }, undefined, undefined],
      [{ kind: "clear" }, undefined, undefined],
    ];
    for (const [finding, check, rename] of cases) {
      expect(checkErrcode(finding), finding.kind).toBe(check);
      expect(renameErrcode(finding), finding.kind).toBe(rename);
    }
  });
});

describe("name rules input", () => {
  it("the defaults parse, and the documented 腾讯 policy is among them", () => {
    const d = NameRulesSchema.parse(defaultNameRules());
    expect(d.maxLength).toBe(30);
    expect(judgeName(d, "腾讯", 0).kind).toBe("keyword");
  });

  it("out of the box only the 腾讯 policy applies: no word, name or WeChat id is refused", () => {
    const d = defaultNameRules();
    expect(d).toEqual({
      forbiddenWords: [],
      taken: [],
      wechatIds: [],
      protectedNames: [],
      maxLength: 30,
      keywordPolicies: [{ keyword: "腾讯", wording: expect.any(String) }],
    });
    expect(d.keywordPolicies[0]!.wording).not.toBe("");
  });

  it("refuses empty names, errcodes outside 53013-53017 and a non-positive length", () => {
    const bad = (over: Record<string, unknown>) =>
      NameRulesSchema.safeParse({ ...defaultNameRules(), ...over }).error?.issues[0]?.path[0];
    expect(bad({ forbiddenWords: [""] })).toBe("forbiddenWords");
    expect(bad({ taken: [{ name: "a", errcode: 53012 }] })).toBe("taken");
    expect(bad({ taken: [{ name: "a", errcode: 53018 }] })).toBe("taken");
    expect(bad({ taken: [{ name: "", errcode: 53013 }] })).toBe("taken");
    expect(bad({ wechatIds: [""] })).toBe("wechatIds");
    expect(bad({ protectedNames: [{ name: "" }] })).toBe("protectedNames");
    expect(bad({ maxLength: 0 })).toBe("maxLength");
    expect(bad({ keywordPolicies: [{ keyword: "", wording: "w" }] })).toBe("keywordPolicies");
    expect(bad({ rateLimit: { perMinute: 0 } })).toBe("rateLimit");
    expect(bad({ other: 1 })).toBeUndefined(); // strict: the issue has no path of its own
    expect(NameRulesSchema.safeParse({ ...defaultNameRules(), other: 1 }).success).toBe(false);
    for (const errcode of [53013, 53014, 53015, 53016, 53017])
      expect(bad({ taken: [{ name: "a", errcode }] }), String(errcode)).toBeUndefined();
  });

  it("a patch may set some rules and turn the rate limit off with null", () => {
    expect(NameRulesPatchSchema.parse({ rateLimit: null })).toEqual({ rateLimit: null });
    expect(NameRulesPatchSchema.safeParse({ maxLength: 5 }).success).toBe(true);
    expect(NameRulesPatchSchema.safeParse({ maxLength: 0 }).success).toBe(false);
  });
});
