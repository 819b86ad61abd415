/**
 * The four token endpoints. Issued tokens are bound to an appid (the tenant) and expire on the
 * emulator clock. Strict mode accepts only configured credentials; lenient mode checks the ones it
 * knows and issues tokens for any other appid. Each failure answers WeChat's own errcode (D10-D13):
 * checked in the order request, appid, secret, account state (frozen secret, caller IP).
 * Successful answers carry only the documented fields (no errcode, no errmsg).
 */
import { fail, type Outcome, okBare } from "../../answers.js";
import type { Platform, Tenant } from "../../model/store.js";
import { fitsTenantName } from "../../tenants/naming.js";
import { secretHash } from "../../tenants/secrets.js";
import { ensureTenant, type Handler, type HandlerContext } from "../context.js";
import { ipAllowed, notWhitelistedErrmsg } from "./access.js";
import { currentStable, issueToken, nextForceRefresh } from "./model.js";

type AppRequest = { grant_type?: string | undefined; appid: string; secret?: string | undefined };
type AppErrcode = 40002 | 40013 | 40125 | 40164 | 40243 | 41004 | 61024;

/** The app's tenant, or why /cgi-bin/token and stable_token refuse the request. */
function appTenant(ctx: HandlerContext, req: AppRequest): Tenant | Outcome<AppErrcode> {
  if (req.grant_type !== "client_credential") return fail(40002);
  if (!req.secret) return fail(41004);
  // A platform's appid gets its token from api_component_token.
  if (ctx.store.platforms.has(req.appid)) return fail(61024);
  let t = ctx.store.tenant(req.appid);
  if (!t) {
    // An appid no tenant can be named after is refused as strict mode refuses an unknown one.
    if (ctx.strict || !fitsTenantName(req.appid)) return fail(40013);
    t = ensureTenant(ctx, req.appid);
  } else if (t.secretHash ? t.secretHash !== secretHash(req.secret) : ctx.strict) {
    // Strict mode: a tenant with no secret configured has none that could match.
    return fail(40125);
  }
  if (t.tokenAccess?.secretFrozen) return fail(40243);
  if (!ipAllowed(t.tokenAccess?.ipWhitelist, ctx.clientIp))
    return { errcode: 40164, errmsg: notWhitelistedErrmsg(ctx.clientIp) };
  return t;
}

const isOutcome = <C extends number>(v: Tenant | Outcome<C>): v is Outcome<C> => "errcode" in v || "ok" in v;

export const getAccessToken: Handler<"getAccessToken"> = (ctx, req) => {
  const t = appTenant(ctx, req);
  if (isOutcome(t)) return t;
  const { token, expiresIn } = issueToken(ctx.store, ctx.commit, t.name, "app");
  return okBare({ access_token: token, expires_in: expiresIn });
};

/**
 * Normal mode: the current stable token while it has 5 minutes or more left, else a new one (the
 * old one stays valid to its end, so expires_in is never below 300). force_refresh: a new one at
 * once, the previous one invalid (40001), at most 20 a day and 30 s apart (45009 / 45011).
 * Stable tokens are their own kind: /cgi-bin/token neither sees nor retires them.
 */
export const getStableAccessToken: Handler<"getStableAccessToken"> = (ctx, req) => {
  const t = appTenant(ctx, req);
  if (isOutcome(t)) return t;
  if (!req.force_refresh) {
    const current = currentStable(ctx.store, t);
    if (current) return okBare({ access_token: current.token, expires_in: current.expiresIn });
    const { token, expiresIn } = issueToken(ctx.store, ctx.commit, t.name, "stable");
    return okBare({ access_token: token, expires_in: expiresIn });
  }
  const counters = nextForceRefresh(ctx.store, t);
  if (typeof counters === "number") return fail(counters);
  const cause = { trigger: "command", by: "stable_token" } as const;
  ctx.commit({ kind: "counter", tenant: t.name, counter: "stableRefresh", to: counters, cause });
  const { token, expiresIn } = issueToken(ctx.store, ctx.commit, t.name, "stable", true);
  return okBare({ access_token: token, expires_in: expiresIn });
};

/**
 * A configured platform checks its secret, ticket and IP whitelist. Strict mode: an appid that
 * is a mini program's is no platform (61011); one the emulator does not know at all, 40013.
 */
export const getComponentAccessToken: Handler<"getComponentAccessToken"> = (ctx, req) => {
  if (!req.component_appsecret) return fail(41004);
  const p = ctx.store.platforms.get(req.component_appid);
  if (p) {
    if (p.secretHash !== secretHash(req.component_appsecret)) return fail(40125);
    const ticket = ticketState(p, req.component_verify_ticket, ctx.store.clock.nowMs());
    if (ticket !== "ok") return fail(ticket);
    if (!ipAllowed(p.ipWhitelist, ctx.clientIp)) return fail(61004);
  } else if (ctx.strict || !fitsTenantName(req.component_appid)) {
    return fail(ctx.store.tenant(req.component_appid) ? 61011 : 40013);
  } else if (!req.component_verify_ticket) {
    return fail(61006);
  }
  const { token, expiresIn } = issueToken(ctx.store, ctx.commit, req.component_appid, "component");
  return okBare({ component_access_token: token, expires_in: expiresIn });
};

export const getAuthorizerAccessToken: Handler<"getAuthorizerAccessToken"> = (ctx, req) => {
  // A component token issued to another platform than the one named in the body.
  if (ctx.componentOwner !== undefined && ctx.componentOwner !== req.component_appid) return fail(40001);
  let t = ctx.store.tenant(req.authorizer_appid);
  if (t?.authorizer || ctx.strict) {
    if (!t?.authorizer || t.authorizer.componentAppId !== req.component_appid) return fail(61007);
    if (t.authorizer.refreshTokenHash !== secretHash(req.authorizer_refresh_token)) return fail(61023);
  }
  if (!t && !fitsTenantName(req.authorizer_appid)) return fail(40001);
  t ??= ensureTenant(ctx, req.authorizer_appid);
  const { token, expiresIn } = issueToken(ctx.store, ctx.commit, t.name, "authorizer");
  return okBare({
    authorizer_access_token: token,
    expires_in: expiresIn,
    authorizer_refresh_token: req.authorizer_refresh_token,
  });
};

/**
 * The configured ticket is always accepted, and one the emulator pushed until it expires
 * (WeChat: 12 hours), then 61005; any other (or an empty one), 61006.
 */
function ticketState(p: Platform, ticket: string, nowMs: number): "ok" | 61005 | 61006 {
  if (!ticket) return 61006;
  const hash = secretHash(ticket);
  if (p.ticketHash === hash) return "ok";
  const pushed = (p.pushedTickets ?? []).find((t) => t.hash === hash);
  if (!pushed) return 61006;
  return pushed.expiresAtMs > nowMs ? "ok" : 61005;
}
