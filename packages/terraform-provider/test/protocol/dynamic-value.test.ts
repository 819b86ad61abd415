import { readFileSync } from "node:fs";
import { ExtData, encode as msgpackEncode, decode as rawDecode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { DynamicValueError, decodeObject, encodeObject } from "../../src/protocol/dynamic-value.js";
import { type BlockSchema, UNKNOWN } from "../../src/provider/contract.js";
import { ECHO } from "./fake-logic.js";

const EMPTY = new Uint8Array();
const mp = (hex: string) => ({ msgpack: Buffer.from(hex.replace(/\s+/g, ""), "hex"), json: EMPTY });
const json = (text: string) => ({ msgpack: EMPTY, json: Buffer.from(text) });

// The attributes of the real wechat_code_audit that the recordings exercise; the decoder must
// ignore every other key the engine sends.
const CODE_AUDIT: BlockSchema = {
  version: 0,
  description: "",
  attributes: [
    { name: "audit_id", type: "number", description: "", required: true },
    { name: "allowed_statuses", type: ["list", "string"], description: "", optional: true },
    { name: "time_budget_ms", type: "number", description: "", optional: true },
    { name: "message", type: "string", description: "", computed: true },
  ],
};

interface Recording {
  engine: string;
  config: string;
  msgpack: string;
}
const recordings: Recording[] = JSON.parse(
  readFileSync(new URL("./fixtures/engine-messages.json", import.meta.url), "utf8"),
).recordings;
const recorded = (engine: string, config: string) => {
  const r = recordings.find((x) => x.engine === engine && x.config === config);
  if (!r) throw new Error(`no recording ${engine} ${config}`);
  return mp(r.msgpack);
};
const ENGINES = ["Terraform 1.5.7", "Terraform 1.11.4", "OpenTofu 1.12.6"];

describe("decoding what the engines sent (recorded)", () => {
  it.each(ENGINES)("%s: a big integer arrives as a decimal string", (engine) => {
    const config = decodeObject(recorded(engine, "data.wechat_code_audit.big"), CODE_AUDIT);
    expect(config).toEqual({
      audit_id: Number("12345678901234567890"), // the nearest float64: TfValue numbers are JS numbers
      allowed_statuses: null,
      time_budget_ms: null,
      message: null,
    });
  });

  it.each(ENGINES)("%s: a fraction is a float64, a list of strings an array", (engine) => {
    const config = decodeObject(recorded(engine, "data.wechat_code_audit.frac"), CODE_AUDIT);
    expect(config.audit_id).toBe(1.5);
    expect(config.allowed_statuses).toEqual(["approved", "delayed"]);
  });

  it.each(ENGINES)("%s: unknowns, plain (ext 0) or refined (ext 12), are UNKNOWN", (engine) => {
    const config = decodeObject(recorded(engine, "data.wechat_code_audit.unknown"), CODE_AUDIT);
    expect(config.audit_id).toBe(UNKNOWN);
    expect(config.allowed_statuses).toEqual(["approved", UNKNOWN]);
  });

  it("the engines differ in how they write an unknown number: 1.5.7 ext 0, newer ext 12", () => {
    const auditId = (engine: string) =>
      (rawDecode(recorded(engine, "data.wechat_code_audit.unknown").msgpack) as Record<string, unknown>)
        .audit_id;
    expect(auditId("Terraform 1.5.7")).toMatchObject({ type: 0 });
    expect(auditId("Terraform 1.11.4")).toMatchObject({ type: 12 });
    expect(auditId("OpenTofu 1.12.6")).toMatchObject({ type: 12 });
  });

  it.each(ENGINES)("%s: a provider block with nothing set is all nulls", (engine) => {
    const block: BlockSchema = {
      version: 0,
      description: "",
      attributes: [
        { name: "access_token", type: "string", description: "", optional: true },
        { name: "time_budget_ms", type: "number", description: "", optional: true },
      ],
    };
    expect(decodeObject(recorded(engine, "provider.wechat"), block)).toEqual({
      access_token: null,
      time_budget_ms: 5000,
    });
  });
});

describe("decoding, synthetic", () => {
  it("fills absent attributes with null", () => {
    // {"name": "x"}
    expect(decodeObject(mp("81 a4 6e616d65 a1 78"), ECHO)).toEqual({
      name: "x",
      count: null,
      enabled: null,
      tags: null,
      labels: null,
      greeting: null,
      sizes: null,
    });
  });

  it("decodes ints, negative ints, uint64 and float64", () => {
    const block: BlockSchema = {
      version: 0,
      description: "",
      attributes: [{ name: "n", type: ["list", "number"], description: "" }],
    };
    // {"n": [7, -1, 2^63 (uint64), 0.25]}
    const v = decodeObject(mp("81 a1 6e 94 07 ff cf 8000000000000000 cb 3fd0000000000000"), block);
    expect(v.n).toEqual([7, -1, 2 ** 63, 0.25]);
  });

  it("decodes maps, bools and a whole-unknown or null object", () => {
    // {"labels": {"a": "b"}, "enabled": true}
    const v = decodeObject(mp("82 a6 6c6162656c73 81 a1 61 a1 62 a7 656e61626c6564 c3"), ECHO);
    expect(v.labels).toEqual({ a: "b" });
    expect(v.enabled).toBe(true);
    expect(decodeObject(mp("d4 00 00"), ECHO).name).toBe(UNKNOWN);
    expect(decodeObject(mp("c0"), ECHO).name).toBeNull();
    expect(decodeObject(undefined, ECHO).name).toBeNull();
  });

  it("falls back to DynamicValue.json when msgpack is empty", () => {
    const v = decodeObject(json('{"name":"j","count":3,"tags":["a"]}'), ECHO);
    expect(v).toMatchObject({ name: "j", count: 3, tags: ["a"], enabled: null });
  });

  it("rejects a value of the wrong type with its path, without quoting the value", () => {
    // {"tags": ["ok", 5]}
    const bad = mp("81 a4 74616773 92 a2 6f6b 05");
    expect(() => decodeObject(bad, ECHO)).toThrow(DynamicValueError);
    try {
      decodeObject(bad, ECHO);
    } catch (error) {
      expect((error as DynamicValueError).path).toEqual(["tags", 1]);
      expect((error as Error).message).toBe("expected string");
    }
    // {"count": "secret"}
    expect(() => decodeObject(mp("81 a5 636f756e74 a6 736563726574"), ECHO)).toThrow(/^expected number$/);
    expect(() => decodeObject(mp("c1"), ECHO)).toThrow(/malformed msgpack/);
    expect(() => decodeObject(mp("93 01 02 03"), ECHO)).toThrow(/expected an object/);
  });
});

describe("encoding state", () => {
  it("writes every attribute in schema order, ints as ints, others as float64", () => {
    const bytes = encodeObject({ name: "x", count: 3, sizes: [1, 2.5], tags: ["t"] }, ECHO);
    expect(Buffer.from(bytes).toString("hex")).toBe(
      [
        "87", // map of 7
        "a46e616d65 a178", // name: "x"
        "a5636f756e74 03", // count: 3 (positive fixint)
        "a7656e61626c6564 c0", // enabled: nil
        "a474616773 91a174", // tags: ["t"]
        "a66c6162656c73 c0", // labels: nil
        "a86772656574696e67 c0", // greeting: nil
        "a573697a6573 92 01 cb4004000000000000", // sizes: [1, 2.5]
      ]
        .join("")
        .replace(/\s+/g, ""),
    );
  });

  it("writes UNKNOWN as cty's fixext1 type 0 and round-trips through the decoder", () => {
    const bytes = encodeObject({ name: UNKNOWN }, ECHO);
    expect(Buffer.from(bytes).toString("hex")).toContain("a46e616d65d40000");
    expect(decodeObject({ msgpack: bytes, json: EMPTY }, ECHO).name).toBe(UNKNOWN);
  });

  it("writes big and negative numbers as float64 / negative ints", () => {
    const block: BlockSchema = {
      version: 0,
      description: "",
      attributes: [{ name: "n", type: "number", description: "" }],
    };
    expect(Buffer.from(encodeObject({ n: 1e20 }, block)).toString("hex")).toBe("81a16ecb4415af1d78b58c40");
    expect(Buffer.from(encodeObject({ n: -2 }, block)).toString("hex")).toBe("81a16efe");
  });

  it("refuses a state that does not match the schema (a provider bug)", () => {
    expect(() => encodeObject({ name: 5 }, ECHO)).toThrow(DynamicValueError);
    expect(() => encodeObject({ sizes: ["a"] }, ECHO)).toThrow(/state value is not number/);
    expect(() => encodeObject({ count: Number.NaN }, ECHO)).toThrow(DynamicValueError);
  });
});

/** Built with the msgpack library itself (not hand-written hex), for the cases above don't reach. */
describe("decoding, edges", () => {
  const enc = (value: unknown) => ({ msgpack: msgpackEncode(value), json: EMPTY });
  const pathOf = (fn: () => unknown): readonly (string | number)[] | undefined => {
    try {
      fn();
    } catch (error) {
      if (error instanceof DynamicValueError) return error.path;
      throw error;
    }
    return undefined;
  };

  it("reads cty's decimal strings as numbers, refuses any other string", () => {
    for (const [text, n] of [
      ["12", 12],
      ["-3", -3],
      ["1.5", 1.5],
      ["2.", 2],
      [".25", 0.25],
      ["1e3", 1000],
      ["1e10", 1e10],
      ["-1.5E-2", -0.015],
      [" 7 ", 7],
      ["123456789012345678901234567890", Number("123456789012345678901234567890")],
    ] as const)
      expect(decodeObject(enc({ name: "x", count: text }), ECHO).count).toBe(n);
    for (const text of ["", "abc", "1.2.3", "e5", "1e", "0x10", "1 2", "12abc", "abc12"])
      expect(() => decodeObject(enc({ name: "x", count: text }), ECHO)).toThrow(/^expected number$/);
  });

  it("names the type it expected, with the path into lists and maps", () => {
    expect(() => decodeObject(enc({ enabled: "yes" }), ECHO)).toThrow(/^expected bool$/);
    expect(() => decodeObject(enc({ labels: ["a"] }), ECHO)).toThrow(/^expected map\(string\)$/);
    expect(() => decodeObject(enc({ tags: { a: "b" } }), ECHO)).toThrow(/^expected list\(string\)$/);
    expect(() => decodeObject(enc({ name: 5 }), ECHO)).toThrow(/^expected string$/);
    expect(pathOf(() => decodeObject(enc({ labels: { a: "b", c: 1 } }), ECHO))).toEqual(["labels", "c"]);
    expect(pathOf(() => decodeObject(enc({ sizes: [1, "x"] }), ECHO))).toEqual(["sizes", 1]);
    // Binary is not a map.
    expect(() => decodeObject(enc({ labels: new Uint8Array([1]) }), ECHO)).toThrow(/^expected map/);
    expect(() => decodeObject(enc(new Uint8Array([1])), ECHO)).toThrow(/^expected an object$/);
    expect(() => decodeObject(enc("text"), ECHO)).toThrow(/^expected an object$/);
  });

  it("null and unknown inside lists and maps stay null and unknown", () => {
    // {"tags": ["a", nil, unknown]}
    const v = decodeObject(mp("81 a474616773 93 a161 c0 d40000"), ECHO);
    expect(v.tags).toEqual(["a", null, UNKNOWN]);
    expect(decodeObject(enc({ labels: { a: null } }), ECHO).labels).toEqual({ a: null });
  });

  it("refuses an extension type cty never writes, at its path", () => {
    const ext = new ExtData(5, new Uint8Array([1]));
    expect(() => decodeObject(enc({ name: ext }), ECHO)).toThrow(/^unsupported msgpack extension 5$/);
    expect(pathOf(() => decodeObject(enc({ tags: ["a", ext] }), ECHO))).toEqual(["tags", 1]);
    expect(() => decodeObject(enc(ext), ECHO)).toThrow(/^expected an object$/);
  });

  it("reads a refined unknown (extension 12) as unknown, whatever it carries", () => {
    const refined = new ExtData(12, new Uint8Array([0x81, 0x01, 0xc2]));
    expect(decodeObject(enc({ name: refined }), ECHO).name).toBe(UNKNOWN);
  });

  it("a whole-value error is a DynamicValueError with an empty path", () => {
    for (const bad of [mp("c1"), mp("93 01 02 03"), json("{")]) {
      let caught: unknown;
      try {
        decodeObject(bad, ECHO);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DynamicValueError);
      expect((caught as DynamicValueError).name).toBe("DynamicValueError");
      expect((caught as DynamicValueError).path).toEqual([]);
    }
  });

  it("malformed JSON is refused without quoting it", () => {
    expect(() => decodeObject(json('{"name": "secret-value'), ECHO)).toThrow(/^malformed JSON$/);
    expect(decodeObject({ msgpack: EMPTY, json: EMPTY }, ECHO).name).toBeNull();
  });
});

describe("encoding state, edges", () => {
  it("maps and bools, element by element", () => {
    const bytes = encodeObject({ name: "x", enabled: false, labels: { a: "b", c: UNKNOWN } }, ECHO);
    expect(rawDecode(bytes)).toMatchObject({ enabled: false, labels: { a: "b" } });
    expect(decodeObject({ msgpack: bytes, json: EMPTY }, ECHO).labels).toEqual({ a: "b", c: UNKNOWN });
  });

  it("refuses each mismatch with its path, naming the type", () => {
    const fails = (value: Parameters<typeof encodeObject>[0]) => {
      try {
        encodeObject(value, ECHO);
      } catch (error) {
        return [(error as Error).message, (error as DynamicValueError).path];
      }
      return undefined;
    };
    expect(fails({ enabled: "true" })).toEqual(["state value is not bool", ["enabled"]]);
    expect(fails({ name: true })).toEqual(["state value is not string", ["name"]]);
    expect(fails({ labels: { a: 1 } })).toEqual(["state value is not string", ["labels", "a"]]);
    expect(fails({ labels: ["a"] })).toEqual(["state value is not map(string)", ["labels"]]);
    expect(fails({ tags: { a: "b" } })).toEqual(["state value is not list(string)", ["tags"]]);
    expect(fails({ count: "3" })).toEqual(["state value is not number", ["count"]]);
  });
});
