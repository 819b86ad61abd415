/** WXBizMsgCrypt: known answers from WeChat's own sample, then every way decryption refuses. */
import { createCipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptPush, encryptPush, pushSignature, WechatPushError } from "../src/push/index.js";
import { KEYS, SAMPLE } from "./support/push-fixtures.js";

function failure(fn: () => unknown): WechatPushError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WechatPushError);
    return err as WechatPushError;
  }
  throw new Error("expected a WechatPushError");
}

/** AES-256-CBC of raw bytes (already padded or deliberately not), the way WeChat keys it. */
function rawEncrypt(plain: Buffer, encodingAESKey: string): string {
  const key = Buffer.from(`${encodingAESKey}=`, "base64");
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString("base64");
}

function plaintext(message: string, appid: string, lengthField?: number): Buffer {
  const msg = Buffer.from(message);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(lengthField ?? msg.length);
  return Buffer.concat([Buffer.alloc(16, 7), len, msg, Buffer.from(appid)]);
}

function pkcs7(buf: Buffer): Buffer {
  const pad = 32 - (buf.length % 32);
  return Buffer.concat([buf, Buffer.alloc(pad, pad)]);
}

describe("known answers (WeChat's WXBizMsgCrypt sample)", () => {
  const keys = { encodingAESKey: SAMPLE.encodingAESKey, appid: SAMPLE.appid };

  it("encrypting with the sample's random prefix gives the sample's ciphertext", () => {
    expect(encryptPush(SAMPLE.message, keys, Buffer.from(SAMPLE.random))).toBe(SAMPLE.ciphertext);
  });

  it("msg_signature of that ciphertext is the sample's", () => {
    expect(pushSignature(SAMPLE.token, String(SAMPLE.timestamp), SAMPLE.nonce, SAMPLE.ciphertext)).toBe(
      SAMPLE.msgSignature,
    );
    // order of the parts does not matter: they are sorted
    expect(pushSignature(SAMPLE.ciphertext, SAMPLE.nonce, String(SAMPLE.timestamp), SAMPLE.token)).toBe(
      SAMPLE.msgSignature,
    );
  });

  it("decrypting the sample's ciphertext gives the sample's message", () => {
    expect(decryptPush(SAMPLE.ciphertext, keys)).toBe(SAMPLE.message);
  });

  it("a random prefix by default: two encryptions differ, both decrypt", () => {
    const a = encryptPush("<xml/>", KEYS);
    const b = encryptPush("<xml/>", KEYS);
    expect(a).not.toBe(b);
    expect(decryptPush(a, KEYS)).toBe("<xml/>");
    expect(decryptPush(b, KEYS)).toBe("<xml/>");
  });

  it("pads to 32-byte blocks (a whole block of padding when already aligned)", () => {
    // 16 + 4 + 12 = 32 bytes before the appid-less plaintext: one more 32-byte block of padding
    const c = encryptPush(
      "123456789012",
      { encodingAESKey: KEYS.encodingAESKey, appid: "" },
      Buffer.alloc(16),
    );
    expect(Buffer.from(c, "base64")).toHaveLength(64);
    expect(decryptPush(c, { encodingAESKey: KEYS.encodingAESKey, appid: "" })).toBe("123456789012");
  });
});

describe("decryption refuses", () => {
  const good = encryptPush("<xml><A>1</A></xml>", KEYS);

  it("bad_key: an EncodingAESKey that is not 43 base64 characters", () => {
    for (const encodingAESKey of ["short", `${KEYS.encodingAESKey}x`, `${KEYS.encodingAESKey.slice(0, 42)}!`])
      expect(failure(() => decryptPush(good, { ...KEYS, encodingAESKey })).reason).toBe("bad_key");
    expect(failure(() => encryptPush("x", { ...KEYS, encodingAESKey: "short" })).reason).toBe("bad_key");
  });

  it("bad_padding: the wrong (well-formed) key", () => {
    const other = { ...KEYS, encodingAESKey: "OtherAesKey0123456789abcdefghijklmnopqrstuv" };
    expect(failure(() => decryptPush(good, other)).reason).toBe("bad_padding");
  });

  it("bad_padding: padding bytes that are not PKCS#7 (0, > 32, or inconsistent)", () => {
    const body = plaintext("<xml/>", KEYS.appid);
    const unpadded = Buffer.concat([body, Buffer.alloc(32 - (body.length % 32), 0)]); // pad byte 0
    expect(failure(() => decryptPush(rawEncrypt(unpadded, KEYS.encodingAESKey), KEYS)).reason).toBe(
      "bad_padding",
    );
    const mixed = pkcs7(body);
    mixed.writeUInt8(mixed.at(-2)! ^ 1, mixed.length - 2);
    expect(failure(() => decryptPush(rawEncrypt(mixed, KEYS.encodingAESKey), KEYS)).reason).toBe(
      "bad_padding",
    );
  });

  it("bad_ciphertext: truncated, not base64, or a length field past the end", () => {
    expect(failure(() => decryptPush(good.slice(0, -8), KEYS)).reason).toBe("bad_ciphertext");
    expect(failure(() => decryptPush(`${good.slice(0, -4)}!!!=`, KEYS)).reason).toBe("bad_ciphertext");
    expect(failure(() => decryptPush("", KEYS)).reason).toBe("bad_ciphertext");
    const lying = pkcs7(plaintext("<xml/>", KEYS.appid, 9999));
    expect(failure(() => decryptPush(rawEncrypt(lying, KEYS.encodingAESKey), KEYS)).reason).toBe(
      "bad_ciphertext",
    );
  });

  it("appid_mismatch: a message for another platform", () => {
    const e = failure(() => decryptPush(good, { ...KEYS, appid: "wxsomeoneelse00001" }));
    expect(e.reason).toBe("appid_mismatch");
    expect(e.message).toBe("appid in the message is not the configured one");
  });

  it("no key, appid or plaintext in any error message or JSON", () => {
    const errors = [
      failure(() => decryptPush(good, { ...KEYS, appid: "wxsomeoneelse00001" })),
      failure(() => decryptPush(good, { ...KEYS, encodingAESKey: `${KEYS.encodingAESKey}x` })),
      failure(() => decryptPush(good.slice(0, -8), KEYS)),
      failure(() =>
        decryptPush(good, { ...KEYS, encodingAESKey: "OtherAesKey0123456789abcdefghijklmnopqrstuv" }),
      ),
    ];
    for (const e of errors) {
      const text = `${e.message} ${JSON.stringify(e)} ${String(e)}`;
      for (const secret of [KEYS.encodingAESKey, KEYS.appid, "wxsomeoneelse00001", "<xml>", good])
        expect(text).not.toContain(secret);
      expect(JSON.parse(JSON.stringify(e))).toMatchObject({ code: "WXA_PUSH_ERROR", reason: e.reason });
    }
  });
});
