/**
 * The emulator core: state, faults, journal, the commit point, and the WeChat-surface pipeline
 *   route -> body -> token/tenant -> fault rules -> method -> credential and input errors -> handler
 * as one synchronous function from a raw request to an Answer value. HTTP hosting (node:http or
 * Express) lives in wire.ts / app.ts and only reads bodies and writes Answers.
 *
 * Every transition, whatever triggered it (a WeChat call, an admin command, the clock, reads), goes
 * through the commit point (model/commit-point.ts); the pipeline and admin operations only say
 * which operation is under way, so the journal can file it.
 */
import { randomInt } from "node:crypto";
import type { AuditStatus, EndpointDef, EndpointName, NicknameAuditStat } from "@wxa-audit/core/tables";
import { tenantView } from "./admin/views.js";
import { type Answer, type Outcome, outcomeBody, type Reply, reply } from "./answers.js";
import type { HandlerContext } from "./areas/context.js";
import { HANDLERS, RECORD_AREAS, RECORD_KINDS, recordArea } from "./areas/index.js";
import { systemWall, VirtualClock, type WallSource } from "./clock.js";
import {
  type EmulatorConfig,
  type PlatformConfig,
  resolveConfig,
  type TenantConfig,
  type ValidConfig,
} from "./config.js";
import { DuplicateIdError, NotFoundError } from "./errors.js";
import { FaultRules } from "./faults.js";
import { Journal } from "./journal.js";
import { CommitPoint, firedOf } from "./model/commit-point.js";
import {
  type Cause,
  type Commit,
  type Committed,
  type Details,
  type Fired,
  move,
  type PendingMove,
  schedule,
  settle,
  type Tracked,
  type When,
} from "./model/lifecycle.js";
import { Store, type Tenant } from "./model/store.js";
import { defaultNameRules, type NameRules } from "./name-rules.js";
import { Prng } from "./random.js";
import { exportSnapshot, importSnapshot } from "./snapshot.js";
import { lenientTenantName } from "./tenants/naming.js";
import { secretHash } from "./tenants/secrets.js";
import { applyBodyFault, parseBody, queryFields, redacted, routeOf, TOO_LARGE } from "./wechat-input.js";

/** The fixed instant a seeded run starts at: 2024-01-01T00:00:00Z. */
export const SEEDED_START = 1_704_067_200;
export { BODY_LIMIT, routeOf } from "./wechat-input.js";

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

const NO_QUERY = new URLSearchParams();
const ADMIN: Cause = { trigger: "command", by: "admin" };

interface AuthResult {
  tenant?: string;
  kind?: "app" | "stable" | "component" | "authorizer";
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
  #store!: Store;
  #faults!: FaultRules;
  readonly #wall: WallSource | undefined;
  readonly #commits: CommitPoint;
  readonly #commit: Commit;

  constructor(opts: EmulatorOptions = {}) {
    this.config = resolveConfig(opts.config);
    const seed = opts.seed ?? this.config.seed;
    this.seeded = seed !== undefined;
    this.seed = seed ?? randomInt(0, 2 ** 47);
    this.strict = opts.strictTokens ?? this.config.strictTokens ?? false;
    this.adminToken = opts.adminToken;
    this.journal = new Journal(this.config.journal?.limit ?? 10_000);
    this.#wall = opts.wall;
    this.#commits = new CommitPoint(this.journal, () => this.#store);
    this.#commit = this.#commits.commit;
    this.reset();
  }

  /** The fault rules (add, remove, clear; scoped by endpoint, tenant and fields). */
  get faults(): FaultRules {
    return this.#faults;
  }

  /** Calls `fn` with every transition committed from now on (whatever triggered it); returns how to stop. */
  subscribe(fn: (t: Committed) => void): () => void {
    return this.#commits.subscribe(fn);
  }

  // --- set-up -----------------------------------------------------------------------------

  /** Back to the configured start: everything, or one tenant's state. */
  reset(tenant?: string): void {
    if (tenant !== undefined) {
      const t = this.#store.tenant(tenant);
      if (t) {
        this.#store.removeTenantRecords(t);
        this.#store.tenants.delete(tenant);
        this.#store.stableTokens.delete(tenant);
      }
      const configured = this.config.tenants?.find((c) => c.name === tenant);
      if (configured) this.addTenant(configured);
      this.journal.clear((e) => e.tenant !== tenant);
      return;
    }
    const c = this.config.clock;
    const start = c?.start ?? (this.seeded ? SEEDED_START : undefined);
    const startMs = start !== undefined ? start * 1000 : (this.#wall ?? systemWall)();
    const frozen = c?.frozen ?? start !== undefined;
    const clock = new VirtualClock({ startMs, frozen, wall: this.#wall });
    this.#store = new Store(Prng.fromSeed(this.seed), clock, RECORD_KINDS);
    this.#store.rules = { ...defaultNameRules(), ...this.config.nameRules };
    this.#faults = new FaultRules(this.seed);
    this.journal.clear();
    for (const p of this.config.platforms ?? []) this.addPlatform(p);
    for (const t of this.config.tenants ?? []) this.addTenant(t);
    for (const f of this.config.faults ?? []) this.#faults.add(f, clock.nowMs());
  }

  addPlatform(p: PlatformConfig): void {
    this.#store.platforms.set(p.appid, {
      appid: p.appid,
      secretHash: secretHash(p.secret),
      ticketHash: secretHash(p.verifyTicket),
    });
  }

  /** Creates (or replaces) a tenant with its records; secrets are kept only as hashes. */
  addTenant(c: TenantConfig): Tenant {
    const s = this.#store;
    // Refuse duplicate ids before changing anything (the tenant's own records are replaced).
    const own = s.tenant(c.name)?.name;
    for (const r of RECORD_AREAS) {
      const list = c[r.configList] as ReadonlyArray<Record<string, unknown>> | undefined;
      assertFreshIds(list, r.idField, s.recordsOf(r.kind.kind), own, r.configList);
    }
    const t = s.addTenant({
      name: c.name,
      ...(c.secret && { secretHash: secretHash(c.secret) }),
      ...(c.authorizer && {
        authorizer: {
          componentAppId: c.authorizer.componentAppId,
          refreshTokenHash: secretHash(c.authorizer.refreshToken),
        },
      }),
      flags: {
        ...(c.registeredViaApi !== undefined && { registeredViaApi: c.registeredViaApi }),
        ...(c.codeCommitted !== undefined && { codeCommitted: c.codeCommitted }),
        ...(c.released !== undefined && { released: c.released }),
      },
      ...(c.nickname !== undefined && { nickname: c.nickname }),
      ...(c.userVersion !== undefined && { userVersion: c.userVersion }),
      ...(c.quota && { quota: c.quota }),
    });
    if (c.ownClock) s.ownClock(t);
    for (const r of RECORD_AREAS) r.seed(s, t, c);
    return t;
  }

  // --- the WeChat surface -----------------------------------------------------------------

  /** Answers one WeChat-surface request. Synchronous: due transitions apply atomically here. */
  handle(raw: RawRequest): Answer {
    const q = raw.url.indexOf("?");
    const path = q < 0 ? raw.url : raw.url.slice(0, q);
    const def = routeOf(path);
    if (!def) return this.notFound(raw.method, path);
    const query = q < 0 ? NO_QUERY : new URLSearchParams(raw.url.slice(q + 1));
    return this.#commits.request((batch) => this.#answer(raw, path, def, query, batch));
  }

  #answer(
    raw: RawRequest,
    path: string,
    def: EndpointDef,
    query: URLSearchParams,
    batch: Committed[],
  ): Answer {
    // Body first (nothing is decided yet): fault rules may match on its fields.
    let fields: Record<string, unknown> | undefined;
    let inputError: Outcome | undefined;
    if (raw.tooLarge) inputError = TOO_LARGE;
    else if (def.input === "body") ({ fields, inputError } = parseBody(raw.body));
    else if (def.input === "query") fields = queryFields(query, def);
    else fields = {};

    const store = this.#store;
    const auth = this.#auth(def, query);
    const clock = store.clockOf(auth.tenant);
    const rule = this.#faults.match({ endpoint: def.name, tenant: auth.tenant, fields }, store.clock.nowMs());
    const record = (status: number, body: Record<string, unknown> | undefined) => {
      if (this.journal.capacity === 0) return;
      this.journal.record({
        source: "wechat",
        at: clock.now(),
        method: raw.method,
        path,
        endpoint: def.name,
        tenant: auth.tenant,
        request: redacted(fields),
        status,
        errcode: body === undefined ? undefined : (body.errcode as number),
        answer: redacted(body),
        fault: rule?.id,
        transitions: batch.length === 0 ? NONE : batch,
      });
    };

    let outcome: Outcome | undefined;
    if (raw.tooLarge) outcome = TOO_LARGE;
    else if (rule?.drop) {
      record(0, undefined);
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
        const tenant = auth.tenant === undefined ? undefined : store.ensureTenant(auth.tenant);
        if (tenant) this.#settleTenant(tenant);
        const ctx: HandlerContext = {
          store,
          tenant,
          tokenKind: auth.kind,
          componentOwner: auth.componentOwner,
          strict: this.strict,
          commit: this.#commit,
        };
        const handler = HANDLERS[def.name as EndpointName] as (c: HandlerContext, r: unknown) => Outcome;
        outcome = handler(ctx, parsed.data);
      }
    }

    const body = outcomeBody(outcome, store.prng);
    const status = rule?.httpStatus ?? 200;
    record(status, body);
    const answer: Reply = reply(body, status);
    return rule ? applyBodyFault(answer, rule) : answer;
  }

  /** What an unexpected failure answers: WeChat's "system error", never a 500. */
  systemError(): Reply {
    return reply(outcomeBody({ errcode: -1 }, this.#store.prng));
  }

  /** A path that is no WeChat endpoint: 404 with a WeChat-shaped error (48001, api unauthorized). */
  notFound(method: string, path: string): Reply {
    const body = outcomeBody({ errcode: 48001 }, this.#store.prng);
    this.journal.record({
      source: "wechat",
      at: this.#store.clock.now(),
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
    const rec = this.#store.tokens.get(hash);
    const expired = rec !== undefined && this.#store.clockOf(rec.owner).nowMs() >= rec.expiresAtMs;
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

  /** Settles every record of a tenant with pending moves (newest first), before it is acted on. */
  #settleTenant(t: Tenant): void {
    for (const r of RECORD_AREAS) {
      const records = this.#store.recordsOf(r.kind.kind);
      const ids = t[r.kind.tenantList];
      for (let i = ids.length - 1; i >= 0; i--) {
        const rec = records.get(ids[i]!);
        if (rec && rec.pending.length > 0) settle(r.machine, this.#store, this.#commit, rec, false);
      }
    }
  }

  // --- admin operations -------------------------------------------------------------------

  /** A record as the admin API shows it; due moves are applied first unless `settle: false`. */
  record(kind: string, id: number, opts: { settle?: boolean } = {}): Record<string, unknown> {
    const area = recordArea(kind);
    const rec = this.#find(kind, id);
    if (opts.settle !== false)
      this.#commits.admin(`${kind}s/${id}`, () =>
        settle(area.machine, this.#store, this.#commit, rec, false),
      );
    return area.view(rec);
  }

  /** Moves a record now (an admin command), after applying its due moves; all of them are returned. */
  transition(kind: string, id: number, to: number, given: Details): Fired[] {
    const area = recordArea(kind);
    const rec = this.#find(kind, id);
    return this.#commits.admin(`${kind}s/${id}/transition`, (batch) => {
      settle(area.machine, this.#store, this.#commit, rec, false);
      move(area.machine, this.#store, this.#commit, rec, to, given, ADMIN);
      return batch.map(firedOf);
    });
  }

  transitionAudit(auditid: number, to: AuditStatus, given: Details): Fired[] {
    return this.transition("audit", auditid, to, given);
  }

  transitionNickname(auditId: number, to: NicknameAuditStat, given: { fail_reason?: string | undefined }) {
    return this.transition("nickname", auditId, to, { reason: given.fail_reason });
  }

  /** Schedules a move after a delay or after N reads; due moves are applied first. */
  schedule(kind: string, id: number, to: number, when: When, given: Details) {
    const area = recordArea(kind);
    const rec = this.#find(kind, id);
    return this.#commits.admin(`${kind}s/${id}/schedule`, () => {
      settle(area.machine, this.#store, this.#commit, rec, false);
      const scheduled: PendingMove = schedule(area.machine, this.#store, rec, to, when, given);
      return { scheduled, record: area.view(rec) };
    });
  }

  #find(kind: string, id: number): Tracked {
    const rec = this.#store.recordsOf(kind).get(id);
    if (!rec) throw new NotFoundError(recordArea(kind).machine.noun, id);
    return rec;
  }

  /** Advances a clock (the shared one, or a tenant's own) and fires every move now due. */
  advance(seconds: number, tenant?: string): { now: number; fired: Fired[] } {
    const clock = this.#clockForAdmin(tenant);
    clock.advance(seconds);
    return { now: clock.now(), fired: this.#settleClock(clock, "clock/advance") };
  }

  setClock(opts: { now?: number | undefined; frozen?: boolean | undefined }, tenant?: string) {
    const clock = this.#clockForAdmin(tenant);
    clock.set(opts);
    return { ...clock.toJSON(), fired: this.#settleClock(clock, "clock") };
  }

  /** Settles every tenant on `clock` (after that clock moved). */
  #settleClock(clock: VirtualClock, origin: string): Fired[] {
    return this.#commits.admin(origin, (batch) => {
      for (const t of this.#store.tenants.values())
        if (this.#store.clockOf(t) === clock) this.#settleTenant(t);
      return batch.map(firedOf);
    });
  }

  /** The clock an admin command about `tenant` moves: its own (forked on first use) or the shared one. */
  #clockForAdmin(tenant?: string): VirtualClock {
    if (tenant === undefined) return this.#store.clock;
    const t = this.#store.tenant(tenant);
    if (!t) throw new NotFoundError("tenant", tenant);
    return this.#store.ownClock(t);
  }

  /** A clock's state: the shared one, or the tenant's (the shared one when it has none). */
  clockState(tenant?: string): { now: number; frozen: boolean } {
    return this.#store.clockOf(tenant).toJSON();
  }

  get rules(): NameRules {
    return this.#store.rules;
  }

  set rules(rules: NameRules) {
    this.#store.rules = rules;
  }

  /** Adds a fault rule now (its expiry counts on the shared clock). */
  addFault(input: Parameters<FaultRules["add"]>[0]) {
    return this.#faults.add(input, this.#store.clock.nowMs());
  }

  /** Removes a fault rule; NotFoundError when there is none with that id. */
  removeFault(id: string): void {
    if (!this.#faults.remove(id)) throw new NotFoundError("fault rule", id);
  }

  tenantViews() {
    return [...this.#store.tenants.values()].map((t) => tenantView(this.#store, t));
  }

  tenantView(name: string) {
    const t = this.#store.tenant(name);
    if (!t) throw new NotFoundError("tenant", name);
    return tenantView(this.#store, t);
  }

  platformIds(): string[] {
    return [...this.#store.platforms.keys()];
  }

  exportSnapshot() {
    return exportSnapshot(this.#store, this.seed, this.#faults);
  }

  /** Replaces the whole state with a snapshot's (validated first; nothing changes on error). */
  importSnapshot(input: unknown): void {
    const { store, faults } = importSnapshot(input, () => this.#store.clock.fork());
    this.#store = store;
    this.#faults.importState(faults);
  }
}

const NONE: Committed[] = [];

/** Ids given in a tenant's config must be new, or already that tenant's own (which it replaces). */
function assertFreshIds(
  items: ReadonlyArray<Record<string, unknown>> | undefined,
  field: string,
  existing: ReadonlyMap<number, { tenant: string }>,
  own: string | undefined,
  list: string,
): void {
  const seen = new Set<number>();
  items?.forEach((item, i) => {
    const id = item[field] as number | undefined;
    if (id === undefined) return;
    const other = existing.get(id);
    if (seen.has(id) || (other && other.tenant !== own))
      throw new DuplicateIdError(`${list}.${i}.${field}`, id);
    seen.add(id);
  });
}
