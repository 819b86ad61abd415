/**
 * Contract diagnostics -> tfplugin6.Diagnostic, as plain objects (no protobuf-es at run time:
 * wire-codec.ts encodes them; provider-rpcs.ts). An attribute path starts with an attribute
 * name; after it, numbers are list/set indices (element_key_int) and strings are map keys
 * (element_key_string): the contract's types have no nested objects, so a later string is
 * never an attribute name.
 */
import type { AttributePath, Diagnostic } from "../provider/contract.js";
import type { Diagnostic_Severity } from "./generated/tfplugin6/tfplugin6_pb.js";

export type PathStep =
  | { readonly case: "attributeName"; readonly value: string }
  | { readonly case: "elementKeyString"; readonly value: string }
  | { readonly case: "elementKeyInt"; readonly value: bigint };

/** tfplugin6.AttributePath's shape (a valid protobuf-es init shape of it). */
export interface ProtoAttributePath {
  readonly steps: { readonly selector: PathStep }[];
}

/** tfplugin6.Diagnostic's shape (a valid protobuf-es init shape of it). */
export interface ProtoDiagnostic {
  readonly severity: Diagnostic_Severity;
  readonly summary: string;
  readonly detail: string;
  readonly attribute?: ProtoAttributePath;
}

// The enum's values, without loading the generated module (its descriptors) at run time.
const ERROR = 1 as Diagnostic_Severity.ERROR;
const WARNING = 2 as Diagnostic_Severity.WARNING;

export function toProtoPath(path: AttributePath): ProtoAttributePath {
  return {
    steps: path.map((step, i) => ({
      selector:
        i === 0
          ? { case: "attributeName" as const, value: String(step) }
          : typeof step === "number"
            ? { case: "elementKeyInt" as const, value: BigInt(step) }
            : { case: "elementKeyString" as const, value: step },
    })),
  };
}

export function toProtoDiagnostic(d: Diagnostic): ProtoDiagnostic {
  return {
    severity: d.severity === "error" ? ERROR : WARNING,
    summary: d.summary,
    detail: d.detail ?? "",
    ...(d.attribute && d.attribute.length > 0 ? { attribute: toProtoPath(d.attribute) } : {}),
  };
}

export function toProtoDiagnostics(ds: readonly Diagnostic[]): ProtoDiagnostic[] {
  return ds.map(toProtoDiagnostic);
}

/** One error diagnostic, for failures of the wire itself (bad DynamicValue, logic threw). */
export function errorDiagnostic(summary: string, detail: string, attribute?: AttributePath): ProtoDiagnostic {
  return toProtoDiagnostic({ severity: "error", summary, detail, ...(attribute ? { attribute } : {}) });
}
