/**
 * go-plugin's handshake, plugin side: check the magic cookie and the offered protocol versions,
 * then announce where we listen with ONE line on stdout:
 *
 *   1|6|tcp|127.0.0.1:PORT|grpc|<server cert DER, base64 std, no padding>\n
 *
 * (core protocol 1, app protocol 6, network, address, protocol, cert only under AutoMTLS).
 * The engine reads stdout line by line and shows anything else as "Unrecognized remote plugin
 * message", so nothing else is ever written to stdout by this process.
 */
import { writeSync } from "node:fs";

export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
export const APP_PROTOCOL_VERSION = 6;

export type HandshakeCheck =
  | { readonly ok: true; readonly clientCertPem: string | undefined }
  | { readonly ok: false; readonly message: string };

/** What go-plugin's Serve checks before anything else, with messages for a human at a shell. */
export function checkHandshakeEnv(env: NodeJS.ProcessEnv): HandshakeCheck {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    return {
      ok: false,
      message:
        "This binary is a plugin. These are not meant to be executed directly.\n" +
        "Please execute the program that consumes these plugins, which will\n" +
        "load any plugins automatically (terraform or tofu, with the wxa-audit/wechat provider).\n",
    };
  }
  // Absent means a very old go-plugin client that only knows its own default version; the
  // engines that speak protocol 6 all send the list.
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (!offered.includes(String(APP_PROTOCOL_VERSION))) {
    return {
      ok: false,
      message:
        `This provider speaks plugin protocol ${APP_PROTOCOL_VERSION} only; the engine offered ` +
        `${offered.length > 0 ? offered.join(", ") : "none"}.\n` +
        "Use Terraform >= 1.0 or OpenTofu.\n",
    };
  }
  const cert = env.PLUGIN_CLIENT_CERT;
  return { ok: true, clientCertPem: cert && cert.trim() !== "" ? cert : undefined };
}

export function handshakeLine(port: number, serverCertDer: Buffer | undefined): string {
  const fields = ["1", String(APP_PROTOCOL_VERSION), "tcp", `127.0.0.1:${port}`, "grpc"];
  // go-plugin decodes it with base64.RawStdEncoding: standard alphabet, no "=" padding.
  if (serverCertDer) fields.push(serverCertDer.toString("base64").replace(/=+$/, ""));
  return `${fields.join("|")}\n`;
}

/**
 * Writes the whole line synchronously to fd 1, looping over short writes and EAGAIN (fd 1 may
 * be a non-blocking pipe), so the line is complete before anything else can happen; the
 * stream API (process.stdout) would buffer it and could lose it on an early exit.
 */
export function writeAllSync(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  let spins = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
      spins = 0;
    } catch (error) {
      // A full pipe drains as soon as the engine reads; bounded so a dead reader cannot hang us.
      if ((error as NodeJS.ErrnoException).code === "EAGAIN" && ++spins < 1_000_000) continue;
      throw error;
    }
  }
}
