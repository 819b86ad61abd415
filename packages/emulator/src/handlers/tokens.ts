/**
 * The four token endpoints. Issued tokens are bound to an appid (the tenant) and expire on the
 * emulator clock. Strict mode accepts only configured credentials; lenient mode checks the ones it
 * knows and issues tokens for any other appid.
 */
import { fail, ok } from "../answers.js";
import { secretHash } from "../random.js";
import type { Tenant } from "../state.js";
import type { Handler, HandlerContext } from "./context.js";

/** The app's tenant if the secret is right; 40001 when wrong (or unknown in strict mode). */
function appTenant(ctx: HandlerContext, appid: string, secret: string): Tenant | undefined {
  const t = ctx.state.tenant(appid);
  if (t?.secretHash) return t.secretHash === secretHash(secret) ? t : undefined;
  return ctx.strict ? undefined : ctx.state.ensureTenant(appid);
}

export const getAccessToken: Handler<"getAccessToken"> = (ctx, req) => {
  const t = appTenant(ctx, req.appid, req.secret);
  if (!t) return fail(40001);
  const { token, expiresIn } = ctx.state.issueToken(t.name, "app");
  return ok({ access_token: token, expires_in: expiresIn });
};

export const getStableAccessToken: Handler<"getStableAccessToken"> = (ctx, req) => {
  const t = appTenant(ctx, req.appid, req.secret);
  if (!t) return fail(40001);
  const current = ctx.state.stableTokens.get(t.name);
  const rec = current === undefined ? undefined : ctx.state.tokens.get(secretHash(current));
  const nowMs = ctx.state.clockOf(t).nowMs();
  if (current !== undefined && rec && rec.expiresAtMs > nowMs && !req.force_refresh) {
    return ok({ access_token: current, expires_in: Math.floor((rec.expiresAtMs - nowMs) / 1000) });
  }
  const { token, expiresIn } = ctx.state.issueToken(t.name, "stable");
  ctx.state.stableTokens.set(t.name, token);
  return ok({ access_token: token, expires_in: expiresIn });
};

export const getComponentAccessToken: Handler<"getComponentAccessToken"> = (ctx, req) => {
  const p = ctx.state.platforms.get(req.component_appid);
  if (p) {
    if (
      p.secretHash !== secretHash(req.component_appsecret) ||
      p.ticketHash !== secretHash(req.component_verify_ticket)
    ) {
      return fail(40001);
    }
  } else if (ctx.strict) {
    return fail(40001);
  }
  const { token, expiresIn } = ctx.state.issueToken(req.component_appid, "component");
  return ok({ component_access_token: token, expires_in: expiresIn });
};

export const getAuthorizerAccessToken: Handler<"getAuthorizerAccessToken"> = (ctx, req) => {
  // A component token issued to another platform than the one named in the body.
  if (ctx.componentOwner !== undefined && ctx.componentOwner !== req.component_appid) return fail(40001);
  let t = ctx.state.tenant(req.authorizer_appid);
  if (t?.authorizer || ctx.strict) {
    if (!t?.authorizer || t.authorizer.componentAppId !== req.component_appid) return fail(61007);
    if (t.authorizer.refreshTokenHash !== secretHash(req.authorizer_refresh_token)) return fail(40001);
  }
  t ??= ctx.state.ensureTenant(req.authorizer_appid);
  const { token, expiresIn } = ctx.state.issueToken(t.name, "authorizer");
  return ok({
    authorizer_access_token: token,
    expires_in: expiresIn,
    authorizer_refresh_token: req.authorizer_refresh_token,
  });
};
