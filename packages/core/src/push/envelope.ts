/**
 * The envelope around a push: query signature, freshness, replay, and (safe mode) the
 * `<xml><ToUserName|AppId/><Encrypt/></xml>` wrapper. `sealPush` builds what WeChat would send;
 * `openPush` checks all of it, in an order that keeps unauthenticated input from reaching state
 * (size, XML shape, signature, then freshness and the replay guard, then decryption).
 */
import { decryptPush, encryptPush, type PushKeys, pushSignature, signatureMatches } from "./crypto.js";
import { WechatPushError } from "./errors.js";
import { eventToXml, isInfoEvent, type KnownPushEvent, type PushEvent, parseEventXml } from "./events.js";
import type { ReplayGuard } from "./replay.js";
import { buildFlatXml, DEFAULT_MAX_BODY_BYTES, parseFlatXml } from "./xml.js";

export interface SealOptions extends PushKeys {
  timestamp: number;
  nonce: string;
  /** 16 bytes: fixes the random prefix of the ciphertext (known-answer tests). */
  random?: Uint8Array;
  /** `aes` (safe mode, the default) or `plain`. */
  mode?: "aes" | "plain";
}

export interface SealedPush {
  /** timestamp, nonce, signature; in aes mode also encrypt_type=aes and msg_signature. */
  query: Record<string, string>;
  /** The `<xml>` wrapper with `<Encrypt>` in aes mode; the plaintext XML in plain mode. */
  body: string;
}

export type SealInput = KnownPushEvent | { xml: string; outer: { ToUserName: string } | { AppId: string } };

/** What WeChat would send for this event (or raw XML): query parameters and body. */
export function sealPush(input: SealInput, opts: SealOptions): SealedPush {
  let xml: string;
  let outer: readonly [string, string];
  if ("xml" in input) {
    xml = input.xml;
    outer = "AppId" in input.outer ? ["AppId", input.outer.AppId] : ["ToUserName", input.outer.ToUserName];
  } else {
    xml = eventToXml(input);
    outer = isInfoEvent(input) ? ["AppId", input.appId] : ["ToUserName", input.toUserName];
  }
  const timestamp = String(opts.timestamp);
  const query: Record<string, string> = {
    signature: pushSignature(opts.token, timestamp, opts.nonce),
    timestamp,
    nonce: opts.nonce,
  };
  if (opts.mode === "plain") return { query, body: xml };
  const encrypt = encryptPush(xml, opts, opts.random);
  query.encrypt_type = "aes";
  query.msg_signature = pushSignature(opts.token, timestamp, opts.nonce, encrypt);
  return { query, body: buildFlatXml([outer, ["Encrypt", encrypt]]) };
}

export interface OpenOptions {
  /** The message-check token configured on the platform. */
  token: string;
  /** Needed for safe-mode (encrypt_type=aes) pushes. */
  encodingAESKey?: string;
  /** The platform's component appid; needed for safe-mode pushes. */
  appid?: string;
  /** Unix seconds (default: the system clock). */
  now?: () => number;
  /** Largest allowed |now − timestamp| (default 300); 0 or Infinity turns the check off. */
  maxSkewSeconds?: number;
  /** Refuses a nonce seen within its window (`replayed_nonce`). */
  replay?: ReplayGuard;
  /** Largest body accepted, in bytes (default 256 KiB). */
  maxBodyBytes?: number;
}

export interface PushRequest {
  query: URLSearchParams | Record<string, string | undefined>;
  body: string | Uint8Array;
}

/** What `openPush` checked, for the handler: the event and the envelope's identity. */
export interface OpenedPush {
  event: PushEvent;
  timestamp: number;
  nonce: string;
  mode: "aes" | "plain";
}

export const DEFAULT_MAX_SKEW_SECONDS = 300;

const systemNow = (): number => Math.floor(Date.now() / 1000);
const UTF8 = new TextDecoder("utf-8", { fatal: true });

export function queryGetter(query: PushRequest["query"]): (name: string) => string | undefined {
  return query instanceof URLSearchParams
    ? (name) => query.get(name) ?? undefined
    : (name) => (Object.hasOwn(query, name) ? query[name] : undefined);
}

/** Verifies everything about a push (see the file comment), then parses its event. */
export function openPush(req: PushRequest, opts: OpenOptions): PushEvent {
  return openPushDetailed(req, opts).event;
}

export function openPushDetailed(req: PushRequest, opts: OpenOptions): OpenedPush {
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const size = typeof req.body === "string" ? Buffer.byteLength(req.body, "utf8") : req.body.byteLength;
  if (size > maxBytes)
    throw new WechatPushError("body_too_large", `the body is larger than ${maxBytes} bytes`);
  let body: string;
  try {
    body = typeof req.body === "string" ? req.body : UTF8.decode(req.body);
  } catch {
    throw new WechatPushError("bad_xml", "the body is not UTF-8");
  }

  const q = queryGetter(req.query);
  const timestampText = required(q, "timestamp");
  const nonce = required(q, "nonce");
  if (!/^\d{1,12}$/.test(timestampText))
    throw new WechatPushError("bad_field", "query parameter timestamp is not unix seconds");
  const timestamp = Number(timestampText);
  const encryptType = q("encrypt_type");
  const mode =
    encryptType === "aes" ? "aes" : encryptType === undefined || encryptType === "raw" ? "plain" : undefined;
  if (!mode)
    throw new WechatPushError("bad_encrypt_type", "query parameter encrypt_type is neither aes nor raw");

  const signature = q("signature");
  const plainSignature = pushSignature(opts.token, timestampText, nonce);
  let inner: string;
  if (mode === "plain") {
    if (signature === undefined)
      throw new WechatPushError("missing_field", "query parameter signature is missing");
    if (!signatureMatches(signature, plainSignature))
      throw new WechatPushError("bad_signature", "signature does not match");
    inner = body;
  } else {
    const outer = parseFlatXml(body, maxBytes);
    const encrypt = outer.Encrypt;
    if (encrypt === undefined) throw new WechatPushError("missing_field", "<Encrypt> is missing");
    const msgSignature = required(q, "msg_signature");
    if (!signatureMatches(msgSignature, pushSignature(opts.token, timestampText, nonce, encrypt)))
      throw new WechatPushError("bad_signature", "msg_signature does not match");
    // WeChat sends `signature` too; when present it must be right as well.
    if (signature !== undefined && !signatureMatches(signature, plainSignature))
      throw new WechatPushError("bad_signature", "signature does not match");
    inner = encrypt;
  }

  const now = (opts.now ?? systemNow)();
  const skew = opts.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  if (skew > 0 && Number.isFinite(skew) && Math.abs(now - timestamp) > skew)
    throw new WechatPushError("stale_timestamp", `timestamp is more than ${skew} s away from now`);
  if (opts.replay && !opts.replay.check(nonce, now))
    throw new WechatPushError("replayed_nonce", "this nonce was already seen");

  if (mode === "aes") {
    if (!opts.encodingAESKey || !opts.appid)
      throw new WechatPushError(
        "bad_key",
        "a safe-mode push came, but no EncodingAESKey and appid are configured",
      );
    inner = decryptPush(inner, { encodingAESKey: opts.encodingAESKey, appid: opts.appid });
  }
  return { event: parseEventXml(inner, maxBytes), timestamp, nonce, mode };
}

function required(q: (name: string) => string | undefined, name: string): string {
  const v = q(name);
  if (v === undefined || v === "")
    throw new WechatPushError("missing_field", `query parameter ${name} is missing`);
  return v;
}
