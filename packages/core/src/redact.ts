/**
 * Redaction at the source: URLs and bodies are redacted where they are built, so nothing
 * downstream (errors, logs, journals) ever holds a secret to leak. What a server sends back is
 * another matter: it may echo a token in any field, so every secret a client handles (the token
 * it was given, every token it fetched, every secret it sent) is kept in its SecretRegistry, and
 * everything the client, the `wxa` CLI and the Terraform provider return or print is scrubbed
 * against it.
 */
import { SECRET_FIELD_NAMES } from "./endpoints.js";

export const REDACTED = "***";

/**
 * Values shorter than this are never treated as secrets: replacing them would mangle ordinary
 * words, and no WeChat credential is that short.
 */
export const MIN_SECRET_LENGTH = 6;

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

/** `name=value` of a secret query parameter inside any text (a lower-level library's message). */
const SECRET_PARAM = /((?:access_token|component_access_token|secret)=)[^&\s"']+/g;

/**
 * Replace known secret values anywhere in a text (a lower-level library's error message, say).
 * Values shorter than MIN_SECRET_LENGTH are left alone.
 */
export function scrubText(text: string, secrets: Iterable<string | undefined>): string {
  const pattern = secrets instanceof SecretRegistry ? secrets.pattern() : patternOf(secrets);
  return (pattern ? text.replace(pattern, REDACTED) : text).replace(SECRET_PARAM, `$1${REDACTED}`);
}

/**
 * One pattern for every secret and the forms it takes in output: as is, JSON-escaped (a quote or
 * backslash in a token) and percent-encoded (in a URL). Longest first, so a secret that contains
 * another is replaced whole, not with a remnant of itself left around the shorter one's marker.
 */
function patternOf(secrets: Iterable<string | undefined>): RegExp | undefined {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
    forms.add(new URLSearchParams({ s }).toString().slice(2));
  }
  if (forms.size === 0) return undefined;
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
}

/** Nesting past this is cut (and marked) by scrubDeep: recursion stays far from the stack's end. */
const MAX_SCRUB_DEPTH = 100;

/**
 * Every secret one client knows, registered where it is handled (configured, sent, fetched, read
 * from a token store) and consulted wherever anything is printed or returned. A registry may be
 * shared: the Terraform provider hands its own to the client it makes, and scrubs its
 * diagnostics and state against it.
 *
 * Bounded: past `maxSize` secrets the one seen least recently is forgotten (a server answering
 * every token request with a fresh token cannot grow it without end; secrets in use are seen
 * again at every call and stay).
 */
export class SecretRegistry implements Iterable<string> {
  readonly #values = new Set<string>();
  readonly #maxSize: number;
  #pattern: RegExp | undefined | null = null;

  constructor(values: Iterable<string | null | undefined> = [], opts: { maxSize?: number } = {}) {
    this.#maxSize = opts.maxSize ?? 1000;
    for (const v of values) this.add(v);
  }

  /** Registers secret values; anything not a string of at least MIN_SECRET_LENGTH is ignored. */
  add(...values: unknown[]): void {
    for (const v of values) {
      if (typeof v !== "string" || v.length < MIN_SECRET_LENGTH) continue;
      // Stryker disable next-line BlockStatement: without the early continue the value is re-added the same way (only the pattern is rebuilt)
      if (this.#values.delete(v)) {
        this.#values.add(v); // seen again: most recent now; the pattern is unchanged
        continue;
      }
      this.#values.add(v);
      if (this.#values.size > this.#maxSize) this.#values.delete(this.#values.values().next().value!);
      this.#pattern = null;
    }
  }

  has(value: string): boolean {
    return this.#values.has(value);
  }

  get size(): number {
    return this.#values.size;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.#values[Symbol.iterator]();
  }

  /** The compiled pattern of the current secrets (rebuilt only when they change). */
  pattern(): RegExp | undefined {
    // Stryker disable next-line ConditionalExpression: a cache; rebuilding the pattern every time gives the same pattern
    if (this.#pattern === null) this.#pattern = patternOf(this.#values);
    return this.#pattern;
  }

  /** The text with every secret replaced by REDACTED. */
  scrub(text: string): string {
    return scrubText(text, this);
  }

  /**
   * A copy of JSON-like data with every string, and every key, scrubbed. Keys `keep` names at
   * the top level are copied as they are (a token endpoint's own token is its answer).
   * Objects are built with own properties only: a `__proto__` key stays a key.
   */
  // Stryker disable next-line ArrayDeclaration: a default keep list naming a key no answer has is the same as none
  scrubDeep<T>(value: T, keep: readonly string[] = []): T {
    return this.#deep(value, 0, keep) as T;
  }

  #deep(v: unknown, depth: number, keep: readonly string[]): unknown {
    if (typeof v === "string") return this.scrub(v);
    if (v === null || typeof v !== "object") return v;
    if (depth >= MAX_SCRUB_DEPTH) return REDACTED;
    // Stryker disable next-line ArrayDeclaration: keep applies at depth 0 only; a list passed deeper is never read
    if (Array.isArray(v)) return v.map((x) => this.#deep(x, depth + 1, []));
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) =>
        // Stryker disable next-line ArrayDeclaration,ConditionalExpression: keep applies at depth 0 only; deeper it is always [], so neither the list passed nor the depth test changes anything
        depth === 0 && keep.includes(k) ? [k, x] : [this.scrub(k), this.#deep(x, depth + 1, [])],
      ),
    );
  }

  /**
   * Scrubs an error in place, so every rendering of it (message, stack, JSON, inspect) is clean:
   * its message, stack, every own string property (errmsg, causeSummary, lastError, ...) and
   * a WechatApiError's `fields` (what the answer said besides errcode and errmsg), copied scrubbed.
   * A property that cannot be written (a frozen error) is left; the error is returned.
   */
  scrubError<E>(error: E): E {
    if (!(error instanceof Error)) return (typeof error === "string" ? this.scrub(error) : error) as E;
    const target = error as unknown as Record<string, unknown>;
    for (const key of new Set(["message", "stack", ...Object.keys(error)])) {
      const v = target[key];
      // An answer's own fields (a WechatApiError's `fields`): replaced by a scrubbed copy.
      const fields = key === "fields" && v !== null && typeof v === "object";
      if (typeof v !== "string" && !fields) continue;
      const clean = typeof v === "string" ? this.scrub(v) : this.scrubDeep(v);
      // Stryker disable next-line ConditionalExpression: writing back an unchanged value is the same as skipping it
      if (clean === v) continue;
      try {
        target[key] = clean;
      } catch {
        // Frozen or getter-only (a DOMException's message): nothing we can do to it.
      }
    }
    return error;
  }
}
