/**
 * The go-plugin gRPC server: tfplugin6.Provider, grpc.health.v1.Health and
 * plugin.GRPCController over HTTP/2 (node:http2) with Connect's gRPC protocol handler, on
 * 127.0.0.1:0. Under AutoMTLS (PLUGIN_CLIENT_CERT set) it is TLS 1.2+ with ALPN h2, a fresh
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
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
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

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const { logic, log } = options;

  const logRpc: Interceptor = (next) => async (req) => {
    const rpc = req.method.name;
    log.log("trace", "rpc started", { rpc });
    try {
      const res = await next(req);
      log.log("debug", "rpc done", { rpc });
      return res;
    } catch (error) {
      const code = error instanceof ConnectError ? Code[error.code] : "internal";
      log.log(code === "Unimplemented" ? "debug" : "warn", "rpc failed", { rpc, code: String(code) });
      throw error;
    }
  };

  const handler = connectNodeAdapter({
    grpc: true,
    connect: false,
    grpcWeb: false,
    readMaxBytes: MAX_MESSAGE_BYTES,
    writeMaxBytes: MAX_MESSAGE_BYTES,
    interceptors: [logRpc],
    routes(router) {
      router.service(Provider, createProviderService(logic, log));
      router.service(Health, {
        // go-plugin pings service "plugin"; "" is the whole server by the health protocol.
        check(req) {
          if (req.service !== "" && req.service !== "plugin") {
            throw new ConnectError(`unknown service ${JSON.stringify(req.service)}`, Code.NotFound);
          }
          return create(HealthCheckResponseSchema, { status: HealthCheckResponse_ServingStatus.SERVING });
        },
      });
      router.service(GRPCController, { shutdown: () => ({}) });
    },
    // Paths of services we do not serve at all (GRPCStdio, GRPCBroker, anything else):
    // a trailers-only gRPC answer with UNIMPLEMENTED rather than Connect's plain HTTP 404.
    fallback(_req, res) {
      if (!("stream" in res)) {
        res.writeHead(404).end(); // HTTP/1 never gets here: the server speaks only HTTP/2
        return;
      }
      // One HEADERS frame with END_STREAM ("trailers-only"): where gRPC clients read the status
      // of a call that failed before any message.
      res.stream.respond(
        {
          ":status": 200,
          "content-type": "application/grpc",
          "grpc-status": String(Code.Unimplemented),
          "grpc-message": "unimplemented",
        },
        { endStream: true },
      );
    },
  });

  const onRequest = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
    if (req.url === SHUTDOWN_PATH) {
      // Exit only once the answer has left, so the engine's Shutdown call returns cleanly.
      res.once("close", () => {
        log.log("debug", "shutdown requested by the engine");
        options.onShutdown();
      });
    }
    handler(req, res);
  };

  const settings: http2.Settings = {
    maxConcurrentStreams: MAX_CONCURRENT_STREAMS,
    maxHeaderListSize: 64 << 10,
  };
  let server: http2.Http2Server | http2.Http2SecureServer;
  if (options.tls) {
    const { identity, clientCert } = options.tls;
    server = http2.createSecureServer(
      {
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
      },
      onRequest,
    );
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
    server = http2.createServer({ settings, maxSessionMemory: 32 }, onRequest);
  }
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

function errorCode(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? "";
}
