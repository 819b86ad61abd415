/**
 * The one error type of push handling. `reason` is a stable string (pinned by a test); the
 * message names what is wrong and never carries a key, token, ticket, ciphertext or plaintext.
 */
import { WxaError } from "../errors.js";

export const PUSH_FAILURES = [
  "body_too_large",
  "bad_xml",
  "xml_doctype",
  "xml_too_deep",
  "missing_field",
  "bad_field",
  "bad_encrypt_type",
  "bad_signature",
  "stale_timestamp",
  "replayed_nonce",
  "bad_key",
  "bad_ciphertext",
  "bad_padding",
  "appid_mismatch",
] as const;

export type PushFailure = (typeof PUSH_FAILURES)[number];

export class WechatPushError extends WxaError {
  readonly code = "WXA_PUSH_ERROR" as const;
  readonly reason: PushFailure;
  constructor(reason: PushFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}
