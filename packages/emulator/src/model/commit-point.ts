/**
 * The commit point: the one function (`commit`) through which state changes, whatever triggered it
 * (a WeChat call, an admin command, the clock, reads). A change is a transition of a record (the
 * machine's `apply` writes it) or one of the other kinds of model/changes.ts (counter, flag, rename,
 * token, setup), applied by model/apply-change.ts with the store's writers. Either way it is put in
 * the journal with its cause and handed to subscribers (the push outbox, next). A change lands in
 * the journal entry of the operation under way: the WeChat request's own entry, or one `admin`
 * entry per tenant for an admin command or a clock advance.
 */
import type { FaultRules } from "../faults.js";
import type { Journal } from "../journal.js";
import type { Limits } from "../limits.js";
import { applyWrite } from "./apply-change.js";
import type { Batch, Recorded, Write } from "./changes.js";
import type { Change, Committed, Fired, Tracked } from "./lifecycle.js";
import type { Store } from "./store.js";
import { WRITES } from "./writes.js";

export const firedOf = (c: Committed): Fired => ({ kind: c.kind, id: c.id, from: c.from, to: c.to });

/** Shared by every journal entry that committed nothing: frozen, so no reader can push into all of them. */
const NO_TRANSITIONS = Object.freeze([]) as unknown as Committed[];
const NO_CHANGES = Object.freeze([]) as unknown as Recorded[];
/** A batch with nothing yet: its arrays are made on the first push (none on a read-only request). */
const emptyBatch = (): Batch => ({ transitions: NO_TRANSITIONS, changes: NO_CHANGES });

export class CommitPoint {
  /** What the operation under way committed. */
  #batch: Batch | undefined;
  /** The WeChat request's batch, one object reused (its arrays are fresh per request). */
  readonly #request = emptyBatch();
  readonly #subscribers = new Set<(t: Committed) => void>();
  readonly #changeSubscribers = new Set<(c: Committed | Recorded) => void>();

  constructor(
    readonly journal: Journal,
    readonly store: () => Store,
    readonly faults: () => FaultRules,
    readonly limits: Limits,
  ) {}

  /** Calls `fn` with every transition committed from now on; returns how to stop. */
  subscribe(fn: (t: Committed) => void): () => void {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }

  /** Calls `fn` with every change committed from now on, transitions and the rest; returns how to stop. */
  subscribeChanges(fn: (c: Committed | Recorded) => void): () => void {
    this.#changeSubscribers.add(fn);
    return () => this.#changeSubscribers.delete(fn);
  }

  /** The one function through which state changes. A transition returns what fired. */
  readonly commit: {
    <S extends number, R extends Tracked>(change: Change<S, R>): Fired;
    (change: Write): void;
  } = ((change: Change | Write): Fired | undefined =>
    "machine" in change ? this.#transition(change) : this.#write(change)) as never;

  #transition<S extends number, R extends Tracked>(change: Change<S, R>): Fired {
    const store = this.store();
    const { machine: m, record, to, cause } = change;
    const from = change.created ? "" : m.name(m.state(record));
    const at = store.clockOf(record.tenant).now();
    if (change.created) {
      const kind = store.kinds.find((k) => k.kind === m.kind)!;
      WRITES.insertRecord(store, kind, m.id(record), record, store.tenant(record.tenant)!);
    } else m.apply(store, record, to, change.details, at);
    if (m.moves[to].length === 0) record.pending = [];
    const fired: Fired = { kind: m.kind, id: m.id(record), from, to: m.name(to) };
    record.history.push({ from, to: fired.to, at, by: cause.by });
    // The newest limits.historyPerRecord moves (the journal keeps them all, while it holds them).
    const over = record.history.length - this.limits.historyPerRecord;
    if (over > 0) record.history.splice(0, over);
    const committed: Committed = { ...fired, tenant: record.tenant, at, ...cause };
    const batch = this.#batch;
    if (batch) {
      if (batch.transitions === NO_TRANSITIONS) batch.transitions = [];
      batch.transitions.push(committed);
    } else this.#journalAdmin("internal", { transitions: [committed], changes: [] });
    notify(this.#subscribers, committed);
    notify(this.#changeSubscribers, committed);
    // A move may carry consequences (a succeeded nickname audit renames the tenant), with its cause.
    for (const next of m.effects?.(record, to) ?? []) this.#write({ ...next, cause } as Write);
    return fired;
  }

  #write(w: Write): undefined {
    const recorded = applyWrite(w, this.store, this.faults, this.limits);
    const batch = this.#batch;
    // An eviction is filed on its own, under the evicted tenant: the request that caused it is
    // another tenant's, and `journal({ tenant })` should show how that tenant ended.
    if (recorded.kind === "setup" && recorded.what === "evict")
      this.#journalAdmin(`tenants/${recorded.tenant}`, { transitions: [], changes: [recorded] });
    else if (batch) {
      if (batch.changes === NO_CHANGES) batch.changes = [];
      batch.changes.push(recorded);
    } else this.#journalAdmin("internal", { transitions: [], changes: [recorded] });
    notify(this.#changeSubscribers, recorded);
    return undefined;
  }

  /**
   * Opens a WeChat request: what it commits goes into the returned batch, which the request's own
   * journal entry carries. `endRequest` closes it (begin/end rather than a callback: no closure per
   * request on the hot path).
   */
  beginRequest(): Batch {
    const b = this.#request;
    b.transitions = NO_TRANSITIONS;
    b.changes = NO_CHANGES;
    this.#batch = b;
    return b;
  }

  endRequest(): void {
    this.#batch = undefined;
  }

  /** Runs an admin command; what it commits goes in `admin` journal entries, one per tenant. */
  admin<T>(origin: string, fn: (batch: Batch) => T): T {
    const outer = this.#batch;
    const batch = emptyBatch();
    this.#batch = batch;
    try {
      return fn(batch);
    } finally {
      this.#batch = outer;
      if (outer) {
        for (const t of batch.transitions) this.#transitionsOf(outer).push(t);
        for (const c of batch.changes) this.#changesOf(outer).push(c);
      } else this.#journalAdmin(origin, batch);
    }
  }

  #transitionsOf(b: Batch): Committed[] {
    if (b.transitions === NO_TRANSITIONS) b.transitions = [];
    return b.transitions;
  }

  #changesOf(b: Batch): Recorded[] {
    if (b.changes === NO_CHANGES) b.changes = [];
    return b.changes;
  }

  #journalAdmin(origin: string, batch: Batch): void {
    const byTenant = new Map<string | undefined, Batch & { at: number }>();
    const entry = (tenant: string | undefined, at: number) => {
      const e = byTenant.get(tenant) ?? { transitions: [], changes: [], at };
      byTenant.set(tenant, e);
      e.at = at;
      return e;
    };
    for (const c of batch.transitions) entry(c.tenant, c.at).transitions.push(c);
    for (const c of batch.changes) entry("tenant" in c ? c.tenant : undefined, c.at).changes.push(c);
    for (const [tenant, { transitions, changes, at }] of byTenant) {
      this.journal.record({
        source: "admin",
        at,
        method: "ADMIN",
        path: `/__admin/${origin}`,
        endpoint: undefined,
        tenant,
        request: undefined,
        status: 200,
        errcode: undefined,
        answer: undefined,
        fault: undefined,
        transitions,
        changes,
      });
    }
  }
}

/**
 * Hands a committed change to the subscribers. A subscriber never changes the outcome (the
 * state is already written and the journal entry must follow): what one throws becomes a
 * process warning, and the others still hear of the change.
 */
function notify<T>(subscribers: Iterable<(item: T) => void>, item: T): void {
  for (const s of subscribers) {
    try {
      s(item);
    } catch (err) {
      process.emitWarning(`wxa-emulator: a commit subscriber threw: ${(err as Error)?.name ?? typeof err}`);
    }
  }
}
