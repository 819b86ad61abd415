/**
 * WXBizMsgCrypt, the scheme WeChat uses for pushes in safe mode: AES-256-CBC with the key
 * base64-decoded from the 43-character EncodingAESKey, IV = the key's first 16 bytes, PKCS#7
 * padding to 32-byte blocks; plaintext = 16 random bytes, message length (uint32 big-endian),
 * message (UTF-8), appid. Signatures are SHA-1 hex of the sorted, concatenated parts.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { WechatPushError } from "./errors.js";

/** The platform's push settings: message-check token, EncodingAESKey and component appid. */
export interface PushKeys {
  token: string;
  encodingAESKey: string;
  /** The third-party platform's component appid (the last part of every plaintext). */
  appid: string;
}

const BLOCK = 32;
const AES_KEY = /^[A-Za-z0-9+/]{43}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** SHA-1 hex of the lexically sorted concatenation of the parts (token, timestamp, nonce[, Encrypt]). */
export function pushSignature(...parts: string[]): string {
  return createHash("sha1")
    .update([...parts].sort().join(""))
    .digest("hex");
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(received: string | undefined, expected: string): boolean {
  if (received === undefined) return false;
  const a = Buffer.from(received.toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function aesKey(encodingAESKey: string): Buffer {
  if (!AES_KEY.test(encodingAESKey))
    throw new WechatPushError("bad_key", "EncodingAESKey must be 43 characters of base64");
  return Buffer.from(`${encodingAESKey}=`, "base64");
}

/** Encrypts `xml` as WeChat does; `random` (16 bytes) fixes the prefix for known-answer tests. */
export function encryptPush(
  xml: string,
  keys: Pick<PushKeys, "encodingAESKey" | "appid">,
  random?: Uint8Array,
): string {
  const key = aesKey(keys.encodingAESKey);
  const prefix = random ?? randomBytes(16);
  if (prefix.length !== 16) throw new TypeError("encryptPush: random must be 16 bytes");
  const message = Buffer.from(xml, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length);
  const plain = Buffer.concat([prefix, length, message, Buffer.from(keys.appid, "utf8")]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString("base64");
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Decrypts an `Encrypt` value; checks the base64, the padding, the length field and the appid. */
export function decryptPush(encrypt: string, keys: Pick<PushKeys, "encodingAESKey" | "appid">): string {
  const key = aesKey(keys.encodingAESKey);
  if (!BASE64.test(encrypt)) throw new WechatPushError("bad_ciphertext", "Encrypt is not base64");
  const data = Buffer.from(encrypt, "base64");
  if (data.length < BLOCK || data.length % 16 !== 0)
    throw new WechatPushError("bad_ciphertext", "Encrypt is not a whole number of AES blocks");
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = padded[padded.length - 1]!;
  if (pad < 1 || pad > BLOCK || padded.subarray(padded.length - pad).some((b) => b !== pad))
    throw new WechatPushError(
      "bad_padding",
      "the decrypted message is not PKCS#7-padded (wrong EncodingAESKey?)",
    );
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < 20) throw new WechatPushError("bad_ciphertext", "the decrypted message is too short");
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length)
    throw new WechatPushError("bad_ciphertext", "the decrypted message's length field exceeds the message");
  const appid = plain.subarray(20 + length).toString("utf8");
  if (appid !== keys.appid)
    throw new WechatPushError("appid_mismatch", "appid in the message is not the configured one");
  try {
    return UTF8.decode(plain.subarray(20, 20 + length));
  } catch {
    throw new WechatPushError("bad_ciphertext", "the decrypted message is not UTF-8");
  }
}
