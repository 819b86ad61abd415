/**
 * The longest tenant name (an appid; WeChat's are 18 characters): what configs and snapshots
 * accept, so a lenient tenant made from a longer appid could never be imported back.
 */
export const MAX_TENANT_NAME = 128;

/** Whether `appid` can name a tenant (lenient mode refuses the others like unknown credentials). */
export function fitsTenantName(appid: string): boolean {
  return appid.length >= 1 && appid.length <= MAX_TENANT_NAME;
}

/** Lenient-mode tenant of a token, from the token's SHA-256 hex: `tok-` and 12 digits, never the token. */
export function lenientTenantName(tokenHash: string): string {
  return `tok-${tokenHash.slice(0, 12)}`;
}
