/**
 * What a WeChat-surface handler sees: the state, the tenant, "now" on the tenant's clock, and the
 * parsed request. Handlers are plain functions returning an Outcome; they know nothing of HTTP.
 */
import type { EndpointName, Endpoints } from "@wxa-audit/core/tables";
import type { z } from "zod";
import type { Outcome } from "../answers.js";
import type { EmulatorState, Fired, Tenant, TokenKind } from "../state.js";

export interface HandlerContext {
  readonly state: EmulatorState;
  /** The tenant of an `access_token` endpoint; undefined for the token endpoints. */
  readonly tenant: Tenant | undefined;
  /** Kind of the access token used, when the emulator issued it. */
  readonly tokenKind: TokenKind | undefined;
  /** Owner of the component_access_token used (getAuthorizerAccessToken), when issued here. */
  readonly componentOwner: string | undefined;
  readonly strict: boolean;
  /** Transitions applied while answering, for the journal. */
  readonly fired: Fired[];
}

export type Handler<N extends EndpointName> = (
  ctx: HandlerContext,
  req: z.output<Endpoints[N]["request"]>,
) => Outcome;

export type HandlerTable = { readonly [N in EndpointName]: Handler<N> };

/** The tenant of an access_token endpoint: the pipeline guarantees one. */
export function tenantOf(ctx: HandlerContext): Tenant {
  if (!ctx.tenant) throw new Error("handler needs a tenant");
  return ctx.tenant;
}
