/**
 * The emulator: its store, faults, journal and commit point, the WeChat surface (`handle`, the
 * pipeline of wechat-pipeline.ts) and the admin operations. HTTP hosting (node:http or Express)
 * lives in wire.ts / app.ts and only reads bodies and writes Answers.
 *
 * Every transition, whatever triggered it (a WeChat call, an admin command, the clock, reads), goes
 * through the commit point (model/commit-point.ts); the pipeline and admin operations only say
 * which operation is under way, so the journal can file it.
 *
 * Over 300 lines on purpose: this class is the in-process API (one short method per admin
 * operation, each delegating to model/, areas/ or wechat-pipeline.ts); splitting it would only
 * scatter that list.
 */
import { randomInt } from "node:crypto";
import type { AuditStatus, NicknameAuditStat } from "@wxa-audit/core/tables";
import type { Snapshot } from "./admin/schemas.js";
import { tenantView } from "./admin/views.js";
import { type Answer, outcomeBody, type Reply, reply } from "./answers.js";
import { RECORD_KINDS, recordArea, settleTenant } from "./areas/index.js";
import { systemWall, VirtualClock, type WallSource } from "./clock.js";
import {
  type EmulatorConfig,
  type PlatformConfig,
  resolveConfig,
  type TenantConfig,
  type ValidConfig,
} from "./config.js";
import { NotFoundError } from "./errors.js";
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
import { secretHash } from "./tenants/secrets.js";
import { seedTenant } from "./tenants/seed.js";
import { routeOf } from "./wechat-input.js";
import { answerRequest, type SurfaceEnv } from "./wechat-pipeline.js";

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
  /** What the WeChat pipeline works with; rebuilt when the store or the fault rules are replaced. */
  #env!: SurfaceEnv;

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
    this.#bindSurface();
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
    return seedTenant(this.#store, c);
  }

  // --- the WeChat surface -----------------------------------------------------------------

  /** Answers one WeChat-surface request. Synchronous: due transitions apply atomically here. */
  handle(raw: RawRequest): Answer {
    const q = raw.url.indexOf("?");
    const path = q < 0 ? raw.url : raw.url.slice(0, q);
    const def = routeOf(path);
    if (!def) return this.notFound(raw.method, path);
    const query = q < 0 ? NO_QUERY : new URLSearchParams(raw.url.slice(q + 1));
    const batch = this.#commits.beginRequest();
    try {
      return answerRequest(this.#env, raw, path, def, query, batch);
    } finally {
      this.#commits.endRequest();
    }
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

  // --- admin operations -------------------------------------------------------------------

  /** A record as the admin API shows it; due moves are applied first unless `settle: false`. */
  record(kind: string, id: number, opts: { settle?: boolean } = {}): Record<string, unknown> {
    const area = recordArea(kind);
    const rec = this.#find(kind, id);
    if (opts.settle !== false)
      this.#commits.admin(`${area.adminPath}/${id}`, () =>
        settle(area.machine, this.#store, this.#commit, rec, false),
      );
    return area.view(rec);
  }

  /** Moves a record now (an admin command), after applying its due moves; all of them are returned. */
  transition(kind: string, id: number, to: number, given: Details): Fired[] {
    const area = recordArea(kind);
    const rec = this.#find(kind, id);
    return this.#commits.admin(`${area.adminPath}/${id}/transition`, (batch) => {
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
    return this.#commits.admin(`${area.adminPath}/${id}/schedule`, () => {
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
        if (this.#store.clockOf(t) === clock) settleTenant(this.#store, this.#commit, t);
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

  exportSnapshot(): Snapshot {
    return exportSnapshot(this.#store, this.seed, this.#faults);
  }

  /** Replaces the whole state with a snapshot's (validated first; nothing changes on error). */
  importSnapshot(input: unknown): void {
    const { store, faults } = importSnapshot(input, () => this.#store.clock.fork());
    this.#store = store;
    this.#faults.importState(faults);
    this.#bindSurface();
  }

  #bindSurface(): void {
    const { journal, strict } = this;
    this.#env = { store: this.#store, faults: this.#faults, journal, strict, commit: this.#commit };
  }
}
