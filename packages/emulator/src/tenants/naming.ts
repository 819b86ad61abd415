/** Lenient-mode tenant of a token, from the token's SHA-256 hex: `tok-` and 12 digits, never the token. */
export function lenientTenantName(tokenHash: string): string {
  return `tok-${tokenHash.slice(0, 12)}`;
}
