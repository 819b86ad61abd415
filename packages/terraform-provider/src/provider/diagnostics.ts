/**
 * Building diagnostics, and keeping secrets out of them: every diagnostic and every state value
 * the provider hands back goes through `scrub` against every secret it knows.
 */
import { scrubText } from "@wxa-audit/core";
import type { AttributePath, Diagnostic, TfObject, TfValue } from "./contract.js";

export function errorAt(attribute: string | AttributePath | undefined, summary: string, detail?: string) {
  return diagnostic("error", attribute, summary, detail);
}

export function diagnostic(
  severity: Diagnostic["severity"],
  attribute: string | AttributePath | undefined,
  summary: string,
  detail?: string,
): Diagnostic {
  return {
    severity,
    summary,
    ...(detail !== undefined && { detail }),
    ...(attribute !== undefined && { attribute: typeof attribute === "string" ? [attribute] : attribute }),
  };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

/** The value with every string in it scrubbed of the secrets. */
export function scrubValue(v: TfValue, secrets: Iterable<string>): TfValue {
  if (typeof v === "string") return scrubText(v, secrets);
  if (Array.isArray(v)) return v.map((x) => scrubValue(x, secrets));
  if (v !== null && typeof v === "object") return scrubObject(v, secrets);
  return v;
}

export function scrubObject(o: TfObject, secrets: Iterable<string>): TfObject {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, scrubValue(v, secrets)]));
}

export function scrubDiagnostic(d: Diagnostic, secrets: Iterable<string>): Diagnostic {
  return {
    ...d,
    summary: scrubText(d.summary, secrets),
    ...(d.detail !== undefined && { detail: scrubText(d.detail, secrets) }),
  };
}
