/**
 * A platform's push settings (config file `platforms[].push`, and the admin API's POST
 * /__admin/platforms): where WeChat's pushes go and the keys they are sealed with. The token and
 * the EncodingAESKey are secrets: they live in memory with the platform, never in the journal, an
 * admin view or a snapshot (an import keeps the settings the emulator already has).
 */
import { z } from "zod";

const HttpUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      const p = new URL(u.replaceAll("$APPID$", "wx0"));
      return p.protocol === "http:" || p.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

export const PushSettingsSchema = z.strictObject({
  /** The message-and-event URL; `$APPID$` is replaced by the mini program's appid (audit events). */
  url: HttpUrl,
  /** The authorization-event URL (verify tickets, authorized / updateauthorized). None: not pushed. */
  authUrl: HttpUrl.optional(),
  /** The platform's message check token (3 to 32 letters and digits, as WeChat's console requires). */
  token: z.string().regex(/^[A-Za-z0-9]{3,32}$/, "must be 3 to 32 letters or digits"),
  /** 43 letters and digits, as WeChat's console generates it. */
  encodingAESKey: z.string().regex(/^[A-Za-z0-9]{43}$/, "must be 43 letters or digits"),
  /** "aes" (safe mode, WeChat's default for platforms) or "plain". */
  mode: z.enum(["aes", "plain"]).default("aes"),
  /** Push a fresh component_verify_ticket to `authUrl` every ten minutes on the shared clock. */
  verifyTicket: z.boolean().default(false),
  /** How long (real milliseconds) an attempt waits for the receiver's answer: WeChat waits 5 s. */
  attemptTimeoutMs: z.number().int().min(1).max(60_000).default(5_000),
});
export type PushSettings = z.output<typeof PushSettingsSchema>;

/** What an admin view shows of the settings: no token, no key. */
export function pushSettingsView(s: PushSettings) {
  return {
    url: s.url,
    ...(s.authUrl !== undefined && { authUrl: s.authUrl }),
    mode: s.mode,
    verifyTicket: s.verifyTicket,
    attemptTimeoutMs: s.attemptTimeoutMs,
  };
}
