/**
 * The four token endpoints. Issued tokens are bound to an appid (the tenant) and expire on the
 * emulator clock. Strict mode accepts only configured credentials; lenient mode checks the ones it
 * knows and issues tokens for any other appid.
 */
import { fail, ok } from "../../answers.js";
import type { Platform, Tenant } from "../../model/store.js";
import { fitsTenantName } from "../../tenants/naming.js";
import { secretHash } from "../../tenants/secrets.js";
import { ensureTenant, type Handler, type HandlerContext } from "../context.js";
import { issueToken } from "./model.js";

/** The app's tenant if the secret is right; 40001 when wrong (or unknown in strict mode). */
function appTenant(ctx: HandlerContext, appid: string, secret: string): Tenant | undefined {
  const t = ctx.store.tenant(appid);
  if (t?.secretHash) return t.secretHash === secretHash(secret) ? t : undefined;
  // An appid no tenant can be named after is refused as strict mode refuses an unknown one.
  return ctx.strict || !fitsTenantName(appid) ? undefined : ensureTenant(ctx, appid);
}

export const getAccessToken: Handler<"getAccessToken"> = (ctx, req) => {
  const t = appTenant(ctx, req.appid, req.secret);
  if (!t) return fail(40001);
  const { token, expiresIn } = issueToken(ctx.store, ctx.commit, t.name, "app");
  return ok({ access_token: token, expires_in: expiresIn });
};

export const getStableAccessToken: Handler<"getStableAccessToken"> = (ctx, req) => {
  const t = appTenant(ctx, req.appid, req.secret);
  if (!t) return fail(40001);
  const current = ctx.store.stableTokens.get(t.name);
  const rec = current === undefined ? undefined : ctx.store.tokens.get(secretHash(current));
  const nowMs = ctx.store.clockOf(t).nowMs();
  if (current !== undefined && rec && rec.expiresAtMs > nowMs && !req.force_refresh) {
    return ok({ access_token: current, expires_in: Math.floor((rec.expiresAtMs - nowMs) / 1000) });
  }
  const { token, expiresIn } = issueToken(ctx.store, ctx.commit, t.name, "stable");
  return ok({ access_token: token, expires_in: expiresIn });
};

export const getComponentAccessToken: Handler<"getComponentAccessToken"> = (ctx, req) => {
  const p = ctx.store.platforms.get(req.component_appid);
  if (p) {
    if (
      p.secretHash !== secretHash(req.component_appsecret) ||
      !ticketAccepted(p, secretHash(req.component_verify_ticket), ctx.store.clock.nowMs())
    ) {
      return fail(40001);
    }
  } else if (ctx.strict || !fitsTenantName(req.component_appid)) {
    return fail(40001);
  }
  const { token, expiresIn } = issueToken(ctx.store, ctx.commit, req.component_appid, "component");
  return ok({ component_access_token: token, expires_in: expiresIn });
};

export const getAuthorizerAccessToken: Handler<"getAuthorizerAccessToken"> = (ctx, req) => {
  // A component token issued to another platform than the one named in the body.
  if (ctx.componentOwner !== undefined && ctx.componentOwner !== req.component_appid) return fail(40001);
  let t = ctx.store.tenant(req.authorizer_appid);
  if (t?.authorizer || ctx.strict) {
    if (!t?.authorizer || t.authorizer.componentAppId !== req.component_appid) return fail(61007);
    if (t.authorizer.refreshTokenHash !== secretHash(req.authorizer_refresh_token)) return fail(40001);
  }
  if (!t && !fitsTenantName(req.authorizer_appid)) return fail(40001);
  t ??= ensureTenant(ctx, req.authorizer_appid);
  const { token, expiresIn } = issueToken(ctx.store, ctx.commit, t.name, "authorizer");
  return ok({
    authorizer_access_token: token,
    expires_in: expiresIn,
    authorizer_refresh_token: req.authorizer_refresh_token,
  });
};

/** The configured ticket, or one the emulator pushed that has not expired (WeChat: 12 hours). */
function ticketAccepted(p: Platform, hash: string, nowMs: number): boolean {
  return (
    p.ticketHash === hash || (p.pushedTickets ?? []).some((t) => t.hash === hash && t.expiresAtMs > nowMs)
  );
}
