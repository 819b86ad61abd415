/**
 * go-plugin AutoMTLS, server side: a fresh self-signed ECDSA P-256 certificate per process
 * (sent to the engine in the handshake line) and the one client certificate the engine put in
 * PLUGIN_CLIENT_CERT, which is the only peer we accept.
 *
 * The certificate is written with a minimal DER writer over node:crypto rather than an X.509
 * library: @peculiar/x509 (the candidate) alone took about as long to load as Node itself
 * (bench figures in the commit message), which breaks the start-time budget by itself. One
 * fixed certificate shape is a few dozen lines; test/protocol/tls.test.ts parses it with
 * OpenSSL (node:crypto X509Certificate) and the real engines accept it.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from "node:crypto";

// --- DER (X.690) encoding of the few types a certificate needs -----------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const octets = (...c: Buffer[]) => tlv(0x04, ...c);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, "utf8"));
/** [n] EXPLICIT, constructed. */
const explicit = (n: number, ...c: Buffer[]) => tlv(0xa0 | n, ...c);

export function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const bytes: number[] = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const groups: number[] = [];
    for (let v = part; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128);
      if (v < 128) break;
    }
    bytes.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** An INTEGER from unsigned big-endian bytes that must already be minimal and positive. */
function positiveInteger(bytes: Buffer): Buffer {
  if (bytes.length === 0 || bytes[0] === 0 || (bytes[0]! & 0x80) !== 0) {
    throw new Error("serial must be minimal and positive");
  }
  return tlv(0x02, bytes);
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 4.1.2.5 requires. */
function time(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "");
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, "ascii"))
    : tlv(0x18, Buffer.from(`${digits}Z`, "ascii"));
}

// --- The certificate -----------------------------------------------------------------------

const ECDSA_WITH_SHA256 = seq(oid("1.2.840.10045.4.3.2"));

export interface ServerIdentity {
  /** PEM private key for tls.createSecureServer. */
  readonly keyPem: string;
  readonly certPem: string;
  readonly certDer: Buffer;
}

/**
 * A serial of 16 random bytes, positive and with no leading zero byte: Go's x509 parser
 * rejects a DER INTEGER with a superfluous leading zero (and negative serials).
 */
export function randomSerial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes;
}

/**
 * Like go-plugin's own generateCert: CN and SAN localhost (the engine dials with ServerName
 * "localhost"), IsCA, KeyUsage digitalSignature|keyEncipherment|keyCertSign, EKU serverAuth +
 * clientAuth, valid from 30 s in the past (clock skew) for 30 days.
 */
export function createServerIdentity(now: Date = new Date()): ServerIdentity {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const name = seq(set(seq(oid("2.5.4.10"), utf8("wxa-audit"))), set(seq(oid("2.5.4.3"), utf8("localhost"))));
  const extensions = seq(
    // keyUsage, critical: bits 0 (digitalSignature), 2 (keyEncipherment), 5 (keyCertSign);
    // 0xa4 = 1010_0100, two unused trailing bits.
    seq(oid("2.5.29.15"), bool(true), octets(tlv(0x03, Buffer.from([0x02, 0xa4])))),
    // extKeyUsage: serverAuth, clientAuth.
    seq(oid("2.5.29.37"), octets(seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2")))),
    // basicConstraints, critical: cA TRUE.
    seq(oid("2.5.29.19"), bool(true), octets(seq(bool(true)))),
    // subjectAltName: dNSName [2] IMPLICIT IA5String "localhost".
    seq(oid("2.5.29.17"), octets(seq(tlv(0x82, Buffer.from("localhost", "ascii"))))),
  );
  const tbs = seq(
    explicit(0, tlv(0x02, Buffer.from([2]))), // v3
    positiveInteger(randomSerial()),
    ECDSA_WITH_SHA256,
    name,
    seq(time(new Date(now.getTime() - 30_000)), time(new Date(now.getTime() + 30 * 24 * 3600_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    explicit(3, extensions),
  );
  // node:crypto's ECDSA signature is DER (r, s) by default: what X.509 carries in the BIT STRING.
  const signature = sign("sha256", tbs, privateKey);
  const certDer = seq(tbs, ECDSA_WITH_SHA256, tlv(0x03, Buffer.from([0]), signature));
  return {
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    certPem: toPem(certDer),
    certDer,
  };
}

export function toPem(der: Buffer): string {
  const b64 = der.toString("base64").replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

/** The client certificate from PLUGIN_CLIENT_CERT, parsed once; throws on a malformed one. */
export function parseClientCert(pem: string): X509Certificate {
  return new X509Certificate(pem);
}

/** Only the exact certificate the engine announced: same DER, not merely the same issuer. */
export function isExpectedPeer(presented: Buffer | undefined, expected: X509Certificate): boolean {
  return presented?.equals(expected.raw) === true;
}

/** Sanity check used by tests and at startup in debug builds: our key matches our cert. */
export function keyMatches(identity: ServerIdentity): boolean {
  return new X509Certificate(identity.certDer).checkPrivateKey(createPrivateKey(identity.keyPem));
}
