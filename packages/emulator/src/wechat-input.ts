/**
 * The WeChat-surface pieces the pipeline (emulator.ts) composes: routing by path, reading the
 * body and query into fields (44002/47001 decided here, `null` read as absent), body faults, and
 * what the journal may keep of a request or answer.
 */
import { ENDPOINT_LIST, type EndpointDef, redactFields, SECRET_FIELD_NAMES } from "@wxa-audit/core/tables";
import type { Outcome, Reply } from "./answers.js";
import type { FaultRule } from "./faults.js";
import { jsonTextTooDeep, tooDeepText } from "./json-limits.js";
import type { Limits } from "./limits.js";

const ROUTES: ReadonlyMap<string, EndpointDef> = new Map(ENDPOINT_LIST.map((d) => [d.path, d]));

export function routeOf(url: string): EndpointDef | undefined {
  const q = url.indexOf("?");
  return ROUTES.get(q < 0 ? url : url.slice(0, q));
}

/** `1 MiB`, `64 KiB`, `1000 bytes`: a byte limit as a person reads it. */
export function bytesText(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** A body over limits.wechatBodyBytes: WeChat's "data format error", saying which limit. */
export const tooLarge = (limits: Limits): Outcome => ({
  errcode: 47001,
  detail: `body larger than ${bytesText(limits.wechatBodyBytes)} (limits.wechatBodyBytes)`,
});

/** A body nested past limits.jsonDepth: "data format error" too. */
export const tooDeep = (limits: Limits): Outcome => ({
  errcode: 47001,
  detail: `body ${tooDeepText(limits.jsonDepth)}`,
});

export function parseBody(
  body: Buffer | undefined,
  limits: Limits,
): {
  fields?: Record<string, unknown>;
  inputError?: Outcome;
} {
  if (!body || body.length === 0) return { inputError: { errcode: 44002 } };
  // Before parsing: a body nested past the limit is never built (nor later turned back into JSON).
  if (jsonTextTooDeep(body, limits.jsonDepth)) return { inputError: tooDeep(limits) };
  const text = body.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      inputError: text.trim() === "" ? { errcode: 44002 } : { errcode: 47001, detail: "body is not JSON" },
    };
  }
  if (json === null) return { inputError: { errcode: 44002 } };
  if (typeof json !== "object" || Array.isArray(json)) {
    return { inputError: { errcode: 47001, detail: "body is not a JSON object" } };
  }
  return { fields: json as Record<string, unknown> };
}

/**
 * The fields as the request schema reads them: a field sent as JSON `null` is absent, at the top
 * level and in the objects of a top-level list (submit_audit's `item_list` entries, which are
 * typed). WeChat accepts `"license": null` and the like, which several SDKs send for unset
 * optional fields (wechat-fidelity.md, "Doc samples"); a required field sent as `null` is then
 * missing, still 47001. The same object when nothing is `null` (no copy on the hot path); `nulls`
 * names the top-level keys read as absent, so a 47001 about one can say it was sent as null.
 */
export function withoutNulls<F extends Record<string, unknown> | undefined>(
  fields: F,
): { fields: F; nulls?: ReadonlySet<string> } {
  if (fields === undefined) return { fields };
  let nulls: Set<string> | undefined;
  let lists: Map<string, unknown[]> | undefined;
  for (const k in fields) {
    const v = fields[k];
    if (v === null) {
      nulls ??= new Set();
      nulls.add(k);
    } else if (Array.isArray(v) && v.some(hasNullField)) {
      lists ??= new Map();
      lists.set(k, v.map(entryWithoutNulls));
    }
  }
  if (!nulls && !lists) return { fields };
  const out: Record<string, unknown> = {};
  for (const k in fields) {
    // defineProperty: a `__proto__` key stays a key, as JSON.parse made it.
    if (!nulls?.has(k)) define(out, k, lists?.get(k) ?? fields[k]);
  }
  return { fields: out as F, ...(nulls && { nulls }) };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const hasNullField = (v: unknown) => isObject(v) && Object.values(v).includes(null);
const define = (o: Record<string, unknown>, k: string, value: unknown) =>
  Object.defineProperty(o, k, { value, enumerable: true, writable: true });

function entryWithoutNulls(v: unknown): unknown {
  if (!hasNullField(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== null) define(out, k, x);
  return out;
}

/** A 47001 for a request its endpoint's schema refused: the first issue's field path and message. */
export function schemaRefusal(
  issue: { path: readonly PropertyKey[]; message: string } | undefined,
  nulls: ReadonlySet<string> | undefined,
): Outcome {
  const path = issue?.path.map(String).join(".") || "body";
  const key = issue?.path[0];
  const sentNull = issue?.path.length === 1 && typeof key === "string" && nulls?.has(key);
  return { errcode: 47001, detail: `${path}: ${sentNull ? "required, sent as null" : issue?.message}` };
}

export function queryFields(query: URLSearchParams, def: EndpointDef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of query) if (k !== def.auth && !(k in out)) out[k] = v;
  return out;
}

export function applyBodyFault(answer: Reply, rule: FaultRule): Reply {
  let body = answer.body;
  if (rule.body === "truncated") body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
  if (rule.body === "malformed") body = `${body.slice(0, -1)},"errcode":}`;
  if (rule.body === "empty") body = "";
  return {
    ...answer,
    body,
    ...(rule.contentType && { contentType: rule.contentType }),
    ...(rule.latencyMs !== undefined && { delayMs: rule.latencyMs }),
  };
}

/**
 * The object as the journal may keep it: itself when it holds no secret field (neither is mutated
 * after the answer, so no copy is needed on the hot path), else a redacted copy.
 */
export function redacted(o: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (o === undefined) return undefined;
  for (const k in o) if (SECRET_FIELD_NAMES.has(k)) return redactFields(o);
  return o;
}
