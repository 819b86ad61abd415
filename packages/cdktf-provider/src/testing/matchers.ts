/**
 * Matchers for synthesized stacks, written once without a test framework (as cdktf's own):
 * each takes the synthesized JSON (a string, or a path to cdk.tf.json) and returns
 * `{ pass, message }`. The resource matchers are cdktf's `testingMatchers` with a comparison that
 * also honours asymmetric matchers (`expect.stringContaining(...)`); the others look where
 * cdktf's do not: inside `check` blocks, postconditions, and the WeChat checks' `data.wechat_*` blocks.
 */
import { readFileSync } from "node:fs";
import { testingMatchers } from "cdktf";

export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** cdktf's matchers take a constructor-like `{ tfResourceType }`; a plain type name works too. */
export type ResourceTypeLike = string | { readonly tfResourceType: string };

type Json = Record<string, unknown>;

function isAsymmetric(v: unknown): v is { asymmetricMatch(other: unknown): boolean } {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { asymmetricMatch?: unknown }).asymmetricMatch === "function"
  );
}

/** Deep partial equality: objects may have more keys, arrays must match element-wise, regexps test strings. */
export function partialMatch(expected: unknown, received: unknown): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(received);
  if (expected instanceof RegExp) return typeof received === "string" && expected.test(received);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(received) &&
      expected.length === received.length &&
      expected.every((e, i) => partialMatch(e, received[i]))
    );
  }
  if (expected !== null && typeof expected === "object") {
    if (received === null || typeof received !== "object") return false;
    return Object.entries(expected).every(([k, v]) => partialMatch(v, (received as Json)[k]));
  }
  return expected === received;
}

function passEvaluation(items: unknown, props: Record<string, unknown>): boolean {
  return Object.values(items as Json).some((item) => partialMatch(props, item));
}

function parseStack(received: string): Json {
  let text = received;
  if (!received.trimStart().startsWith("{")) text = readFileSync(received, "utf8");
  return JSON.parse(text) as Json;
}

function typeOf(t: ResourceTypeLike): { tfResourceType: string } {
  return typeof t === "string" ? { tfResourceType: t } : { tfResourceType: t.tfResourceType };
}

function fromCdktf(r: testingMatchers.AssertionReturn): MatcherResult {
  return { pass: r.pass, message: () => r.message };
}

const show = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (isAsymmetric(x) ? `<${String(x)}>` : x instanceof RegExp ? String(x) : x), 2);

type PropertiesMatcher = (received: string, type: ResourceTypeLike, props?: Json) => MatcherResult;

/** One of cdktf's property matchers, with our comparison and a plain type name allowed. */
function viaCdktf(getter: typeof testingMatchers.getToHaveDataSourceWithProperties): PropertiesMatcher {
  return (received, type, props = {}) => fromCdktf(getter(passEvaluation)(received, typeOf(type), props));
}

export const toHaveDataSourceWithProperties: PropertiesMatcher = viaCdktf(
  testingMatchers.getToHaveDataSourceWithProperties,
);
export const toHaveResourceWithProperties: PropertiesMatcher = viaCdktf(
  testingMatchers.getToHaveResourceWithProperties,
);
export const toHaveProviderWithProperties: PropertiesMatcher = viaCdktf(
  testingMatchers.getToHaveProviderWithProperties,
);

/** Exactly `count` provider blocks of the type (the checks declare the default `wechat` once). */
export function toHaveProviderCount(received: string, type: ResourceTypeLike, count: number): MatcherResult {
  const blocks = (parseStack(received).provider as Json | undefined)?.[typeOf(type).tfResourceType];
  const n = Array.isArray(blocks) ? blocks.length : blocks ? 1 : 0;
  return {
    pass: n === count,
    message: () => `Expected ${count} provider block(s) of ${typeOf(type).tfResourceType}, found ${n}`,
  };
}

export interface CheckAssertionLike {
  condition?: unknown;
  errorMessage?: unknown;
}

/** A `check` block (optionally the one named `checkName`) with an assert matching the partial one. */
export function toHaveCheckWithAssertion(
  received: string,
  assertion: CheckAssertionLike,
  checkName?: string,
): MatcherResult {
  const checks = (parseStack(received).check ?? {}) as Record<string, { assert?: Json[] }>;
  const expected: Json = {};
  if (assertion.condition !== undefined) expected.condition = assertion.condition;
  if (assertion.errorMessage !== undefined) expected.error_message = assertion.errorMessage;
  const candidates = Object.entries(checks).filter(([name]) => checkName === undefined || name === checkName);
  const pass = candidates.some(([, c]) => (c.assert ?? []).some((a) => partialMatch(expected, a)));
  return {
    pass,
    message: () =>
      `Expected ${pass ? "no " : ""}check block${checkName ? ` ${checkName}` : ""} with an assert matching ${show(expected)}.\nFound: ${show(checks)}`,
  };
}

/** A data source of the type with a postcondition matching the partial one. */
export function toHaveDataSourceWithPostcondition(
  received: string,
  type: ResourceTypeLike,
  postcondition: CheckAssertionLike,
): MatcherResult {
  const expected: Json = {};
  if (postcondition.condition !== undefined) expected.condition = postcondition.condition;
  if (postcondition.errorMessage !== undefined) expected.error_message = postcondition.errorMessage;
  const tfType = typeOf(type).tfResourceType;
  const items = ((parseStack(received).data as Json | undefined)?.[tfType] ?? {}) as Record<string, Json>;
  const pass = Object.values(items).some((item) =>
    ((item.lifecycle as Json | undefined)?.postcondition as Json[] | undefined)?.some((p) =>
      partialMatch(expected, p),
    ),
  );
  return {
    pass,
    message: () =>
      `Expected ${pass ? "no " : ""}data.${tfType} with a postcondition matching ${show(expected)}.\nFound: ${show(items)}`,
  };
}

export interface WechatCheckExpectation {
  /** The data source type without `wechat_`: nickname_check, nickname_audit, code_audit, latest_code_audit or audit_quota. */
  kind: string;
  /** The block's `severity` ("error" when unset, as the provider defaults it). */
  severity?: "error" | "warning";
  /** Partial attributes of the block, snake_case as synthesized, e.g. `{ nick_name: "Foo" }`. */
  attributes?: Json;
  /** The provider reference, e.g. `"wechat.wxa_..."` for an aliased configuration. */
  provider?: unknown;
}

/** A WeChat check of the kind: a `data.wechat_<kind>` block with the severity and attributes. */
export function toHaveWechatCheck(received: string, expectation: WechatCheckExpectation): MatcherResult {
  const type = `wechat_${expectation.kind}`;
  const blocks = ((parseStack(received).data as Json | undefined)?.[type] ?? {}) as Record<string, Json>;
  const pass = Object.values(blocks).some(
    (block) =>
      (expectation.severity === undefined || (block.severity ?? "error") === expectation.severity) &&
      partialMatch(expectation.attributes ?? {}, block) &&
      (expectation.provider === undefined || partialMatch(expectation.provider, block.provider)),
  );
  return {
    pass,
    message: () =>
      `Expected ${pass ? "no " : ""}WeChat check ${show(expectation)}.\ndata.${type}: ${show(blocks)}`,
  };
}

/** Nowhere in the synthesized JSON: for secrets. */
export function toNotContainText(received: string, ...texts: string[]): MatcherResult {
  const content = received.trimStart().startsWith("{") ? received : readFileSync(received, "utf8");
  const found = texts.filter((t) => t && content.includes(t));
  return {
    pass: found.length === 0,
    message: () =>
      found.length === 0
        ? "Expected the synthesized output to contain one of the texts"
        : `Expected the synthesized output not to contain ${found.length} of the given text(s) (values not shown)`,
  };
}

export function toBeValidTerraform(received: string): MatcherResult {
  return fromCdktf(testingMatchers.toBeValidTerraform(received));
}

/** All matchers, framework-free: each `(received, ...args) => { pass, message }`. */
export const wxaMatchers = {
  toHaveDataSourceWithProperties,
  toHaveResourceWithProperties,
  toHaveProviderWithProperties,
  toHaveProviderCount,
  toHaveCheckWithAssertion,
  toHaveDataSourceWithPostcondition,
  toHaveWechatCheck,
  toNotContainText,
  toBeValidTerraform,
};
