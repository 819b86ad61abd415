/**
 * Issued tokens: bound to an appid (the tenant, or a platform for component tokens), kept only as
 * SHA-256 hashes, expiring on the owner's clock. Issuing is a `token` change through the commit
 * point: the journal gets the appid, the kind and the expiry, never the token nor its hash.
 * Also stable_token's rules (D13): the early refresh and the force_refresh limits.
 */
import { beijingDayMonth } from "../../clock.js";
import type { StableRefreshCounters } from "../../model/changes.js";
import type { Commit } from "../../model/lifecycle.js";
import type { Store, Tenant, TokenKind } from "../../model/store.js";
import { secretHash } from "../../tenants/secrets.js";

export const TOKEN_TTL_SECONDS = 7200;
/** stable_token in normal mode hands out a new token once the current one has less than this left. */
export const STABLE_EARLY_REFRESH_MS = 300_000;
/** stable_token force_refresh: at most this many a day (Beijing time) per appid... */
export const STABLE_FORCE_PER_DAY = 20;
/** ...and at least this long apart. */
export const STABLE_FORCE_SPACING_MS = 30_000;

const BY: Record<TokenKind, string> = {
  app: "token",
  stable: "stable_token",
  component: "api_component_token",
  authorizer: "api_authorizer_token",
};

/**
 * Issues a token bound to `owner`, valid for `TOKEN_TTL_SECONDS` on the owner's clock;
 * `supersede`: the owner's earlier tokens of this kind stop at once.
 */
export function issueToken(
  store: Store,
  commit: Commit,
  owner: string,
  kind: TokenKind,
  supersede = false,
): { token: string; expiresIn: number } {
  const prefix = { app: "77", stable: "78", component: "79", authorizer: "80" }[kind];
  const token = `${prefix}_${store.prng.chars(108)}`;
  const expiresAtMs = store.clockOf(owner).nowMs() + TOKEN_TTL_SECONDS * 1000;
  commit({
    kind: "token",
    tenant: owner,
    tokenKind: kind,
    expiresAtMs,
    hash: secretHash(token),
    ...(kind === "stable" && { stable: token }),
    ...(supersede && { supersede: true as const }),
    cause: { trigger: "command", by: BY[kind] },
  });
  return { token, expiresIn: TOKEN_TTL_SECONDS };
}

/** The current stable token and its seconds left, if it has at least the early-refresh margin left. */
export function currentStable(store: Store, t: Tenant): { token: string; expiresIn: number } | undefined {
  const token = store.stableTokens.get(t.name);
  const rec = token === undefined ? undefined : store.tokens.get(secretHash(token));
  if (token === undefined || !rec) return undefined;
  const leftMs = rec.expiresAtMs - store.clockOf(t).nowMs();
  return leftMs >= STABLE_EARLY_REFRESH_MS ? { token, expiresIn: Math.floor(leftMs / 1000) } : undefined;
}

/**
 * The force_refresh counters after one more call, or the errcode refusing it: 45011 within 30 s
 * of the last one, 45009 past 20 today.
 */
export function nextForceRefresh(store: Store, t: Tenant): StableRefreshCounters | 45009 | 45011 {
  const clock = store.clockOf(t);
  const nowMs = clock.nowMs();
  const { day } = beijingDayMonth(clock.now());
  const last = t.stableRefresh;
  if (last && nowMs - last.lastMs < STABLE_FORCE_SPACING_MS) return 45011;
  const count = last?.day === day ? last.count : 0;
  if (count >= STABLE_FORCE_PER_DAY) return 45009;
  return { day, count: count + 1, lastMs: Math.floor(nowMs) };
}
