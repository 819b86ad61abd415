/**
 * The go-plugin gRPC server: tfplugin6.Provider, grpc.health.v1.Health and
 * plugin.GRPCController over HTTP/2 (node:http2), on 127.0.0.1:0: a unary-only gRPC server on
 * node:http2's stream API (every RPC we serve is unary), messages by protobuf-es. Under AutoMTLS (PLUGIN_CLIENT_CERT set) it is TLS 1.2+ with ALPN h2, a fresh
 * self-signed certificate, and only the engine's own client certificate is accepted;
 * without it, plaintext h2c as go-plugin dials then.
 *
 * go-plugin's other services (GRPCStdio, GRPCBroker) and unknown methods get a gRPC
 * UNIMPLEMENTED: go-plugin logs and carries on without stdio syncing or a broker.
 */

import type { X509Certificate } from "node:crypto";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { create, type DescMethod, type DescService, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { ProviderLogic } from "../provider/contract.js";
import {
  Health,
  HealthCheckResponse_ServingStatus,
  HealthCheckResponseSchema,
} from "./generated/grpc/health/v1/health_pb.js";
import { GRPCController } from "./generated/plugin/grpc_controller_pb.js";
import { Provider } from "./generated/tfplugin6/tfplugin6_pb.js";
import type { Logger } from "./log.js";
import { createProviderService } from "./provider-service.js";
import { isExpectedPeer, type ServerIdentity } from "./tls.js";

/** Largest request or response message: schemas and states are small, 16 MiB is generous. */
export const MAX_MESSAGE_BYTES = 16 << 20;
/** Concurrent RPCs per connection; the engines' parallelism defaults to 10. */
const MAX_CONCURRENT_STREAMS = 256;
const SHUTDOWN_PATH = `/${GRPCController.typeName}/Shutdown`;

/** gRPC status codes we send, with the names the logs use (Connect's Code names). */
export const Status = {
  OK: 0,
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  ResourceExhausted: 8,
  Unimplemented: 12,
  Internal: 13,
} as const;
type StatusCode = (typeof Status)[keyof typeof Status];
const STATUS_NAME = new Map<number, string>(Object.entries(Status).map(([name, code]) => [code, name]));

/** An error an RPC implementation throws to answer with a given gRPC status. */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly code: StatusCode,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

export interface ServerOptions {
  readonly logic: ProviderLogic;
  readonly log: Logger;
  /** AutoMTLS: our certificate and the one client certificate we accept. Absent: plaintext. */
  readonly tls?: { readonly identity: ServerIdentity; readonly clientCert: X509Certificate };
  /** Called once GRPCController/Shutdown has been answered (main: process.exit(0)). */
  readonly onShutdown: () => void;
}

export interface RunningServer {
  readonly port: number;
  close(): void;
}

// biome-ignore lint/suspicious/noExplicitAny: one table for every method's request type
type UnaryImpl = (req: any) => unknown;
interface Route {
  readonly method: DescMethod;
  readonly impl: UnaryImpl;
}

/** Unary methods of `service` that `impl` implements, by HTTP/2 path. */
function addRoutes(routes: Map<string, Route>, service: DescService, impl: object): void {
  for (const method of service.methods) {
    const fn = (impl as Record<string, unknown>)[method.localName];
    if (method.methodKind !== "unary" || typeof fn !== "function") continue;
    routes.set(`/${service.typeName}/${method.name}`, { method, impl: (req) => fn.call(impl, req) });
  }
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const { logic, log } = options;

  // Every RPC go-plugin and the engines make is unary: a small gRPC unary server straight on
  // node:http2's stream API (one length-prefixed message in, one out, status in trailers).
  // Connect's generic handler stack (async iterables, fetch-style headers, per-request abort
  // controllers and their DOMExceptions) was the largest share of the provider's CPU per read:
  // replacing it took a 1,000-check OpenTofu plan from 6.8 s to 4.6 s (median of 5, same run).
  const routes = new Map<string, Route>();
  addRoutes(routes, Provider, createProviderService(logic, log));
  addRoutes(routes, Health, {
    // go-plugin pings service "plugin"; "" is the whole server by the health protocol.
    check(req: { service: string }) {
      if (req.service !== "" && req.service !== "plugin") {
        throw new RpcError(`unknown service ${JSON.stringify(req.service)}`, Status.NotFound);
      }
      return create(HealthCheckResponseSchema, { status: HealthCheckResponse_ServingStatus.SERVING });
    },
  });
  addRoutes(routes, GRPCController, { shutdown: () => ({}) });

  const onStream = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
    stream.on("error", (error) => log.log("debug", "HTTP/2 stream error", { error: error.name }));
    const path = headers[":path"] ?? "";
    if (path === SHUTDOWN_PATH) {
      // Exit only once the answer has left, so the engine's Shutdown call returns cleanly.
      stream.once("close", () => {
        log.log("debug", "shutdown requested by the engine");
        options.onShutdown();
      });
    }
    const contentType = headers["content-type"] ?? "";
    if (headers[":method"] !== "POST" || !/^application\/grpc(\+proto)?(;|$)/.test(contentType)) {
      if (!stream.destroyed) stream.respond({ ":status": 415 }, { endStream: true });
      return;
    }
    const route = routes.get(path);
    if (!route) {
      // Services and methods we do not serve (GRPCStdio, GRPCBroker, the resource RPCs...):
      // a trailers-only UNIMPLEMENTED, which go-plugin and the engines accept and move on.
      log.log("debug", "rpc not served", { path });
      trailersOnly(stream, Status.Unimplemented, "unimplemented");
      return;
    }
    const rpc = route.method.name;
    log.log("trace", "rpc started", { rpc });
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_MESSAGE_BYTES + 5) chunks.push(chunk);
    });
    stream.once("end", () => {
      serve(route, Buffer.concat(chunks, Math.min(size, MAX_MESSAGE_BYTES + 5)), headers, size).then(
        (bytes) => {
          log.log("debug", "rpc done", { rpc });
          respond(stream, bytes);
        },
        (error: unknown) => {
          const code = error instanceof RpcError ? error.code : Status.Internal;
          const name = STATUS_NAME.get(code) ?? String(code);
          log.log(code === Status.Unimplemented ? "debug" : "warn", "rpc failed", { rpc, code: name });
          trailersOnly(stream, code, error instanceof Error ? error.message : String(error));
        },
      );
    });
  };

  const settings: http2.Settings = {
    maxConcurrentStreams: MAX_CONCURRENT_STREAMS,
    maxHeaderListSize: 64 << 10,
  };
  let server: http2.Http2Server | http2.Http2SecureServer;
  if (options.tls) {
    const { identity, clientCert } = options.tls;
    server = http2.createSecureServer({
      key: identity.keyPem,
      cert: identity.certPem,
      // The engine's certificate is self-signed: as the only trust root, it is the only
      // chain OpenSSL accepts; the DER comparison below pins the exact certificate.
      ca: clientCert.toString(),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
      ALPNProtocols: ["h2"],
      allowHTTP1: false,
      settings,
      maxSessionMemory: 32,
    });
    server.on("secureConnection", (socket: TLSSocket) => {
      if (!isExpectedPeer(socket.getPeerCertificate(false)?.raw, clientCert)) {
        log.log("warn", "refused a TLS client that did not present the engine's certificate");
        socket.destroy();
      }
    });
    server.on("tlsClientError", (error) => {
      log.log("debug", "TLS handshake failed", { error: error.name, code: String(errorCode(error)) });
    });
  } else {
    server = http2.createServer({ settings, maxSessionMemory: 32 });
  }
  server.on("stream", onStream);
  server.on("sessionError", (error) => log.log("debug", "HTTP/2 session error", { error: error.name }));

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      server.on("error", (error) => log.log("error", "server error", { error: error.name }));
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => server.close(),
      });
    });
  });
}

/** One unary call: the request frame decoded, the implementation run, the answer encoded. */
async function serve(
  route: Route,
  body: Buffer,
  headers: http2.IncomingHttpHeaders,
  size: number,
): Promise<Uint8Array> {
  if (size > MAX_MESSAGE_BYTES + 5) {
    throw new RpcError(`message larger than ${MAX_MESSAGE_BYTES} bytes`, Status.ResourceExhausted);
  }
  if (body.length < 5 || body.readUInt32BE(1) !== body.length - 5) {
    throw new RpcError("protocol error: expected exactly one request message", Status.InvalidArgument);
  }
  let payload: Uint8Array = body.subarray(5);
  if ((body[0] ?? 0) & 1) {
    const encoding = headers["grpc-encoding"];
    if (encoding !== "gzip") {
      throw new RpcError(`compression ${String(encoding)} is not supported`, Status.Unimplemented);
    }
    const { gunzipSync } = await import("node:zlib");
    payload = gunzipSync(payload, { maxOutputLength: MAX_MESSAGE_BYTES });
  }
  let request: unknown;
  try {
    request = fromBinary(route.method.input, payload);
  } catch (error) {
    throw new RpcError(`cannot decode the request: ${(error as Error).message}`, Status.InvalidArgument);
  }
  // biome-ignore lint/suspicious/noExplicitAny: the implementation returns its output's init shape
  const answer = create(route.method.output, (await route.impl(request)) as any);
  const bytes = toBinary(route.method.output, answer);
  if (bytes.length > MAX_MESSAGE_BYTES) {
    throw new RpcError(`answer larger than ${MAX_MESSAGE_BYTES} bytes`, Status.ResourceExhausted);
  }
  return bytes;
}

/** A message, then the OK status in trailers. */
function respond(stream: http2.ServerHttp2Stream, message: Uint8Array): void {
  if (stream.destroyed || stream.closed) return; // the engine cancelled the call
  const frame = Buffer.allocUnsafe(5 + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  stream.respond({ ":status": 200, "content-type": "application/grpc+proto" }, { waitForTrailers: true });
  stream.once("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
  stream.end(frame);
}

/**
 * One HEADERS frame with END_STREAM ("trailers-only"): where gRPC clients read the status of a
 * call that failed before any message.
 */
function trailersOnly(stream: http2.ServerHttp2Stream, code: number, message: string): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  stream.respond(
    {
      ":status": 200,
      "content-type": "application/grpc+proto",
      "grpc-status": String(code),
      "grpc-message": percentEncode(message),
    },
    { endStream: true },
  );
}

/** grpc-message's encoding: printable ASCII but "%" as is, everything else %XX of its UTF-8. */
function percentEncode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function errorCode(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? "";
}
