/**
 * The go-plugin gRPC server: HTTP/2 (node:http2) on 127.0.0.1:0, a unary-only gRPC server on
 * node:http2's stream API (every RPC we serve is unary). It moves bytes: which path is served
 * and how its messages are decoded is the caller's (routes.ts), so the start path loads no
 * protobuf code. Under AutoMTLS (PLUGIN_CLIENT_CERT set) it is TLS 1.2+ with ALPN h2, a fresh
 * self-signed certificate, and only the engine's own client certificate is accepted;
 * without it, plaintext h2c as go-plugin dials then.
 *
 * Paths without a handler (go-plugin's GRPCStdio and GRPCBroker, the resource RPCs, unknown
 * methods) get a gRPC UNIMPLEMENTED: go-plugin and the engines log it and carry on.
 */

import type { X509Certificate } from "node:crypto";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { SHUTDOWN_PATH } from "./fixed-rpcs.js";
import type { Logger } from "./log.js";
import { isRpcError, MAX_MESSAGE_BYTES, RpcError, Status, type UnaryHandler } from "./rpc-status.js";
import { isExpectedPeer, type ServerIdentity } from "./tls.js";

/** Concurrent RPCs per connection; the engines' parallelism defaults to 10. */
const MAX_CONCURRENT_STREAMS = 256;
const STATUS_NAME = new Map<number, string>(Object.entries(Status).map(([name, code]) => [code, name]));

export interface ServerOptions {
  readonly log: Logger;
  /** The handler of an HTTP/2 path ("/package.Service/Method"); undefined: UNIMPLEMENTED. */
  readonly handlerFor: (path: string) => UnaryHandler | undefined;
  /** AutoMTLS: our certificate and the one client certificate we accept. Absent: plaintext. */
  readonly tls?: { readonly identity: ServerIdentity; readonly clientCert: X509Certificate };
  /** Called once GRPCController/Shutdown has been answered (main: process.exit(0)). */
  readonly onShutdown: () => void;
}

export interface RunningServer {
  readonly port: number;
  close(): void;
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const { log } = options;

  // Every RPC go-plugin and the engines make is unary: a small gRPC unary server straight on
  // node:http2's stream API (one length-prefixed message in, one out, status in trailers).
  // Connect's generic handler stack (async iterables, fetch-style headers, per-request abort
  // controllers and their DOMExceptions) was the largest share of the provider's CPU per read:
  // replacing it took a 1,000-check OpenTofu plan from 6.8 s to 4.6 s (median of 5, same run).

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
    const handler = options.handlerFor(path);
    if (!handler) {
      // Services and methods we do not serve (GRPCStdio, GRPCBroker, the resource RPCs...):
      // a trailers-only UNIMPLEMENTED, which go-plugin and the engines accept and move on.
      log.log("debug", "rpc not served", { path });
      trailersOnly(stream, Status.Unimplemented, "unimplemented");
      return;
    }
    const rpc = path.slice(path.lastIndexOf("/") + 1);
    log.log("trace", "rpc started", { rpc });
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_MESSAGE_BYTES + 5) chunks.push(chunk);
    });
    stream.once("end", () => {
      serve(handler, Buffer.concat(chunks, Math.min(size, MAX_MESSAGE_BYTES + 5)), headers, size).then(
        (bytes) => {
          log.log("debug", "rpc done", { rpc });
          respond(stream, bytes);
        },
        (error: unknown) => {
          const code = isRpcError(error) ? error.code : Status.Internal;
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
      // The engine's certificate is pinned by the exact DER comparison below, the one gate:
      // OpenSSL is not asked to verify a chain. An empty `ca` keeps node from building a
      // root certificate store (it parses every bundled root: ~22 ms of each start, measured),
      // and with no CA names in the CertificateRequest, go-plugin's client sends its one
      // certificate. A client with none, or another, is cut off before any stream is read.
      ca: [],
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: "TLSv1.2",
      ALPNProtocols: ["h2"],
      allowHTTP1: false,
      settings,
      maxSessionMemory: 32,
    });
    // Runs in the same tick as http2's own connection listener, before any byte of a stream.
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

/** One unary call: the request frame unwrapped, the handler run on its message's bytes. */
async function serve(
  handler: UnaryHandler,
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
  const bytes = await handler(payload);
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
