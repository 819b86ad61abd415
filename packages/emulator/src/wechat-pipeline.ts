/**
 * The WeChat-surface pipeline, in order:
 *   route (by the caller) -> body -> token/tenant -> fault rules -> method -> credential and input
 *   errors -> 47001 schema check (top-level nulls read as absent) -> due moves of the tenant ->
 *   the endpoint's handler
 * as one synchronous function from a raw request to an Answer, journaled with the transitions
 * the request committed. Being synchronous is what makes a due move apply exactly once under any
 * number of concurrent readers.
 */
import type { EndpointDef, EndpointName } from "@wxa-audit/core/tables";
import { type Answer, detailOf, type Outcome, outcomeBody, type Reply, reply } from "./answers.js";
import { ensureTenant, type HandlerContext } from "./areas/context.js";
import { HANDLERS, settleTenant } from "./areas/index.js";
import type { RawRequest } from "./emulator.js";
import type { FaultRule, FaultRules } from "./faults.js";
import type { Journal } from "./journal.js";
import type { Limits } from "./limits.js";
import type { Batch } from "./model/changes.js";
import type { Commit } from "./model/lifecycle.js";
import type { Store, TokenKind } from "./model/store.js";
import { boundLenient, noteLenientSize } from "./tenants/lenient.js";
import { lenientTenantName } from "./tenants/naming.js";
import { secretHash } from "./tenants/secrets.js";
import {
  applyBodyFault,
  parseBody,
  queryFields,
  redacted,
  schemaRefusal,
  tooDeep,
  tooLarge,
  withoutNulls,
} from "./wechat-input.js";

/** What the pipeline works with: the emulator's current store, faults, journal and commit point. */
export interface SurfaceEnv {
  readonly store: Store;
  readonly faults: FaultRules;
  readonly journal: Journal;
  readonly strict: boolean;
  readonly limits: Limits;
  readonly commit: Commit;
}

interface AuthResult {
  tenant?: string;
  kind?: TokenKind;
  componentOwner?: string;
  error?: number;
}

export function answerRequest(
  env: SurfaceEnv,
  raw: RawRequest,
  path: string,
  def: EndpointDef,
  query: URLSearchParams,
  batch: Batch,
): Answer {
  // Body first (nothing is decided yet): fault rules may match on its fields.
  let fields: Record<string, unknown> | undefined;
  let inputError: Outcome | undefined;
  const { store, journal, limits } = env;
  if (raw.tooLarge) {
    // Not read: answered 47001 below, before any fault rule.
  } else if (def.input !== "body") fields = def.input === "query" ? queryFields(query, def) : {};
  else if (raw.tooDeep) inputError = tooDeep(limits);
  else ({ fields, inputError } = parseBody(raw.body, limits));

  const auth = authOf(env, def, query);
  if (auth.tenant !== undefined) store.lenient.touch(auth.tenant);
  const clock = store.clockOf(auth.tenant);
  const rule = env.faults.match({ endpoint: def.name, tenant: auth.tenant, fields }, store.clock.nowMs());

  let outcome: Outcome | undefined;
  if (raw.tooLarge) outcome = tooLarge(limits);
  else if (rule?.drop) {
    journalRequest(
      journal,
      clock.now(),
      raw.method,
      path,
      def.name,
      auth.tenant,
      fields,
      0,
      undefined,
      rule,
      batch,
      def.input === "body" ? raw.body?.length : undefined,
    );
    return { kind: "drop", ...(rule.latencyMs !== undefined && { delayMs: rule.latencyMs }) };
  } else if (rule?.errcode !== undefined || rule?.httpStatus !== undefined)
    outcome = { errcode: rule.errcode ?? -1 };
  else if (raw.method !== def.method) outcome = { errcode: def.method === "GET" ? 43001 : 43002 };
  else if (auth.error !== undefined) outcome = { errcode: auth.error };
  else if (inputError !== undefined) outcome = inputError;
  else {
    const read = withoutNulls(fields);
    const parsed = def.request.safeParse(read.fields);
    if (!parsed.success) outcome = schemaRefusal(parsed.error.issues[0], read.nulls);
    else {
      const tenant = auth.tenant === undefined ? undefined : ensureTenant(env, auth.tenant);
      if (tenant) settleTenant(store, env.commit, tenant);
      const ctx: HandlerContext = {
        store,
        tenant,
        tokenKind: auth.kind,
        componentOwner: auth.componentOwner,
        strict: env.strict,
        clientIp: raw.remoteAddress,
        commit: env.commit,
      };
      const handler = HANDLERS[def.name as EndpointName] as (c: HandlerContext, r: unknown) => Outcome;
      outcome = handler(ctx, parsed.data);
      if (tenant && (batch.transitions.length > 0 || batch.changes.length > 0))
        noteLenientSize(store, tenant);
      if (store.lenient.size > 0) boundLenient(store, env.commit, limits);
    }
  }

  const body = outcomeBody(outcome, store.prng);
  const status = rule?.httpStatus ?? 200;
  const detail = detailOf(outcome);
  journalRequest(
    journal,
    clock.now(),
    raw.method,
    path,
    def.name,
    auth.tenant,
    fields,
    status,
    body,
    rule,
    batch,
    def.input === "body" ? raw.body?.length : undefined,
    detail,
  );
  const answer: Reply = reply(body, status, undefined, detail);
  return rule ? applyBodyFault(answer, rule) : answer;
}

/** The request's journal entry (a plain function: no closure allocated per request). */
function journalRequest(
  journal: Journal,
  at: number,
  method: string,
  path: string,
  endpoint: string,
  tenant: string | undefined,
  fields: Record<string, unknown> | undefined,
  status: number,
  body: Record<string, unknown> | undefined,
  rule: FaultRule | undefined,
  batch: Batch,
  /** The body's length, when the fields came from it: the journal sizes the entry without walking them. */
  bodyBytes: number | undefined,
  detail?: string,
): void {
  if (journal.capacity === 0) return;
  journal.record(
    {
      source: "wechat",
      at,
      method,
      path,
      endpoint,
      tenant,
      request: redacted(fields),
      status,
      // A token endpoint's success carries no errcode on the wire; the journal files it as 0.
      errcode: body === undefined ? undefined : ((body.errcode as number | undefined) ?? 0),
      answer: redacted(body),
      fault: rule?.id,
      transitions: batch.transitions,
      changes: batch.changes,
      ...(detail !== undefined && { detail }),
    },
    fields === undefined ? undefined : bodyBytes,
  );
}

function authOf(env: SurfaceEnv, def: EndpointDef, query: URLSearchParams): AuthResult {
  if (def.auth === "none") return {};
  // api_authorizer_token: the new doc (D11) names the component token `access_token`.
  const token =
    query.get(def.auth) || (def.auth === "component_access_token" ? query.get("access_token") : null);
  if (!token) return { error: 41001 };
  const hash = secretHash(token);
  const rec = env.store.tokens.get(hash);
  const over = rec !== undefined && env.store.clockOf(rec.owner).nowMs() >= rec.expiresAtMs;
  // A token replaced by a newer one is invalid once its overlap ends (40001); one that ran out, expired (42001).
  const ended = over ? { error: rec.superseded ? 40001 : 42001 } : {};
  if (def.auth === "access_token") {
    if (rec) {
      if (rec.kind === "component") return { error: 40001 };
      return { tenant: rec.owner, kind: rec.kind, ...ended };
    }
    if (env.strict) return { error: 40001 };
    // Lenient: every unknown token is its own tenant, named by a short hash (never the token).
    return { tenant: lenientTenantName(hash) };
  }
  if (rec) {
    if (rec.kind !== "component") return { error: 40001 };
    return { componentOwner: rec.owner, ...ended };
  }
  return env.strict ? { error: 40001 } : {};
}
