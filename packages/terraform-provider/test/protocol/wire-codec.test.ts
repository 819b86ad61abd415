/**
 * The hand codec of the run-time Provider calls (wire-codec.ts, provider-rpcs.ts's CODECS)
 * against protobuf-es and the generated code, the source of truth: requests it decodes as
 * fromBinary does, answers byte for byte as toBinary encodes them.
 */
import { create, type DescMessage, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { errorDiagnostic, toProtoDiagnostics } from "../../src/protocol/diagnostics.js";
import {
  ConfigureProvider_RequestSchema,
  ConfigureProvider_ResponseSchema,
  Provider,
  ReadDataSource_RequestSchema,
  ReadDataSource_ResponseSchema,
  StopProvider_ResponseSchema,
  ValidateDataResourceConfig_RequestSchema,
  ValidateDataResourceConfig_ResponseSchema,
  ValidateProviderConfig_RequestSchema,
  ValidateProviderConfig_ResponseSchema,
} from "../../src/protocol/generated/tfplugin6/tfplugin6_pb.js";
import { CODECS } from "../../src/protocol/provider-rpcs.js";
import { isRpcError } from "../../src/protocol/rpc-status.js";

const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const DIAGNOSTICS = [
  [],
  toProtoDiagnostics([{ severity: "error", summary: "s" }]),
  toProtoDiagnostics([
    { severity: "warning", summary: "ünïcode ✓", detail: "d".repeat(200), attribute: ["labels", "k"] },
    { severity: "error", summary: "", detail: "", attribute: ["tags", 0] },
    { severity: "error", summary: "x", attribute: ["a", 3, "", -1, 2 ** 40] },
    { severity: "error", summary: "empty path", attribute: [] },
    { severity: "warning", summary: "empty name", attribute: [""] },
  ]),
  [errorDiagnostic("Internal error in the provider", "boom")],
];

const expectSame = <M extends DescMessage>(schema: M, method: string, answer: MessageInitShape<M>) => {
  const hand = CODECS[method]?.encode(answer);
  expect(hand, method).toBeDefined();
  expect(Buffer.from(hand as Uint8Array).toString("hex"), method).toBe(
    Buffer.from(toBinary(schema, create(schema, answer))).toString("hex"),
  );
};

describe("answers, byte for byte as protobuf-es", () => {
  it("diagnostics-only responses", () => {
    for (const diagnostics of DIAGNOSTICS) {
      expectSame(ValidateProviderConfig_ResponseSchema, "ValidateProviderConfig", { diagnostics });
      expectSame(ConfigureProvider_ResponseSchema, "ConfigureProvider", { diagnostics });
      expectSame(ValidateDataResourceConfig_ResponseSchema, "ValidateDataResourceConfig", { diagnostics });
    }
  });

  it("ReadDataSource with and without a state", () => {
    for (const diagnostics of DIAGNOSTICS) {
      expectSame(ReadDataSource_ResponseSchema, "ReadDataSource", { diagnostics });
      expectSame(ReadDataSource_ResponseSchema, "ReadDataSource", {
        state: { msgpack: bytes("\x81\xa1a\x01") },
        diagnostics,
      });
      expectSame(ReadDataSource_ResponseSchema, "ReadDataSource", {
        state: { msgpack: new Uint8Array(0) },
        diagnostics,
      });
      expectSame(ReadDataSource_ResponseSchema, "ReadDataSource", {
        state: { msgpack: new Uint8Array(70_000).fill(7) },
      });
    }
  });

  it("StopProvider", () => {
    for (const message of ["", "stop failed: ü"])
      expectSame(StopProvider_ResponseSchema, "StopProvider", { Error: message });
  });
});

describe("requests, as protobuf-es decodes them", () => {
  const capabilities = { deferralAllowed: true, writeOnlyAttributesAllowed: true };
  const configs = [
    undefined,
    { msgpack: bytes("\x80") },
    { json: bytes('{"a":1}') },
    { msgpack: new Uint8Array(0), json: new Uint8Array(0) },
    { msgpack: new Uint8Array(200_000).fill(0xa1) },
  ];
  const cases: [string, DescMessage, (config: (typeof configs)[number]) => object][] = [
    ["ValidateProviderConfig", ValidateProviderConfig_RequestSchema, (config) => ({ config })],
    [
      "ConfigureProvider",
      ConfigureProvider_RequestSchema,
      (config) => ({ terraformVersion: "1.12.6", config, clientCapabilities: capabilities }),
    ],
    [
      "ValidateDataResourceConfig",
      ValidateDataResourceConfig_RequestSchema,
      (config) => ({ typeName: "wechat_nickname_check", config }),
    ],
    [
      "ReadDataSource",
      ReadDataSource_RequestSchema,
      (config) => ({
        typeName: "wechat_ä",
        config,
        providerMeta: { msgpack: bytes("\xc0") },
        clientCapabilities: capabilities,
      }),
    ],
  ];

  it("reads type_name and config, skipping the other fields", () => {
    for (const [method, schema, init] of cases) {
      for (const config of configs) {
        // biome-ignore lint/suspicious/noExplicitAny: one init shape per request schema
        const wire = toBinary(schema, create(schema, init(config) as any));
        // biome-ignore lint/suspicious/noExplicitAny: the generated decode, read for the same fields
        const generated = fromBinary(schema, wire) as any;
        const hand = CODECS[method]?.decode(wire) as {
          typeName: string;
          config?: { msgpack: Uint8Array; json: Uint8Array };
        };
        expect(hand.typeName, method).toBe(generated.typeName ?? "");
        expect(hand.config === undefined, method).toBe(generated.config === undefined);
        if (hand.config) {
          expect(Buffer.from(hand.config.msgpack).equals(Buffer.from(generated.config.msgpack)), method).toBe(
            true,
          );
          expect(Buffer.from(hand.config.json).equals(Buffer.from(generated.config.json)), method).toBe(true);
        }
      }
    }
  });

  it("skips unknown fields of every wire type and refuses malformed requests", () => {
    const wire = toBinary(
      ValidateDataResourceConfig_RequestSchema,
      create(ValidateDataResourceConfig_RequestSchema, { typeName: "t", config: { msgpack: bytes("\x80") } }),
    );
    const unknown = Uint8Array.of(
      0x18,
      0x96,
      0x01,
      0x21,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      0x2d,
      1,
      2,
      3,
      4,
      0x32,
      1,
      0,
    );
    const decoded = CODECS.ValidateDataResourceConfig?.decode(Uint8Array.from([...unknown, ...wire])) as {
      typeName: string;
    };
    expect(decoded.typeName).toBe("t");
    for (const bad of [
      Uint8Array.of(0x0a, 5, 0x61),
      Uint8Array.of(0x0a),
      Uint8Array.of(0x0f),
      Uint8Array.of(0x0a, 1, 0xff),
      Uint8Array.of(0x12, 2, 0x0a, 9),
    ]) {
      let code: unknown;
      try {
        CODECS.ValidateDataResourceConfig?.decode(bad);
      } catch (error) {
        code = isRpcError(error) ? error.code : error;
      }
      expect(code, Buffer.from(bad).toString("hex")).toBe(3);
    }
  });

  it("has a codec only for unary methods of tfplugin6.Provider", () => {
    const unary = new Set(Provider.methods.filter((m) => m.methodKind === "unary").map((m) => m.name));
    for (const method of Object.keys(CODECS)) expect(unary.has(method), method).toBe(true);
  });
});
