/**
 * The commit point: the one function through which a record changes state, whatever triggered
 * it (a WeChat call, an admin command, the clock, reads). It writes the move into the record (the
 * machine's `apply`), appends the record's history, puts the transition in the journal with its
 * cause, and hands it to subscribers (the push outbox, next). A transition lands in the journal
 * entry of the operation under way: the WeChat request's own entry, or one `admin` entry per
 * tenant for an admin command or a clock advance.
 */
import type { Journal } from "../journal.js";
import type { Change, Committed, Fired, Tracked } from "./lifecycle.js";
import type { Store } from "./store.js";

export const firedOf = (c: Committed): Fired => ({ kind: c.kind, id: c.id, from: c.from, to: c.to });

export class CommitPoint {
  /** Transitions committed by the operation under way. */
  #batch: Committed[] | undefined;
  readonly #subscribers = new Set<(t: Committed) => void>();

  constructor(
    readonly journal: Journal,
    readonly store: () => Store,
  ) {}

  /** Calls `fn` with every transition committed from now on; returns how to stop. */
  subscribe(fn: (t: Committed) => void): () => void {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }

  readonly commit = <S extends number, R extends Tracked>(change: Change<S, R>): Fired => {
    const store = this.store();
    const { machine: m, record, to, cause } = change;
    const from = change.created ? "" : m.name(m.state(record));
    const at = store.clockOf(record.tenant).now();
    if (!change.created) m.apply(store, record, to, change.details, at);
    if (m.moves[to].length === 0) record.pending = [];
    const fired: Fired = { kind: m.kind, id: m.id(record), from, to: m.name(to) };
    record.history.push({ from, to: fired.to, at, by: cause.by });
    const committed: Committed = { ...fired, tenant: record.tenant, at, ...cause };
    if (this.#batch) this.#batch.push(committed);
    else this.#journalAdmin("internal", [committed]);
    for (const s of this.#subscribers) s(committed);
    return fired;
  };

  /**
   * Opens a WeChat request: what it commits goes into the returned batch, which the request's own
   * journal entry carries. `endRequest` closes it (begin/end rather than a callback: no closure per
   * request on the hot path).
   */
  beginRequest(): Committed[] {
    this.#batch = [];
    return this.#batch;
  }

  endRequest(): void {
    this.#batch = undefined;
  }

  /** Runs an admin command; what it commits goes in `admin` journal entries, one per tenant. */
  admin<T>(origin: string, fn: (batch: readonly Committed[]) => T): T {
    const outer = this.#batch;
    const batch: Committed[] = [];
    this.#batch = batch;
    try {
      return fn(batch);
    } finally {
      this.#batch = outer;
      if (outer) outer.push(...batch);
      else this.#journalAdmin(origin, batch);
    }
  }

  #journalAdmin(origin: string, batch: readonly Committed[]): void {
    const byTenant = new Map<string, Committed[]>();
    for (const c of batch) byTenant.set(c.tenant, [...(byTenant.get(c.tenant) ?? []), c]);
    for (const [tenant, transitions] of byTenant) {
      this.journal.record({
        source: "admin",
        at: transitions[transitions.length - 1]!.at,
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
      });
    }
  }
}
