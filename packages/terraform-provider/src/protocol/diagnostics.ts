/**
 * Contract diagnostics -> tfplugin6.Diagnostic. An attribute path starts with an attribute
 * name; after it, numbers are list/set indices (element_key_int) and strings are map keys
 * (element_key_string): the contract's types have no nested objects, so a later string is
 * never an attribute name.
 */
import { create } from "@bufbuild/protobuf";
import type { AttributePath, Diagnostic } from "../provider/contract.js";
import {
  AttributePathSchema,
  Diagnostic_Severity,
  DiagnosticSchema,
  type AttributePath as ProtoAttributePath,
  type Diagnostic as ProtoDiagnostic,
} from "./generated/tfplugin6/tfplugin6_pb.js";

export function toProtoPath(path: AttributePath): ProtoAttributePath {
  return create(AttributePathSchema, {
    steps: path.map((step, i) =>
      i === 0
        ? { selector: { case: "attributeName" as const, value: String(step) } }
        : typeof step === "number"
          ? { selector: { case: "elementKeyInt" as const, value: BigInt(step) } }
          : { selector: { case: "elementKeyString" as const, value: step } },
    ),
  });
}

export function toProtoDiagnostic(d: Diagnostic): ProtoDiagnostic {
  return create(DiagnosticSchema, {
    severity: d.severity === "error" ? Diagnostic_Severity.ERROR : Diagnostic_Severity.WARNING,
    summary: d.summary,
    detail: d.detail ?? "",
    ...(d.attribute && d.attribute.length > 0 ? { attribute: toProtoPath(d.attribute) } : {}),
  });
}

export function toProtoDiagnostics(ds: readonly Diagnostic[]): ProtoDiagnostic[] {
  return ds.map(toProtoDiagnostic);
}

/** One error diagnostic, for failures of the wire itself (bad DynamicValue, logic threw). */
export function errorDiagnostic(summary: string, detail: string, attribute?: AttributePath): ProtoDiagnostic {
  return toProtoDiagnostic({ severity: "error", summary, detail, ...(attribute ? { attribute } : {}) });
}
