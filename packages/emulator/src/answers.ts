/**
 * Answer values: what a WeChat-surface handler returns, independent of any HTTP library. The
 * listener (node:http) and the Express mount both write them with `writeAnswer` (wire.ts).
 */
import { ERRCODES } from "@wxa-audit/core/tables";
import type { Prng } from "./random.js";

export const JSON_CONTENT_TYPE = "application/json; encoding=utf-8";

/**
 * The emulator's own response header (WeChat sends none such) carrying what was wrong with a
 * request answered 47001: a field path or a limit, never a value. WeChat's errmsg says only
 * `data format error`; the same text is in the request's journal entry (`detail`).
 */
export const DETAIL_HEADER = "x-wxa-emulator-detail";

export interface Reply {
  readonly kind: "reply";
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Added latency (a fault), ms. */
  readonly delayMs?: number;
  /** What was wrong with the request (sent as DETAIL_HEADER), for a 47001. */
  readonly detail?: string;
}

export interface Drop {
  readonly kind: "drop";
  readonly delayMs?: number;
}

export type Answer = Reply | Drop;

/**
 * What a handler decides: a success body, or an errcode (with zero-valued fields, say). `C` is the
 * errcodes it may answer: a handler's type limits them to its endpoint's row (handlers/context.ts).
 */
export type Outcome<C extends number = number> =
  | {
      readonly ok: Record<string, unknown>;
      /** WeChat answers with these fields alone, no errcode nor errmsg (the token endpoints). */
      readonly bare?: true;
    }
  | {
      readonly errcode: C;
      /** WeChat's errmsg for this answer, where it names facts of the request (40164: the caller's IP). */
      readonly errmsg?: string;
      readonly extra?: Record<string, unknown>;
      /**
       * What was wrong with the request (a field path or a limit, never a value): kept out of
       * errmsg (WeChat's is `data format error rid: ...`), sent as DETAIL_HEADER and journaled.
       */
      readonly detail?: string;
    };

export const ok = (fields: Record<string, unknown> = {}): Outcome<never> => ({ ok: fields });
/** A success answer of the token endpoints: only the documented fields (D10-D13). */
export const okBare = (fields: Record<string, unknown>): Outcome<never> => ({ ok: fields, bare: true });
export const fail = <const C extends number>(errcode: C, extra?: Record<string, unknown>): Outcome<C> =>
  extra ? { errcode, extra } : { errcode };

/**
 * WeChat's errmsg for an errcode. Where the catalogue has no errmsg (no source gives WeChat's own
 * wording) the emulator answers with the catalogue's English meaning rather than invent one.
 */
export function errmsgOf(errcode: number): string {
  const entry = ERRCODES.get(errcode);
  if (!entry) return "system error";
  return entry.errmsg || entry.en;
}

/**
 * The JSON object of an outcome; errors get ` rid: ...` from the PRNG (or the separator the
 * catalogue gives for that errcode: `, rid: ` for 40125), and nothing else.
 */
export function outcomeBody(outcome: Outcome, prng: Prng): Record<string, unknown> {
  if ("ok" in outcome) return outcome.bare ? { ...outcome.ok } : { errcode: 0, errmsg: "ok", ...outcome.ok };
  const text = outcome.errmsg ?? errmsgOf(outcome.errcode);
  const separator = ERRCODES.get(outcome.errcode)?.ridSeparator ?? " rid: ";
  return {
    errcode: outcome.errcode,
    errmsg: `${text}${separator}${prng.rid()}`,
    ...outcome.extra,
  };
}

/** An outcome's detail, if it has one. */
export const detailOf = (outcome: Outcome): string | undefined =>
  "detail" in outcome ? outcome.detail : undefined;

export function reply(
  body: Record<string, unknown> | string,
  status = 200,
  contentType = JSON_CONTENT_TYPE,
  detail?: string,
): Reply {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { kind: "reply", status, contentType, body: text, ...(detail !== undefined && { detail }) };
}
