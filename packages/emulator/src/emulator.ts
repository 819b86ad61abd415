/**
 * The emulator core: state, faults, journal, and the WeChat-surface pipeline
 *   route -> body -> token/tenant -> fault rules -> method -> credential and input errors -> handler
 * as one synchronous function from a raw request to an Answer value. HTTP hosting (node:http or
 * Express) lives in wire.ts / app.ts and only reads bodies and writes Answers.
 */
import { randomInt } from "node:crypto";
import {
  type AuditStatus,
  ENDPOINT_LIST,
  type EndpointDef,
  type EndpointName,
  NicknameAuditStat,
  redactFields,
  SECRET_FIELD_NAMES,
} from "@wxa-audit/core/tables";
import { type Answer, type Outcome, outcomeBody, type Reply, reply } from "./answers.js";
import { systemWall, VirtualClock, type WallSource } from "./clock.js";
import {
  type EmulatorConfig,
  type PlatformConfig,
  resolveConfig,
  type TenantConfig,
  type ValidConfig,
} from "./config.js";
import { type FaultRule, FaultRules } from "./faults.js";
import type { HandlerContext } from "./handlers/context.js";
import { HANDLERS } from "./handlers/index.js";
import { Journal } from "./journal.js";
import { auditStatusOf, nicknameStatOf } from "./machines.js";
import { defaultNameRules } from "./name-rules.js";
import { lenientTenantName, Prng, secretHash } from "./random.js";
import { EmulatorState, type Fired, type Tenant, type TokenKind } from "./state.js";

/** The fixed instant a seeded run starts at: 2024-01-01T00:00:00Z. */
export const SEEDED_START = 1_704_067_200;
export const BODY_LIMIT = 1024 * 1024;

export interface EmulatorOptions {
  seed?: number | string | undefined;
  config?: EmulatorConfig | string | undefined;
  strictTokens?: boolean | undefined;
  adminToken?: string | undefined;
  /** Source of wall time for a running clock (tests may pass their own). */
  wall?: WallSource | undefined;
}

/** A request as read off the wire, before any parsing. */
export interface RawRequest {
  method: string;
  /** Path and query, as in the request line. */
  url: string;
  /** Undefined when there was no body; ignored when `tooLarge`. */
  body: Buffer | undefined;
  /** The body exceeded BODY_LIMIT and was not read. */
  tooLarge?: boolean;
}

const ROUTES: ReadonlyMap<string, EndpointDef> = new Map(ENDPOINT_LIST.map((d) => [d.path, d]));
const NO_QUERY = new URLSearchParams();

export function routeOf(url: string): EndpointDef | undefined {
  const q = url.indexOf("?");
  return ROUTES.get(q < 0 ? url : url.slice(0, q));
}

interface AuthResult {
  tenant?: string;
  kind?: TokenKind;
  componentOwner?: string;
  error?: number;
}

export class Emulator {
  readonly seed: number | string;
  readonly seeded: boolean;
  readonly strict: boolean;
  readonly adminToken: string | undefined;
  readonly config: ValidConfig;
  readonly journal: Journal;
  state!: EmulatorState;
  faults!: FaultRules;
  readonly #wall: WallSource | undefined;

  constructor(opts: EmulatorOptions = {}) {
    this.config = resolveConfig(opts.config);
    const seed = opts.seed ?? this.config.seed;
    this.seeded = seed !== undefined;
    this.seed = seed ?? randomInt(0, 2 ** 47);
    this.strict = opts.strictTokens ?? this.config.strictTokens ?? false;
    this.adminToken = opts.adminToken;
    this.journal = new Journal(this.config.journal?.limit ?? 10_000);
    this.#wall = opts.wall;
    this.reset();
  }

  // --- lifecycle ------------------------------------------------------------------------

  /** Back to the configured start: everything, or one tenant's state. */
  reset(tenant?: string): void {
    if (tenant !== undefined) {
      const t = this.state.tenant(tenant);
      if (t) {
        this.state.removeTenantRecords(t);
        this.state.tenants.delete(tenant);
        this.state.stableTokens.delete(tenant);
      }
      const configured = this.config.tenants?.find((c) => c.name === tenant);
      if (configured) this.addTenant(configured);
      this.journal.clear((e) => e.tenant !== tenant);
      return;
    }
    const c = this.config.clock;
    const start = c?.start ?? (this.seeded ? SEEDED_START : undefined);
    const clock =
      start !== undefined
        ? new VirtualClock({ startMs: start * 1000, frozen: c?.frozen ?? true, wall: this.#wall })
        : new VirtualClock({
            startMs: (this.#wall ?? systemWall)(),
            frozen: c?.frozen ?? false,
            wall: this.#wall,
          });
    this.state = new EmulatorState(Prng.fromSeed(this.seed), clock);
    this.state.rules = { ...defaultNameRules(), ...this.config.nameRules };
    this.faults = new FaultRules(this.seed);
    this.journal.clear();
    for (const p of this.config.platforms ?? []) this.addPlatform(p);
    for (const t of this.config.tenants ?? []) this.addTenant(t);
    for (const f of this.config.faults ?? []) this.faults.add(f, clock.nowMs());
  }

  addPlatform(p: PlatformConfig): void {
    this.state.platforms.set(p.appid, {
      appid: p.appid,
      secretHash: secretHash(p.secret),
      ticketHash: secretHash(p.verifyTicket),
    });
  }

  /** Creates (or replaces) a tenant with its audits; secrets are kept only as hashes. */
  addTenant(c: TenantConfig): Tenant {
    const s = this.state;
    // Refuse duplicate ids before changing anything (the tenant's own records are replaced).
    const own = s.tenant(c.name)?.name;
    assertFreshIds(c.audits, (a) => a.auditid, s.audits, own, "audits", "auditid");
    assertFreshIds(c.nicknameAudits, (n) => n.audit_id, s.nicknameAudits, own, "nicknameAudits", "audit_id");
    const flags = {
      ...(c.registeredViaApi !== undefined && { registeredViaApi: c.registeredViaApi }),
      ...(c.codeCommitted !== undefined && { codeCommitted: c.codeCommitted }),
      ...(c.released !== undefined && { released: c.released }),
    };
    const t = s.addTenant({
      name: c.name,
      ...(c.secret && { secretHash: secretHash(c.secret) }),
      ...(c.authorizer && {
        authorizer: {
          componentAppId: c.authorizer.componentAppId,
          refreshTokenHash: secretHash(c.authorizer.refreshToken),
        },
      }),
      flags,
      ...(c.nickname !== undefined && { nickname: c.nickname }),
      ...(c.userVersion !== undefined && { userVersion: c.userVersion }),
      ...(c.quota && { quota: c.quota }),
    });
    if (c.ownClock) s.ownClock(t);
    for (const a of c.audits ?? []) {
      const status = auditStatusOf(a.status ?? "in_review");
      const details = s.auditDetails(status, { reason: a.reason, screenshot: a.screenshot });
      s.createAudit(t, {
        ...(a.auditid !== undefined && { auditid: a.auditid }),
        status,
        ...details,
        ...(a.submitTime !== undefined && { submitTime: a.submitTime }),
        ...(a.userVersion !== undefined && { userVersion: a.userVersion }),
        ...(a.userDesc !== undefined && { userDesc: a.userDesc }),
        ...(a.spedUp !== undefined && { spedUp: a.spedUp }),
      });
    }
    for (const n of c.nicknameAudits ?? []) {
      const stat = nicknameStatOf(n.stat ?? "in_review");
      const now = s.clockOf(t).now();
      s.createNicknameAudit(t, {
        ...(n.audit_id !== undefined && { audit_id: n.audit_id }),
        nickname: n.nickname,
        stat,
        fail_reason: n.fail_reason ?? "",
        create_time: n.create_time ?? now,
        audit_time: n.audit_time ?? (stat === NicknameAuditStat.InReview ? 0 : now),
      });
    }
    return t;
  }

  // --- the WeChat surface ---------------------------------------------------------------

  /** Answers one WeChat-surface request. Synchronous: due transitions apply atomically here. */
  handle(raw: RawRequest): Answer {
    const q = raw.url.indexOf("?");
    const path = q < 0 ? raw.url : raw.url.slice(0, q);
    const def = ROUTES.get(path);
    if (!def) return this.notFound(raw.method, path);
    const query = q < 0 ? NO_QUERY : new URLSearchParams(raw.url.slice(q + 1));
    const fired: Fired[] = [];

    // Body first (nothing is decided yet): fault rules may match on its fields.
    let fields: Record<string, unknown> | undefined;
    let inputError: Outcome | undefined;
    if (raw.tooLarge) inputError = TOO_LARGE;
    else if (def.input === "body") ({ fields, inputError } = parseBody(raw.body));
    else if (def.input === "query") fields = queryFields(query, def);
    else fields = {};

    const auth = this.#auth(def, query);
    const clock = this.state.clockOf(auth.tenant);
    const rule = this.faults.match(
      { endpoint: def.name, tenant: auth.tenant, fields },
      this.state.clock.nowMs(),
    );

    let outcome: Outcome | undefined;
    if (raw.tooLarge) outcome = TOO_LARGE;
    else if (rule?.drop) {
      this.#record(raw.method, path, def, auth.tenant, fields, 0, undefined, rule, fired, clock.now());
      return { kind: "drop", ...(rule.latencyMs !== undefined && { delayMs: rule.latencyMs }) };
    } else if (rule?.errcode !== undefined || rule?.httpStatus !== undefined)
      outcome = { errcode: rule.errcode ?? -1 };
    else if (raw.method !== def.method) outcome = { errcode: def.method === "GET" ? 43001 : 43002 };
    else if (auth.error !== undefined) outcome = { errcode: auth.error };
    else if (inputError !== undefined) outcome = inputError;
    else {
      const parsed = def.request.safeParse(fields);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        outcome = { errcode: 47001, detail: `${issue?.path.join(".") || "body"}: ${issue?.message}` };
      } else {
        const tenant = auth.tenant === undefined ? undefined : this.state.ensureTenant(auth.tenant);
        if (tenant) this.state.settleTenant(tenant, fired);
        const ctx: HandlerContext = {
          state: this.state,
          tenant,
          tokenKind: auth.kind,
          componentOwner: auth.componentOwner,
          strict: this.strict,
          fired,
        };
        outcome = (HANDLERS[def.name as EndpointName] as (c: HandlerContext, r: unknown) => Outcome)(
          ctx,
          parsed.data,
        );
      }
    }

    const body = outcomeBody(outcome, this.state.prng);
    const status = rule?.httpStatus ?? 200;
    this.#record(raw.method, path, def, auth.tenant, fields, status, body, rule, fired, clock.now());
    let answer: Reply = reply(body, status);
    if (rule) answer = applyBodyFault(answer, rule);
    return answer;
  }

  /** What an unexpected failure answers: WeChat's "system error", never a 500. */
  systemError(): Reply {
    return reply(outcomeBody({ errcode: -1 }, this.state.prng));
  }

  /** A path that is no WeChat endpoint: 404 with a WeChat-shaped error (48001, api unauthorized). */
  notFound(method: string, path: string): Reply {
    const body = outcomeBody({ errcode: 48001 }, this.state.prng);
    this.journal.record({
      at: this.state.clock.now(),
      method,
      path: path.slice(0, 256),
      endpoint: undefined,
      tenant: undefined,
      request: undefined,
      status: 404,
      errcode: 48001,
      answer: body,
      fault: undefined,
      transitions: [],
    });
    return reply(body, 404);
  }

  #auth(def: EndpointDef, query: URLSearchParams): AuthResult {
    if (def.auth === "none") return {};
    const token = query.get(def.auth);
    if (!token) return { error: 41001 };
    const hash = secretHash(token);
    const rec = this.state.tokens.get(hash);
    const expired = rec !== undefined && this.state.clockOf(rec.owner).nowMs() >= rec.expiresAtMs;
    if (def.auth === "access_token") {
      if (rec) {
        if (rec.kind === "component") return { error: 40001 };
        return { tenant: rec.owner, kind: rec.kind, ...(expired && { error: 42001 }) };
      }
      if (this.strict) return { error: 40001 };
      // Lenient: every unknown token is its own tenant, named by a short hash (never the token).
      return { tenant: lenientTenantName(hash) };
    }
    if (rec) {
      if (rec.kind !== "component") return { error: 40001 };
      return { componentOwner: rec.owner, ...(expired && { error: 42001 }) };
    }
    return this.strict ? { error: 40001 } : {};
  }

  #record(
    method: string,
    path: string,
    def: EndpointDef,
    tenant: string | undefined,
    fields: Record<string, unknown> | undefined,
    status: number,
    body: Record<string, unknown> | undefined,
    rule: FaultRule | undefined,
    fired: Fired[],
    at: number,
  ): void {
    if (this.journal.capacity === 0) return;
    this.journal.record({
      at,
      method,
      path,
      endpoint: def.name,
      tenant,
      request: redacted(fields),
      status,
      errcode: body === undefined ? undefined : (body.errcode as number),
      answer: redacted(body),
      fault: rule?.id,
      transitions: fired.length === 0 ? NONE_FIRED : fired,
    });
  }

  // --- admin operations -----------------------------------------------------------------

  transitionAudit(
    auditid: number,
    to: AuditStatus,
    given: { reason?: string | undefined; screenshot?: string | undefined },
  ): Fired[] {
    const sheet = this.state.audits.get(auditid);
    if (!sheet) throw new NotFoundError("audit", auditid);
    const fired: Fired[] = [];
    this.state.settleAudit(sheet, false, fired);
    fired.push(this.state.moveAudit(sheet, to, given, "admin"));
    return fired;
  }

  transitionNickname(
    auditId: number,
    to: NicknameAuditStat,
    given: { fail_reason?: string | undefined },
  ): Fired[] {
    const a = this.state.nicknameAudits.get(auditId);
    if (!a) throw new NotFoundError("nickname audit", auditId);
    const fired: Fired[] = [];
    this.state.settleNickname(a, false, fired);
    fired.push(this.state.moveNickname(a, to, given, "admin"));
    return fired;
  }

  /** Advances a clock (the shared one, or a tenant's own) and fires every move now due. */
  advance(seconds: number, tenant?: string): { now: number; fired: Fired[] } {
    const clock = this.clockForAdmin(tenant);
    clock.advance(seconds);
    const fired: Fired[] = [];
    this.state.settleClock(clock, fired);
    return { now: clock.now(), fired };
  }

  setClock(opts: { now?: number | undefined; frozen?: boolean | undefined }, tenant?: string) {
    const clock = this.clockForAdmin(tenant);
    clock.set(opts);
    const fired: Fired[] = [];
    this.state.settleClock(clock, fired);
    return { ...clock.toJSON(), fired };
  }

  /** The clock an admin command about `tenant` moves: its own (forked on first use) or the shared one. */
  clockForAdmin(tenant?: string) {
    if (tenant === undefined) return this.state.clock;
    const t = this.state.tenant(tenant);
    if (!t) throw new NotFoundError("tenant", tenant);
    return this.state.ownClock(t);
  }
}

export class NotFoundError extends Error {
  constructor(
    readonly what: string,
    readonly id: string | number,
  ) {
    super(`no ${what} ${id}`);
  }
}

export class DuplicateIdError extends Error {
  constructor(
    readonly field: string,
    readonly id: number,
  ) {
    super(`${field}: id ${id} already exists`);
  }
}

const NONE_FIRED: Fired[] = [];

/** Ids given in a tenant's config must be new, or already that tenant's own (which it replaces). */
function assertFreshIds<T>(
  items: readonly T[] | undefined,
  idOf: (item: T) => number | undefined,
  existing: ReadonlyMap<number, { tenant: string }>,
  own: string | undefined,
  list: string,
  field: string,
): void {
  const seen = new Set<number>();
  items?.forEach((item, i) => {
    const id = idOf(item);
    if (id === undefined) return;
    const other = existing.get(id);
    if (seen.has(id) || (other && other.tenant !== own))
      throw new DuplicateIdError(`${list}.${i}.${field}`, id);
    seen.add(id);
  });
}

/**
 * The object as the journal may keep it: itself when it holds no secret field (neither is mutated
 * after the answer, so no copy is needed on the hot path), else a redacted copy.
 */
function redacted(o: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (o === undefined) return undefined;
  for (const k in o) if (SECRET_FIELD_NAMES.has(k)) return redactFields(o);
  return o;
}

const TOO_LARGE: Outcome = { errcode: 47001, detail: "body larger than 1 MiB" };

function parseBody(body: Buffer | undefined): { fields?: Record<string, unknown>; inputError?: Outcome } {
  if (!body || body.length === 0) return { inputError: { errcode: 44002 } };
  const text = body.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      inputError: text.trim() === "" ? { errcode: 44002 } : { errcode: 47001, detail: "body is not JSON" },
    };
  }
  if (json === null) return { inputError: { errcode: 44002 } };
  if (typeof json !== "object" || Array.isArray(json)) {
    return { inputError: { errcode: 47001, detail: "body is not a JSON object" } };
  }
  return { fields: json as Record<string, unknown> };
}

function queryFields(query: URLSearchParams, def: EndpointDef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of query) if (k !== def.auth && !(k in out)) out[k] = v;
  return out;
}

function applyBodyFault(answer: Reply, rule: FaultRule): Reply {
  let body = answer.body;
  if (rule.body === "truncated") body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
  if (rule.body === "malformed") body = `${body.slice(0, -1)},"errcode":}`;
  return {
    ...answer,
    body,
    ...(rule.contentType && { contentType: rule.contentType }),
    ...(rule.latencyMs !== undefined && { delayMs: rule.latencyMs }),
  };
}
