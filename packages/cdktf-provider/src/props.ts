/**
 * Props as the constructs take them: a literal, validated at synth, or a Terraform token (a
 * `TerraformVariable`'s value, another block's attribute, an `Fn.*` expression), passed to the
 * synthesized configuration unchanged for the provider to validate during `plan`.
 *
 * Every synth error has ONE form, built only by `invalidProp`:
 *
 *     <construct path>: <prop> must be <requirement>, got <value>
 *
 * (`, got <value>` left out where the value may hold a secret). `<prop>` is the prop's name as the
 * user wrote it, with `.key` or `[index]` for a part of it.
 */
import { NumericId } from "@wxa-audit/core/tables";
import { Token } from "cdktf";
import type { Construct } from "constructs";

/** Throws the synth error of `prop` on `self` (the one form above). */
export function invalidProp(
  self: Construct,
  prop: string,
  requirement: string,
  got?: { readonly value: unknown },
): never {
  const shown = got === undefined ? "" : `, got ${describeValue(got.value)}`;
  throw new Error(`${self.node.path}: ${prop} must be ${requirement}${shown}`);
}

/**
 * Whether `value` is a Terraform token. Beyond cdktf's `Token.isUnresolved`: a string holding a
 * number token turned into text (`${v.numberValue}`, `String(n)`), which cdktf still resolves to
 * the reference when it synthesizes, so it is a token too, not the literal it looks like.
 */
export function isToken(value: unknown): boolean {
  if (Token.isUnresolved(value)) return true;
  return typeof value === "string" && stringifiedNumberTokens(value).length > 0;
}

/** A token in the place of a string prop, as a string token (a number token becomes its text). */
export function asStringToken(value: unknown): string {
  return typeof value === "string" ? value : Token.asString(value);
}

/** A token in the place of a number prop, as a number token. */
export function asNumberToken(value: unknown): number {
  if (typeof value === "number") return value;
  // The whole string is one number token made text: that token, not a new one around the text.
  if (typeof value === "string") {
    const [only] = stringifiedNumberTokens(value);
    if (only !== undefined && only.text === value.trim()) return only.token;
  }
  return Token.asNumber(value);
}

// Number tokens are NaN-boxed negative doubles of magnitude ~1e289-1e298; as text `-8.1...e+298`.
const NUMBER_TEXT = /-?\d+(?:\.\d+)?e[+-]?\d+/gi;

function stringifiedNumberTokens(text: string): { text: string; token: number }[] {
  return [...text.matchAll(NUMBER_TEXT)]
    .map((m) => ({ text: m[0], token: Number(m[0]) }))
    .filter((t) => Token.isUnresolved(t.token));
}

/** The most characters of a wrong value an error shows: a huge literal must not make a huge error. */
export const MAX_SHOWN_CHARS = 200;

/** A literal as an error message shows it, cut to MAX_SHOWN_CHARS with its length said. */
function describeValue(value: unknown): string {
  const text = valueText(value);
  return text.length <= MAX_SHOWN_CHARS
    ? text
    : `${text.slice(0, MAX_SHOWN_CHARS)}... (${text.length} characters)`;
}

/** A literal as JSON where it has a JSON form, else as String() gives it. */
function valueText(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Validators: each returns the value to synthesize (a literal as given, or a token) or throws.
// ---------------------------------------------------------------------------------------------

/** A string prop that must be one of `allowed` when literal. */
export function oneOf<T extends string>(
  self: Construct,
  prop: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (isToken(value)) return asStringToken(value) as T;
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    invalidProp(self, prop, `one of ${allowed.map((a) => `"${a}"`).join(", ")}`, { value });
  }
  return value as T;
}

/** An optional integer prop, at least `min` when literal. */
export function integerAtLeast(
  self: Construct,
  prop: string,
  value: unknown,
  min: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (isToken(value)) return asNumberToken(value);
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    invalidProp(self, prop, `an integer >= ${min}`, { value });
  }
  return value;
}

/** A string prop that must not be blank when literal. */
export function nonEmptyString(self: Construct, prop: string, value: unknown): string {
  if (isToken(value)) return asStringToken(value);
  if (typeof value !== "string" || value.trim() === "")
    invalidProp(self, prop, "a non-empty string", { value });
  return value;
}

/** An audit id as the data sources take it (a number); a literal must be core's `NumericId`. */
export function auditIdOf(self: Construct, value: unknown): number {
  if (isToken(value)) return asNumberToken(value);
  // Core's NumericId is the one definition of an id WeChat accepts.
  const parsed = NumericId.safeParse(typeof value === "string" ? value.trim() : value);
  if (!parsed.success) invalidProp(self, "auditId", "a positive integer", { value });
  return Number(parsed.data);
}

/** The base URL shows in plan output and state: a literal must be a URL with nothing secret. */
export function baseUrlOf(self: Construct, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (isToken(value)) return asStringToken(value);
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    invalidProp(self, "baseUrl", "a URL", { value });
  }
  if (url.username || url.password || url.search) {
    // The value is not shown: it may carry the very credentials refused here.
    invalidProp(self, "baseUrl", "a URL without credentials or query string (it is shown in plan output)");
  }
  return value as string;
}
