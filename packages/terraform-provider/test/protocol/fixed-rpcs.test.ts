/**
 * The hand-encoded RPCs (fixed-rpcs.ts) and the list of served Provider methods (routes.ts)
 * against the generated code, which stays the source of truth.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { decodeHealthCheckRequest, healthCheck, shutdown } from "../../src/protocol/fixed-rpcs.js";
import {
  HealthCheckRequestSchema,
  HealthCheckResponse_ServingStatus,
  HealthCheckResponseSchema,
} from "../../src/protocol/generated/grpc/health/v1/health_pb.js";
import { EmptySchema } from "../../src/protocol/generated/plugin/grpc_controller_pb.js";
import { Provider } from "../../src/protocol/generated/tfplugin6/tfplugin6_pb.js";
import { createProviderRpcs } from "../../src/protocol/provider-rpcs.js";
import { createProviderService } from "../../src/protocol/provider-service.js";
import { SERVED_PROVIDER_METHODS } from "../../src/protocol/routes.js";
import { isRpcError } from "../../src/protocol/rpc-status.js";
import { createProviderLogic } from "../../src/provider/index.js";
import { createFakeLogic } from "./fake-logic.js";

const silent = { log() {}, enabled: () => false };
const statusOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return isRpcError(error) ? error.code : "not an RpcError";
  }
  return "no error";
};

describe("fixed RPCs", () => {
  it("Health/Check answers SERVING exactly as the generated encoder does", () => {
    const serving = toBinary(
      HealthCheckResponseSchema,
      create(HealthCheckResponseSchema, { status: HealthCheckResponse_ServingStatus.SERVING }),
    );
    for (const service of ["", "plugin"]) {
      const request = toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service }));
      expect(healthCheck(request)).toEqual(serving);
    }
  });

  it("decodes HealthCheckRequest as the generated decoder does, unknown fields included", () => {
    for (const service of ["", "plugin", "other", "ünïcode ✓", "x".repeat(300)]) {
      expect(
        decodeHealthCheckRequest(
          toBinary(HealthCheckRequestSchema, { $typeName: HealthCheckRequestSchema.typeName, service }),
        ),
      ).toBe(service);
    }
    // field 2 varint, field 3 fixed64, field 4 bytes, field 5 fixed32, then service twice (last wins)
    const withUnknown = Uint8Array.of(
      0x10,
      0x96,
      0x01,
      0x19,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      0x22,
      1,
      0xff,
      0x2d,
      1,
      2,
      3,
      4,
      0x0a,
      1,
      0x61,
      0x0a,
      6,
      ...Buffer.from("plugin"),
    );
    expect(decodeHealthCheckRequest(withUnknown)).toBe("plugin");
  });

  it("refuses other services with NotFound and malformed requests with InvalidArgument", () => {
    const other = toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service: "nope" }));
    expect(statusOf(() => healthCheck(other))).toBe(5);
    for (const bad of [
      Uint8Array.of(0x0a, 5, 0x61),
      Uint8Array.of(0x0a),
      Uint8Array.of(0x0b),
      Uint8Array.of(0x0a, 1, 0xff),
      Uint8Array.of(0x80),
    ]) {
      expect(
        statusOf(() => healthCheck(bad)),
        String(bad),
      ).toBe(3);
    }
  });

  it("Shutdown answers google.protobuf.Empty", () => {
    expect(shutdown()).toEqual(toBinary(EmptySchema, create(EmptySchema)));
  });
});

describe("served Provider methods", () => {
  it("routes.ts lists exactly the Provider methods provider-service.ts implements", () => {
    for (const logic of [createProviderLogic({ env: {} }), createFakeLogic()]) {
      const service = createProviderService(logic, silent) as Record<string, unknown>;
      const implemented = Provider.methods
        .filter((m) => m.methodKind === "unary" && typeof service[m.localName] === "function")
        .map((m) => m.name);
      expect([...SERVED_PROVIDER_METHODS].sort()).toEqual(implemented.sort());
      expect([...createProviderRpcs(logic, silent).handlers.keys()].sort()).toEqual(implemented.sort());
    }
  });
});
