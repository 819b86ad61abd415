/**
 * What a WeChat-surface handler sees: the store, the tenant, the commit point, and the parsed
 * request. Handlers are plain functions returning an Outcome; they know nothing of HTTP. A
 * handler's type limits the errcodes it may answer to its endpoint's row in core's table (plus the
 * generic ones), so a code the row does not list fails to compile.
 */
import type { EndpointName, Endpoints, ErrcodeOf, GenericErrcode } from "@wxa-audit/core/tables";
import type { z } from "zod";
import type { Outcome } from "../answers.js";
import type { Commit } from "../model/lifecycle.js";
import type { Store, Tenant, TokenKind } from "../model/store.js";

export interface HandlerContext {
  readonly store: Store;
  /** The tenant of an `access_token` endpoint; undefined for the token endpoints. */
  readonly tenant: Tenant | undefined;
  /** Kind of the access token used, when the emulator issued it. */
  readonly tokenKind: TokenKind | undefined;
  /** Owner of the component_access_token used (getAuthorizerAccessToken), when issued here. */
  readonly componentOwner: string | undefined;
  readonly strict: boolean;
  /** The caller's IP address, when known (the token endpoints' whitelists). */
  readonly clientIp: string | undefined;
  /** The commit point: every transition a handler causes goes through it. */
  readonly commit: Commit;
}

export type Handler<N extends EndpointName> = (
  ctx: HandlerContext,
  req: z.output<Endpoints[N]["request"]>,
) => Outcome<ErrcodeOf<N> | GenericErrcode>;

export type HandlerTable = { readonly [N in EndpointName]: Handler<N> };

/** The tenant named `name`, created (a lenient-mode `setup` change, through the commit point) if new. */
export function ensureTenant(ctx: { store: Store; commit: Commit }, name: string): Tenant {
  const t = ctx.store.tenant(name);
  if (t) return t;
  const cause = { trigger: "command", by: "lenient" } as const;
  ctx.commit({ kind: "setup", what: "tenant", tenant: name, config: { name }, lenient: true, cause });
  return ctx.store.tenant(name)!;
}

/** The tenant of an access_token endpoint: the pipeline guarantees one. */
export function tenantOf(ctx: HandlerContext): Tenant {
  if (!ctx.tenant) throw new Error("handler needs a tenant");
  return ctx.tenant;
}
