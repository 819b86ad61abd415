/**
 * The emulator: its store, faults, journal and commit point, the WeChat surface (`handle`, the
 * pipeline of wechat-pipeline.ts) and the admin operations. HTTP hosting (node:http or Express)
 * lives in wire.ts / app.ts and only reads bodies and writes Answers.
 *
 * Every state change, whatever triggered it (a WeChat call, an admin command, the clock, reads), goes
 * through the commit point (model/commit-point.ts): transitions, counters, flags, renames, tokens
 * and set-up alike. The pipeline and admin operations only say which operation is under way, so
 * the journal can file it.
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
  ConfigError,
  type EmulatorConfig,
  formatPath,
  type PlatformConfig,
  resolveConfig,
  type TenantConfig,
  type ValidConfig,
  validateAllowedHosts,
} from "./config.js";
import { InvalidFieldError, NotFoundError } from "./errors.js";
import { type FaultRule, FaultRules } from "./faults.js";
import { Journal } from "./journal.js";
import { tooDeepAt, tooDeepText } from "./json-limits.js";
import { countExceeded, LimitExceededError, resolveLimits } from "./limit-options.js";
import type { Limits } from "./limits.js";
import { MAX_UNIX_SECONDS } from "./limits.js";
import type { FaultInput, Recorded, Write } from "./model/changes.js";
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
import { type Platform, Store, type Tenant } from "./model/store.js";
import type { Writes } from "./model/writes.js";
import { defaultNameRules, type NameRules } from "./name-rules.js";
import { Outbox } from "./push/outbox.js";
import { Prng } from "./random.js";
import { exportSnapshot, importSnapshot } from "./snapshot.js";
import { routeOf } from "./wechat-input.js";
import { answerRequest, type SurfaceEnv } from "./wechat-pipeline.js";

/** The fixed instant a seeded run starts at: 2024-01-01T00:00:00Z. */
export const SEEDED_START = 1_704_067_200;
export { routeOf } from "./wechat-input.js";

export interface EmulatorOptions {
  seed?: number | string | undefined;
  config?: EmulatorConfig | string | undefined;
  strictTokens?: boolean | undefined;
  adminToken?: string | undefined;
  /**
   * Hosts besides the loopback names that admin requests may be addressed to (added to the
   * config's `adminAllowedHosts`): `emulator`, `.example.test` (a domain and its subdomains), `*`.
   */
  adminAllowedHosts?: readonly string[] | undefined;
  /** Largest config file read, in bytes (default CONFIG_FILE_MAX_BYTES, limits.ts). */
  configMaxBytes?: number | undefined;
  /** Source of wall time for a running clock (tests may pass their own). */
  wall?: WallSource | undefined;
  /** Overrides of the limits (limits.ts; these win over the config's `limits:`). */
  limits?: Partial<Limits> | undefined;
}

/** A request as read off the wire, before any parsing. */
export interface RawRequest {
  method: string;
  /** Path and query, as in the request line. */
  url: string;
  /** Undefined when there was no body; ignored when `tooLarge` or `tooDeep`. */
  body: Buffer | undefined;
  /** The body exceeded limits.wechatBodyBytes and was not read. */
  tooLarge?: boolean;
  /** The body, parsed already by a host's body parser, is nested deeper than limits.jsonDepth. */
  tooDeep?: boolean;
  /** The caller's IP address (the token endpoints check it against a configured whitelist). */
  remoteAddress?: string | undefined;
}

const NO_QUERY = new URLSearchParams();

const ADMIN: Cause = { trigger: "command", by: "admin" };
/** Set-up from the config file (at start, and on a reset). */
const CONFIG: Cause = { trigger: "command", by: "config" };
/** A verify ticket pushed by the outbox (every ten minutes on the clock, or an admin command). */
const TICKET: Cause = { trigger: "clock", by: "verify-ticket" };

export class Emulator {
  readonly seed: number | string;
  readonly seeded: boolean;
  readonly strict: boolean;
  readonly adminToken: string | undefined;
  /** Normalized (browser-guard.ts): the options' hosts, then the config's. */
  readonly adminAllowedHosts: readonly string[];
  readonly config: ValidConfig;
  /** The limits in force: defaults, then the config's `limits:`, then `EmulatorOptions.limits`. */
  readonly limits: Limits;
  readonly journal: Journal;
  #store!: Store;
  #faults!: FaultRules;
  readonly #wall: WallSource | undefined;
  readonly #commits: CommitPoint;
  readonly #commit: Commit;
  /** What the WeChat pipeline works with; rebuilt when the store or the fault rules are replaced. */
  #env!: SurfaceEnv;
  /** Pushes to the platforms' receivers: a subscriber of the commit point (push/outbox.ts). */
  readonly #outbox: Outbox;

  constructor(opts: EmulatorOptions = {}) {
    this.config = resolveConfig(opts.config, { maxBytes: opts.configMaxBytes });
    this.limits = resolveLimits(this.config.limits, opts.limits);
    checkConfigLimits(this.config, this.limits, typeof opts.config === "string" ? opts.config : "config");
    const seed = opts.seed ?? this.config.seed;
    this.seeded = seed !== undefined;
    this.seed = seed ?? randomInt(0, 2 ** 47);
    this.strict = opts.strictTokens ?? this.config.strictTokens ?? false;
    this.adminToken = opts.adminToken;
    this.adminAllowedHosts = [
      ...validateAllowedHosts(opts.adminAllowedHosts),
      ...(this.config.adminAllowedHosts ?? []),
    ];
    this.journal = new Journal(this.limits);
    this.#wall = opts.wall;
    this.#commits = new CommitPoint(
      this.journal,
      () => this.#store,
      () => this.#faults,
      this.limits,
    );
    this.#commit = this.#commits.commit;
    this.#outbox = new Outbox({
      store: () => this.#store,
      journal: this.journal,
      limits: this.limits,
      commitTicket: (platform, hash, expiresAtMs) =>
        this.#commits.admin("pushes/verify-ticket", () =>
          this.#commit({ kind: "setup", what: "verify-ticket", platform, hash, expiresAtMs, cause: TICKET }),
        ),
      settleRunningClocks: (which) => this.#settleRunningClocks(which),
    });
    this.#commits.subscribeChanges((c) => this.#outbox.onChange(c));
    this.reset();
  }

  /** The push outbox: deliveries, re-delivery, verify tickets, waiting for deliveries to finish. */
  get pushes(): Outbox {
    return this.#outbox;
  }

  /** Stops the outbox's timer and the pushes under way (the listener calls it when it closes). */
  close(): void {
    this.#outbox.close();
  }

  /** The fault rules (add, remove, clear; scoped by endpoint, tenant and fields). */
  get faults(): FaultRules {
    return this.#faults;
  }

  /** Calls `fn` with every transition committed from now on (whatever triggered it); returns how to stop. */
  subscribe(fn: (t: Committed) => void): () => void {
    return this.#commits.subscribe(fn);
  }

  /**
   * Calls `fn` with every change committed from now on: transitions and the other kinds (counter,
   * flag, rename, token, setup; tell them apart with `"from" in c`). Never a secret. Returns how to stop.
   */
  subscribeChanges(fn: (c: Committed | Recorded) => void): () => void {
    return this.#commits.subscribeChanges(fn);
  }

  // --- set-up -----------------------------------------------------------------------------

  /** Back to the configured start: everything, or one tenant's state. */
  reset(tenant?: string): void {
    if (tenant !== undefined) {
      this.#commits.admin("reset", () => {
        // Filed under no tenant: the reset forgets this tenant's journal, not the record of it.
        this.journal.clear((e) => e.tenant !== tenant);
        this.#commit({ kind: "setup", what: "reset", target: tenant, install: () => {}, cause: ADMIN });
        const configured = this.config.tenants?.find((c) => c.name === tenant);
        if (configured) this.#setupTenant(configured, CONFIG);
      });
      return;
    }
    this.#commits.admin("reset", () => {
      this.#commit({ kind: "setup", what: "reset", install: () => this.#fresh(), cause: ADMIN });
      for (const p of this.config.platforms ?? [])
        this.#commit({ kind: "setup", what: "platform", config: p, cause: CONFIG });
      for (const t of this.config.tenants ?? []) this.#setupTenant(t, CONFIG);
      for (const f of this.config.faults ?? [])
        this.#commit({ kind: "setup", what: "fault-add", input: f, cause: CONFIG });
    });
  }

  /** A new store and fault rules at the configured start, and an empty journal. */
  #fresh(): void {
    const c = this.config.clock;
    const start = c?.start ?? (this.seeded ? SEEDED_START : undefined);
    const startMs = start !== undefined ? start * 1000 : (this.#wall ?? systemWall)();
    const frozen = c?.frozen ?? start !== undefined;
    const clock = new VirtualClock({ startMs, frozen, wall: this.#wall });
    this.#store = new Store(Prng.fromSeed(this.seed), clock, RECORD_KINDS);
    this.#faults = new FaultRules(this.seed, this.limits.faultRules);
    this.#bindSurface();
    this.journal.clear();
    const rules = { ...defaultNameRules(), ...this.config.nameRules };
    this.#commit({ kind: "setup", what: "name-rules", rules, cause: CONFIG });
  }

  addPlatform(p: PlatformConfig): void {
    this.#commits.admin("platforms", () =>
      this.#commit({ kind: "setup", what: "platform", config: p, cause: ADMIN }),
    );
  }

  /** Creates (or replaces) a tenant with its records; secrets are kept only as hashes. */
  addTenant(c: TenantConfig): Tenant {
    return this.#commits.admin("tenants", () => this.#setupTenant(c, ADMIN));
  }

  #setupTenant(c: TenantConfig, cause: Cause): Tenant {
    this.#commit({ kind: "setup", what: "tenant", tenant: c.name, config: c, cause });
    return this.#store.tenant(c.name)!;
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
      changes: [],
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
      return batch.transitions.map(firedOf);
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
    const max = this.limits.schedulesPerRecord;
    if (rec.pending.length >= max)
      throw countExceeded("schedulesPerRecord", max, "scheduled moves per record");
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
    // Past year 9999 no date formats it, and a snapshot of it would not import.
    if (clock.nowMs() / 1000 + seconds > MAX_UNIX_SECONDS)
      throw new InvalidFieldError("seconds", "would move the clock past the end of year 9999");
    clock.advance(seconds);
    const fired = this.#settleClock(clock, "clock/advance");
    this.#outbox.tick();
    return { now: clock.now(), fired };
  }

  setClock(opts: { now?: number | undefined; frozen?: boolean | undefined }, tenant?: string) {
    const clock = this.#clockForAdmin(tenant);
    clock.set(opts);
    const fired = this.#settleClock(clock, "clock");
    this.#outbox.tick();
    return { ...clock.toJSON(), fired };
  }

  /** Settles every tenant on `clock` (after that clock moved). */
  #settleClock(clock: VirtualClock, origin: string): Fired[] {
    return this.#commits.admin(origin, (batch) => {
      for (const t of this.#store.tenants.values())
        if (this.#store.clockOf(t) === clock) settleTenant(this.#store, this.#commit, t);
      return batch.transitions.map(firedOf);
    });
  }

  /** Settles the tenants `which` names that are on a running clock: due moves are decided (and pushed) on time. */
  #settleRunningClocks(which: (tenant: string) => boolean): void {
    this.#commits.admin("clock", () => {
      for (const t of this.#store.tenants.values())
        if (!this.#store.clockOf(t).frozen && which(t.name)) settleTenant(this.#store, this.#commit, t);
    });
  }

  /** The clock an admin command about `tenant` moves: its own (forked on first use) or the shared one. */
  #clockForAdmin(tenant?: string): VirtualClock {
    if (tenant === undefined) return this.#store.clock;
    const t = this.#store.tenant(tenant);
    if (!t) throw new NotFoundError("tenant", tenant);
    if (!t.clock) this.#commit({ kind: "setup", what: "own-clock", tenant, cause: ADMIN });
    return this.#store.clockOf(tenant);
  }

  /** A clock's state: the shared one, or the tenant's (the shared one when it has none). */
  clockState(tenant?: string): { now: number; frozen: boolean } {
    return this.#store.clockOf(tenant).toJSON();
  }

  get rules(): NameRules {
    return this.#store.rules;
  }

  set rules(rules: NameRules) {
    this.#commits.admin("name-rules", () =>
      this.#commit({ kind: "setup", what: "name-rules", rules, cause: ADMIN }),
    );
  }

  /** Adds a fault rule now (its expiry counts on the shared clock). */
  addFault(input: FaultInput): FaultRule {
    this.#checkDepth(input);
    const w = { kind: "setup", what: "fault-add", input, cause: ADMIN } as const;
    const change: Write & { added?: FaultRule } = { ...w };
    this.#commits.admin("faults", () => this.#commit(change));
    return change.added!;
  }

  /** Removes a fault rule; NotFoundError when there is none with that id. */
  removeFault(id: string): void {
    if (!this.#faults.rules.some((r) => r.id === id)) throw new NotFoundError("fault rule", id);
    this.#commits.admin("faults", () =>
      this.#commit({ kind: "setup", what: "fault-remove", id, cause: ADMIN }),
    );
  }

  /** Removes every fault rule. */
  clearFaults(): void {
    this.#commits.admin("faults", () => this.#commit({ kind: "setup", what: "faults-clear", cause: ADMIN }));
  }

  /**
   * Replaces who may get a tenant's plain and stable tokens (its IP whitelist, a frozen secret),
   * keeping everything else of it; NotFoundError when there is no such tenant.
   */
  setTokenAccess(name: string, access: { ipWhitelist?: readonly string[]; secretFrozen?: boolean }) {
    if (!this.#store.tenant(name)) throw new NotFoundError("tenant", name);
    const value = {
      ...(access.ipWhitelist && { ipWhitelist: [...access.ipWhitelist] }),
      ...(access.secretFrozen && { secretFrozen: true as const }),
    };
    this.#commits.admin("tenants/token-access", () =>
      this.#commit({ kind: "setup", what: "token-access", tenant: name, access: value, cause: ADMIN }),
    );
    return this.tenantView(name);
  }

  tenantViews() {
    return [...this.#store.tenants.values()].map((t) => tenantView(this.#store, t));
  }

  tenantView(name: string) {
    const t = this.#store.tenant(name);
    if (!t) throw new NotFoundError("tenant", name);
    return tenantView(this.#store, t);
  }

  platforms(): ReadonlyArray<Readonly<Platform>> {
    return [...this.#store.platforms.values()];
  }

  exportSnapshot(): Snapshot {
    return exportSnapshot(this.#store, this.seed, this.#faults);
  }

  /** Replaces the whole state with a snapshot's (validated and built first; nothing changes on error). */
  importSnapshot(input: unknown): void {
    this.#checkDepth(input);
    const install = (w: Writes) => {
      const previous = this.#store;
      const { store, faults } = importSnapshot(w, input, () => this.#store.clock.fork(), this.limits);
      // A snapshot carries no push settings (they hold secrets): a platform keeps the ones it has.
      for (const p of store.platforms.values()) {
        const push = previous.platforms.get(p.appid)?.push;
        if (push) w.putPlatform(store, { ...p, push });
      }
      // Everything is built before anything is replaced: a failure leaves the state as it was.
      const rules = FaultRules.fromState(this.seed, faults, this.limits.faultRules);
      this.#store = store;
      this.#faults = rules;
      this.#bindSurface();
    };
    this.#commits.admin("snapshot", () =>
      this.#commit({ kind: "setup", what: "snapshot", install, cause: ADMIN }),
    );
  }

  /** An in-process input (a fault rule, a snapshot) nested past limits.jsonDepth is refused before anything changes. */
  #checkDepth(input: unknown): void {
    const at = tooDeepAt(input, this.limits.jsonDepth);
    if (at)
      throw new LimitExceededError(
        "jsonDepth",
        `${at.join(".")}: ${tooDeepText(this.limits.jsonDepth)}`,
        at.join("."),
      );
  }

  #bindSurface(): void {
    const { journal, strict, limits } = this;
    this.#env = { store: this.#store, faults: this.#faults, journal, strict, limits, commit: this.#commit };
  }
}

/** A config nested past limits.jsonDepth, or with more fault rules than limits.faultRules, does not start. */
function checkConfigLimits(config: ValidConfig, limits: Limits, source: string): void {
  const at = tooDeepAt(config, limits.jsonDepth);
  if (at) throw new ConfigError(source, [{ path: formatPath(at), message: tooDeepText(limits.jsonDepth) }]);
  const faults = config.faults?.length ?? 0;
  if (faults > limits.faultRules)
    throw new ConfigError(source, [
      { path: "faults", message: `no more than ${limits.faultRules} fault rules (limits.faultRules)` },
    ]);
}
