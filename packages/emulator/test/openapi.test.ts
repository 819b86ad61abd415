/** GET /__admin/openapi.json: a structurally valid OpenAPI 3.1 document covering both surfaces. */
import { ENDPOINT_LIST } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Hosted, host } from "./helpers.js";

type Json = Record<string, unknown>;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every `$ref` in the document, with where it was found. */
function refs(node: unknown, at = "#", out: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      refs(v, `${at}/${i}`, out);
    });
  } else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push([at, v]);
      else refs(v, `${at}/${k}`, out);
    }
  }
  return out;
}

function resolve(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>(
      (node, key) => (node && typeof node === "object" ? (node as Json)[key] : undefined),
      doc,
    );
}

describe("OpenAPI document", () => {
  let em: Hosted;
  let doc: Json;
  beforeAll(async () => {
    em = await host("listener");
    doc = await em.admin.openApi();
  });
  afterAll(() => em.close());

  it("has the required OpenAPI 3.1 fields", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const info = doc.info as Json;
    expect(typeof info.title).toBe("string");
    expect(typeof info.version).toBe("string");
    expect(typeof doc.paths).toBe("object");
  });

  it("describes every endpoint of the core table with its method, token and request schema", () => {
    const paths = doc.paths as Record<string, Json>;
    for (const def of ENDPOINT_LIST) {
      const op = paths[def.path]?.[def.method.toLowerCase()] as Json | undefined;
      expect(op, `${def.method} ${def.path}`).toBeDefined();
      expect(op!.operationId).toBe(def.name);
      const params = (op!.parameters ?? []) as Json[];
      if (def.auth !== "none") expect(params.some((p) => p.name === def.auth && p.in === "query")).toBe(true);
      if (def.input === "body") expect(op!.requestBody).toBeDefined();
    }
    const getAudit = (doc.components as { schemas: Record<string, Json> }).schemas.getAuditStatusRequest!;
    expect(JSON.stringify(getAudit)).toContain("auditid");
  });

  it("describes the admin API", () => {
    const paths = doc.paths as Record<string, Json>;
    for (const [p, m] of [
      ["/__admin/reset", "post"],
      ["/__admin/clock", "get"],
      ["/__admin/clock/advance", "post"],
      ["/__admin/audits/{auditid}/transition", "post"],
      ["/__admin/nickname-audits/{auditId}/transition", "post"],
      ["/__admin/journal", "get"],
      ["/__admin/snapshot", "put"],
      ["/__admin/faults", "post"],
      ["/__admin/tenants", "post"],
    ] as const) {
      expect(paths[p]?.[m], `${m} ${p}`).toBeDefined();
    }
  });

  it("every operation is well formed: responses, unique operationIds, declared path parameters", () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      expect(path.startsWith("/")).toBe(true);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS).toContain(method);
        const o = op as Json;
        expect(typeof o.operationId).toBe("string");
        expect(ids.has(o.operationId as string)).toBe(false);
        ids.add(o.operationId as string);
        expect(Object.keys(o.responses as Json).length).toBeGreaterThan(0);
        for (const [code, res] of Object.entries(o.responses as Record<string, Json>)) {
          expect(code).toMatch(/^([1-5][0-9X]{2}|default)$/);
          expect(typeof res.description).toBe("string");
        }
        const params = (o.parameters ?? []) as Json[];
        for (const p of params) {
          expect(["query", "path", "header", "cookie"]).toContain(p.in);
          if (p.in === "path") expect(p.required).toBe(true);
          expect(p.schema).toBeDefined();
        }
        for (const name of templated)
          expect(params.some((p) => p.in === "path" && p.name === name)).toBe(true);
      }
    }
  });

  it("every $ref resolves; every schema is a JSON Schema object", () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(20);
    for (const [at, ref] of all) expect(resolve(doc, ref), `${ref} at ${at}`).toBeDefined();
    for (const [name, s] of Object.entries((doc.components as { schemas: Record<string, Json> }).schemas)) {
      expect(typeof s, name).toBe("object");
      expect(s.$schema, name).toBeUndefined();
    }
  });
});
