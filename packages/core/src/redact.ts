/**
 * Redaction at the source: URLs and bodies are redacted where they are built, so nothing
 * downstream (errors, logs, journals) ever holds a secret to leak.
 */
import { SECRET_FIELD_NAMES } from "./endpoints.js";

export const REDACTED = "***";

/** The URL with the value of every secret query parameter (access_token, secret, ...) replaced. */
export function redactUrl(url: string | URL): string {
  const u = new URL(String(url));
  for (const key of [...u.searchParams.keys()]) {
    if (SECRET_FIELD_NAMES.has(key)) u.searchParams.set(key, REDACTED);
  }
  // URLSearchParams percent-encodes "*"; keep the marker readable.
  return u.toString().replaceAll("%2A%2A%2A", REDACTED);
}

/** A shallow copy of a JSON object with every secret field's value replaced. */
export function redactFields<T>(value: T): T {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_FIELD_NAMES.has(k) && v !== undefined && v !== "" ? REDACTED : v;
  }
  return out as T;
}

/**
 * Replace known secret values anywhere in a text (a lower-level library's error message, say).
 * Values shorter than 6 characters are left alone: replacing them would mangle ordinary words.
 */
export function scrubText(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 6) out = out.split(s).join(REDACTED);
  }
  return out.replace(/((?:access_token|component_access_token|secret)=)[^&\s"']+/g, `$1${REDACTED}`);
}
