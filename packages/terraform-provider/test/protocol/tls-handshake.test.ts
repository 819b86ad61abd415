import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkHandshakeEnv,
  handshakeLine,
  MAGIC_COOKIE_VALUE,
  writeAllSync,
} from "../../src/protocol/handshake.js";
import { createLogger, formatLine, levelFromEnv } from "../../src/protocol/log.js";
import {
  createServerIdentity,
  isExpectedPeer,
  keyMatches,
  oid,
  randomSerial,
} from "../../src/protocol/tls.js";

describe("the server certificate", () => {
  const now = new Date("2026-11-23T10:00:00Z");
  const identity = createServerIdentity(now);
  const cert = new X509Certificate(identity.certDer);

  it("is what go-plugin's client accepts: localhost, CA, self-signed, both EKUs", () => {
    expect(cert.subjectAltName).toBe("DNS:localhost");
    expect(cert.subject).toContain("CN=localhost");
    expect(cert.ca).toBe(true);
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(keyMatches(identity)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(cert.toString()).toBe(identity.certPem);
  });

  it("is valid from 30 s in the past", () => {
    expect(new Date(cert.validFrom).getTime()).toBe(now.getTime() - 30_000);
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(now.getTime());
  });

  it("has a positive serial whose DER has no leading zero byte (Go rejects that)", () => {
    for (let i = 0; i < 200; i++) {
      const serial = randomSerial();
      expect(serial[0]).not.toBe(0);
      expect(serial[0]! & 0x80).toBe(0);
    }
    expect(cert.serialNumber).toMatch(/^[1-7][0-9A-F]{31}$/);
  });

  it("is fresh per process and pins exactly one peer", () => {
    const other = createServerIdentity(now);
    expect(other.certDer.equals(identity.certDer)).toBe(false);
    expect(isExpectedPeer(identity.certDer, cert)).toBe(true);
    expect(isExpectedPeer(other.certDer, cert)).toBe(false);
    expect(isExpectedPeer(undefined, cert)).toBe(false);
  });

  it("encodes OIDs in base-128", () => {
    expect(oid("1.2.840.10045.4.3.2").toString("hex")).toBe("06082a8648ce3d040302");
  });
});

describe("the handshake", () => {
  const env = { TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "5,6" };

  it("needs the magic cookie and protocol 6", () => {
    expect(checkHandshakeEnv({})).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not meant to be executed/),
    });
    expect(checkHandshakeEnv({ ...env, PLUGIN_PROTOCOL_VERSIONS: "5" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/protocol 6 only; the engine offered 5/),
    });
    expect(checkHandshakeEnv(env)).toEqual({ ok: true, clientCertPem: undefined });
    expect(checkHandshakeEnv({ ...env, PLUGIN_CLIENT_CERT: "PEM" })).toEqual({
      ok: true,
      clientCertPem: "PEM",
    });
  });

  it("is one line, certificate in unpadded standard base64", () => {
    const der = Buffer.from([0xfb, 0xff, 0x01, 0x02]); // base64 "+/8BAg==": both padding and +/
    expect(handshakeLine(1234, der)).toBe("1|6|tcp|127.0.0.1:1234|grpc|+/8BAg\n");
    expect(handshakeLine(1234, undefined)).toBe("1|6|tcp|127.0.0.1:1234|grpc\n");
  });

  it("writes the whole text to a descriptor", () => {
    expect(() => writeAllSync(-1, "x")).toThrow();
  });
});

describe("logging", () => {
  it("is hclog JSON with @level, @message, @module, @timestamp", () => {
    const line = formatLine(
      "debug",
      "hello",
      { rpc: "ReadDataSource" },
      new Date("2026-01-02T03:04:05.678Z"),
    );
    expect(JSON.parse(line)).toEqual({
      "@level": "debug",
      "@message": "hello",
      "@module": "provider.wechat",
      "@timestamp": "2026-01-02T03:04:05.678000Z", // six digits, as go-plugin's layout needs
      rpc: "ReadDataSource",
    });
    expect(line.endsWith("}\n")).toBe(true);
  });

  it("takes its level from TF_LOG_PROVIDER, then TF_LOG, default info", () => {
    expect(levelFromEnv({})).toBe(2);
    expect(levelFromEnv({ TF_LOG: "TRACE" })).toBe(0);
    expect(levelFromEnv({ TF_LOG: "TRACE", TF_LOG_PROVIDER: "error" })).toBe(4);
    expect(levelFromEnv({ TF_LOG: "json" })).toBe(0);
    expect(levelFromEnv({ TF_LOG: "off" })).toBe(5);
    expect(createLogger({}).enabled("debug")).toBe(false);
    expect(createLogger({ TF_LOG: "debug" }).enabled("debug")).toBe(true);
  });
});
