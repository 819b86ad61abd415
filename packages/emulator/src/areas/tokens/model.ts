/**
 * Issued tokens: bound to an appid (the tenant, or a platform for component tokens), kept only as
 * SHA-256 hashes, expiring on the owner's clock. Issuing is a `token` change through the commit
 * point: the journal gets the appid, the kind and the expiry, never the token nor its hash.
 */
import type { Commit } from "../../model/lifecycle.js";
import type { Store, TokenKind } from "../../model/store.js";
import { secretHash } from "../../tenants/secrets.js";

export const TOKEN_TTL_SECONDS = 7200;

const BY: Record<TokenKind, string> = {
  app: "token",
  stable: "stable_token",
  component: "api_component_token",
  authorizer: "api_authorizer_token",
};

/** Issues a token bound to `owner`, valid for `TOKEN_TTL_SECONDS` on the owner's clock. */
export function issueToken(
  store: Store,
  commit: Commit,
  owner: string,
  kind: TokenKind,
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
    cause: { trigger: "command", by: BY[kind] },
  });
  return { token, expiresIn: TOKEN_TTL_SECONDS };
}
