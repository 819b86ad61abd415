/**
 * Issued tokens: bound to an appid (the tenant, or a platform for component tokens), kept only as
 * SHA-256 hashes, expiring on the owner's clock.
 */
import type { Store, TokenKind } from "../../model/store.js";
import { secretHash } from "../../tenants/secrets.js";

export const TOKEN_TTL_SECONDS = 7200;
/** A token expired this long ago is forgotten (an issuing loop must not grow the map for ever). */
const EXPIRED_TOKEN_MEMORY_MS = 86_400_000;
/** A new plain token retires the previous ones after this long, as WeChat does. */
const PLAIN_TOKEN_OVERLAP_MS = 300_000;

/** Issues a token bound to `owner`, valid for `TOKEN_TTL_SECONDS` on the owner's clock. */
export function issueToken(
  store: Store,
  owner: string,
  kind: TokenKind,
): { token: string; expiresIn: number } {
  const prefix = { app: "77", stable: "78", component: "79", authorizer: "80" }[kind];
  const token = `${prefix}_${store.prng.chars(108)}`;
  const nowMs = store.clockOf(owner).nowMs();
  for (const [hash, rec] of store.tokens) {
    if (rec.owner !== owner || rec.kind !== kind) continue;
    // A recently expired token stays known, so it still answers 42001 rather than 40001.
    if (rec.expiresAtMs + EXPIRED_TOKEN_MEMORY_MS <= nowMs) store.tokens.delete(hash);
    else if (kind === "app") rec.expiresAtMs = Math.min(rec.expiresAtMs, nowMs + PLAIN_TOKEN_OVERLAP_MS);
  }
  store.tokens.set(secretHash(token), { owner, kind, expiresAtMs: nowMs + TOKEN_TTL_SECONDS * 1000 });
  return { token, expiresIn: TOKEN_TTL_SECONDS };
}
