import { describe, expect, it } from "vitest";
import { errorDiagnostic, toProtoDiagnostic, toProtoPath } from "../../src/protocol/diagnostics.js";
import { Diagnostic_Severity, StringKind } from "../../src/protocol/generated/tfplugin6/tfplugin6_pb.js";
import { toProtoSchema, typeJson } from "../../src/protocol/schema.js";
import { ECHO } from "./fake-logic.js";

const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

describe("schema to tfplugin6", () => {
  it("sends cty JSON type notation as bytes, quotes included", () => {
    expect(text(typeJson("string"))).toBe('"string"');
    expect(text(typeJson(["list", "string"]))).toBe('["list","string"]');
    expect(text(typeJson(["map", ["set", "number"]]))).toBe('["map",["set","number"]]');
  });

  it("carries flags, Markdown descriptions and the version", () => {
    const schema = toProtoSchema(ECHO);
    expect(schema.version).toBe(1n);
    expect(schema.block?.descriptionKind).toBe(StringKind.MARKDOWN);
    expect(schema.block?.description).toBe("Echoes its input.");
    const [name, count, , tags, , greeting] = schema.block?.attributes ?? [];
    expect(name).toMatchObject({ name: "name", required: true, optional: false, computed: false });
    expect(count).toMatchObject({ optional: true, descriptionKind: StringKind.MARKDOWN });
    expect(text(tags!.type)).toBe('["list","string"]');
    expect(greeting).toMatchObject({ computed: true, required: false, sensitive: false });
  });
});

describe("diagnostics to tfplugin6", () => {
  it("maps the first step to attribute_name, then ints and map keys", () => {
    expect(toProtoPath(["tags", 2]).steps.map((s) => s.selector)).toEqual([
      { case: "attributeName", value: "tags" },
      { case: "elementKeyInt", value: 2n },
    ]);
    expect(toProtoPath(["labels", "env"]).steps.map((s) => s.selector)).toEqual([
      { case: "attributeName", value: "labels" },
      { case: "elementKeyString", value: "env" },
    ]);
  });

  it("keeps severity, summary and detail; no path means no attribute", () => {
    const w = toProtoDiagnostic({ severity: "warning", summary: "s", detail: "d", attribute: ["name"] });
    expect(w).toMatchObject({ severity: Diagnostic_Severity.WARNING, summary: "s", detail: "d" });
    expect(w.attribute?.steps).toHaveLength(1);
    const e = errorDiagnostic("boom", "");
    expect(e.severity).toBe(Diagnostic_Severity.ERROR);
    expect(e.attribute).toBeUndefined();
  });
});
