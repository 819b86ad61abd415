/**
 * The RPCs answered without protobuf-es, so a start that only does go-plugin's ping, the
 * schema and the shutdown never loads the generated descriptors (~18 ms per start). The
 * messages are one-field or empty: encoded by hand here, checked byte for byte against the
 * generated code in test/protocol/fixed-rpcs.test.ts.
 */
import { RpcError, Status } from "./rpc-status.js";

export const HEALTH_CHECK_PATH = "/grpc.health.v1.Health/Check";
export const SHUTDOWN_PATH = "/plugin.GRPCController/Shutdown";
export const PROVIDER_PREFIX = "/tfplugin6.Provider/";

/** HealthCheckResponse { status: SERVING }: field 1, varint 1. */
const SERVING = Uint8Array.of(0x08, 0x01);
const EMPTY = new Uint8Array(0);

/** grpc.health.v1.Health/Check: go-plugin pings service "plugin"; "" is the whole server. */
export function healthCheck(request: Uint8Array): Uint8Array {
  const service = decodeHealthCheckRequest(request);
  if (service !== "" && service !== "plugin") {
    throw new RpcError(`unknown service ${JSON.stringify(service)}`, Status.NotFound);
  }
  return SERVING;
}

/** plugin.GRPCController/Shutdown: google.protobuf.Empty in and out. */
export function shutdown(): Uint8Array {
  return EMPTY;
}

/**
 * HealthCheckRequest { string service = 1 }: the last field 1 wins (proto3), unknown fields
 * are skipped, anything malformed is InvalidArgument as the generated decoder's error was.
 */
export function decodeHealthCheckRequest(bytes: Uint8Array): string {
  let service = "";
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (at >= bytes.length) throw malformed();
      const b = bytes[at++] as number;
      if (shift < 35) value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
    }
    throw malformed();
  };
  const skip = (n: number) => {
    if (at + n > bytes.length) throw malformed();
    at += n;
  };
  while (at < bytes.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field === 0) throw malformed();
    if (wireType === 0) varint();
    else if (wireType === 1) skip(8);
    else if (wireType === 5) skip(4);
    else if (wireType === 2) {
      const length = varint();
      const start = at;
      skip(length);
      if (field === 1) service = utf8(bytes.subarray(start, at));
    } else throw malformed();
  }
  return service;
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw malformed();
  }
}

function malformed(): RpcError {
  return new RpcError(
    "cannot decode the request: malformed grpc.health.v1.HealthCheckRequest",
    Status.InvalidArgument,
  );
}
