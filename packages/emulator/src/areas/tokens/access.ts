/**
 * Who may ask for a token besides holding the secret: the caller's IP against the account's
 * whitelist (40164 for an app, 61004 for a platform) and a frozen AppSecret (40243). Set in the
 * config (`ipWhitelist`, `secretFrozen` on a tenant; `ipWhitelist` on a platform) or through the
 * admin API (createTenant, addPlatform take the same fields).
 */
import { isIP } from "node:net";
import { z } from "zod";

/** Most addresses one whitelist holds (WeChat's own page allows a few hundred). */
export const MAX_WHITELIST = 200;

export const IpWhitelistSchema = z
  .array(z.string().refine((ip) => isIP(ip) !== 0, "must be an IPv4 or IPv6 address"))
  .max(MAX_WHITELIST);

/** `::ffff:a.b.c.d` (an IPv4 caller on a dual-stack socket) as `a.b.c.d`. */
export function plainIp(ip: string): string {
  return ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

/** Whether `ip` may call: no whitelist allows anyone; an unknown caller address is refused by one. */
export function ipAllowed(whitelist: readonly string[] | undefined, ip: string | undefined): boolean {
  if (whitelist === undefined) return true;
  if (ip === undefined) return false;
  const caller = plainIp(ip);
  return whitelist.some((w) => plainIp(w) === caller);
}

/** 40164's errmsg as WeChat words it, naming the caller (C 000e067cac4100bd739c10fe55b000). */
export function notWhitelistedErrmsg(ip: string | undefined): string {
  const caller = ip === undefined ? "unknown" : plainIp(ip);
  return isIP(caller) === 4
    ? `invalid ip ${caller} ipv6 ::ffff:${caller}, not in whitelist`
    : `invalid ip ${caller}, not in whitelist`;
}
