/**
 * Test helpers: bundle an entry with scripts/bundle.mjs, start it as the engines do, read the
 * handshake line, and talk to it with @grpc/grpc-js (a real gRPC client, not our code).
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import type { Readable } from "node:stream";
import {
  create,
  type DescMessage,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { MAGIC_COOKIE_VALUE } from "../../src/protocol/handshake.js";
import { toPem } from "../../src/protocol/tls.js";

export interface Plugin {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly line: string;
  readonly port: number;
  readonly serverCertPem: string | undefined;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

export function startPlugin(bundle: string, env: NodeJS.ProcessEnv): Promise<Plugin> {
  const child = spawn(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH,
      TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: "5,6",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      const line = out.slice(0, nl);
      const parts = line.split("|");
      const port = Number(parts[3]?.split(":")[1]);
      const serverCertPem = parts[5] ? toPem(Buffer.from(parts[5], "base64")) : undefined;
      resolve({ child, line, port, serverCertPem, exited, stderr: () => err });
    });
    child.on("exit", (code) => reject(new Error(`plugin exited ${code} before its handshake: ${err}`)));
  });
}

export function client(plugin: Plugin, tls?: { keyPem: string; certPem: string }): grpc.Client {
  const creds =
    tls && plugin.serverCertPem
      ? grpc.credentials.createSsl(
          Buffer.from(plugin.serverCertPem),
          Buffer.from(tls.keyPem),
          Buffer.from(tls.certPem),
        )
      : grpc.credentials.createInsecure();
  // go-plugin dials with ServerName "localhost"; so do we.
  return new grpc.Client(`127.0.0.1:${plugin.port}`, creds, { "grpc.ssl_target_name_override": "localhost" });
}

export function unary<I extends DescMessage, O extends DescMessage>(
  c: grpc.Client,
  path: string,
  input: I,
  output: O,
  request: MessageInitShape<I>,
): Promise<MessageShape<O>> {
  return new Promise((resolve, reject) => {
    c.makeUnaryRequest(
      path,
      (m: MessageShape<I>) => Buffer.from(toBinary(input, m)),
      (b: Buffer) => fromBinary(output, b),
      create(input, request),
      (error, value) => (error ? reject(error) : resolve(value as MessageShape<O>)),
    );
  });
}

/** A call with the request and answer as bytes: to compare answers byte for byte. */
export function unaryRaw(c: grpc.Client, path: string, request: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    c.makeUnaryRequest(
      path,
      (m: Uint8Array) => Buffer.from(m),
      (b: Buffer) => b,
      request,
      (error, value) => (error ? reject(error) : resolve(value as Buffer)),
    );
  });
}

export function certDer(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}
