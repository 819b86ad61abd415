/**
 * The one generic lifecycle every state machine of the emulator uses (moto's ManagedState, with
 * a clock we control). A machine is data: a transition table (which state may follow which),
 * guards (refusals that look at other records, across machines too), and how a move is written
 * into a record. Moves happen by three triggers:
 *   - command: a WeChat call (undocodeaudit) or an admin transition, applied at once;
 *   - clock:   a scheduled move whose due time on the tenant's clock has come;
 *   - reads:   a scheduled move after N status reads.
 * Scheduled moves are settled lazily, inside the synchronous request that looks at the record, so
 * under any number of concurrent readers a move is applied exactly once. Every move, whatever its
 * trigger, is handed to the commit point (`Commit`), the only code that changes a record's state.
 */
import type { ChangeBody, Write } from "./changes.js";
import type { Store } from "./store.js";

export interface HistoryEntry {
  from: string;
  to: string;
  /** Unix seconds on the tenant's clock. */
  at: number;
  /** "submit", "setnickname", "admin", "schedule:<id>", "undocodeaudit". */
  by: string;
}

export interface PendingMove {
  id: number;
  to: number;
  /** Due instant (ms on the tenant's clock), for a move after a delay. */
  dueAtMs?: number;
  /** Reads still answered with the old state, for a move after N reads. */
  readsLeft?: number;
  reason?: string;
  screenshot?: string;
}

/** What every record of a machine carries besides its own fields. */
export interface Tracked {
  tenant: string;
  reads: number;
  pending: PendingMove[];
  history: HistoryEntry[];
}

/** Texts a move carries (given by the caller, else drawn from the PRNG when the move is decided). */
export interface Details {
  reason?: string | undefined;
  screenshot?: string | undefined;
}

export type TriggerKind = "command" | "clock" | "reads";

/** Why a transition happened: its trigger, and who asked ("admin", "undocodeaudit", "schedule:7"). */
export interface Cause {
  trigger: TriggerKind;
  by: string;
}

/** A transition as the admin API reports it. */
export interface Fired {
  kind: string;
  id: number;
  from: string;
  to: string;
}

/** A transition as the commit point records it: with its tenant, time and cause. */
export interface Committed extends Fired, Cause {
  tenant: string;
  at: number;
}

/** A refusal that looks beyond the table (another record, another machine); returns why, or nothing. */
export interface Guard<S extends number, R extends Tracked> {
  /** Applies to moves into this state only; to every move when absent. */
  readonly to?: S;
  readonly refuse: (record: R, store: Store) => string | undefined;
}

export interface Lifecycle<S extends number, R extends Tracked> {
  /** "audit", "nickname": the `kind` of its transitions. */
  readonly kind: string;
  /** How messages name a record: "audit 42 is approved ...". */
  readonly noun: string;
  /** The transition table: the states each state may move to. A final state maps to []. */
  readonly moves: Readonly<Record<S, readonly S[]>>;
  readonly guards: readonly Guard<S, R>[];
  name(state: S): string;
  id(record: R): number;
  state(record: R): S;
  /** What a move into `to` carries: `given`, or drawn now. */
  details(store: Store, to: S, given: Details): Details;
  /** Writes a move into the record (state, texts, times). Only the commit point calls this. */
  apply(store: Store, record: R, to: S, details: Details, at: number): void;
  /** Changes a move into `to` causes beyond the record (committed after it, with its cause). */
  effects?(record: R, to: S): readonly ChangeBody[];
}

// biome-ignore lint/suspicious/noExplicitAny: a registry of machines of any state type
export type AnyLifecycle = Lifecycle<any, any>;

/** A move handed to the commit point. `created`: a new record entering its first state. */
export interface Change<S extends number = number, R extends Tracked = Tracked> {
  machine: Lifecycle<S, R>;
  record: R;
  to: S;
  details: Details;
  cause: Cause;
  created?: boolean;
}

/** The commit point as the lifecycle uses it: for transitions. */
export type CommitTransition = <S extends number, R extends Tracked>(change: Change<S, R>) => Fired;

/** The commit point: applies a change, records it, hands it on. A transition returns what fired. */
export interface Commit {
  <S extends number, R extends Tracked>(change: Change<S, R>): Fired;
  (change: Write): void;
}

/** A refused move; the admin API answers it as 409 naming the current state. */
export class IllegalTransitionError extends Error {
  readonly code = "illegal_transition";
  constructor(
    readonly kind: string,
    readonly id: number,
    readonly from: string,
    readonly to: string,
    noun: string,
    why?: string,
  ) {
    super(
      `${noun} ${id} is ${from}; it cannot move to ${to}` +
        (why ? ` (${why})` : from === to ? " (it is already there)" : ""),
    );
  }
}

export const isOpen = <S extends number>(m: { moves: Readonly<Record<S, readonly S[]>> }, s: S): boolean =>
  m.moves[s].length > 0;

/** Throws IllegalTransitionError when the table or a guard refuses `from -> to`. */
export function check<S extends number, R extends Tracked>(
  m: Lifecycle<S, R>,
  store: Store,
  record: R,
  from: S,
  to: S,
): void {
  const refuse = (why?: string) =>
    new IllegalTransitionError(m.kind, m.id(record), m.name(from), m.name(to), m.noun, why);
  if (!m.moves[from].includes(to)) throw refuse();
  for (const g of m.guards) {
    if (g.to !== undefined && g.to !== to) continue;
    const why = g.refuse(record, store);
    if (why !== undefined) throw refuse(why);
  }
}

/** Moves a record now (a command); throws IllegalTransitionError naming the current state. */
export function move<S extends number, R extends Tracked>(
  m: Lifecycle<S, R>,
  store: Store,
  commit: CommitTransition,
  record: R,
  to: S,
  given: Details,
  cause: Cause,
): Fired {
  check(m, store, record, m.state(record), to);
  return commit({ machine: m, record, to, details: m.details(store, to, given), cause });
}

/** State a record will have once all its pending moves are applied (to check a new one against). */
export function projected<S extends number, R extends Tracked>(m: Lifecycle<S, R>, record: R): S {
  return (record.pending[record.pending.length - 1]?.to as S | undefined) ?? m.state(record);
}

export interface When {
  afterSeconds?: number | undefined;
  afterReads?: number | undefined;
}

/** Schedules a move: after a delay on the tenant's clock, or after N status reads. */
export function schedule<S extends number, R extends Tracked>(
  m: Lifecycle<S, R>,
  store: Store,
  record: R,
  to: S,
  when: When,
  given: Details,
): PendingMove {
  check(m, store, record, projected(m, record), to);
  // Texts are drawn now, so a move that falls due inside a read needs no generation there.
  const move: PendingMove = { id: store.nextPendingId++, to, ...m.details(store, to, given) };
  if (move.reason === undefined) delete move.reason;
  if (move.screenshot === undefined) delete move.screenshot;
  if (when.afterReads !== undefined) move.readsLeft = when.afterReads;
  else move.dueAtMs = store.clockOf(record.tenant).nowMs() + Math.round((when.afterSeconds ?? 0) * 1000);
  record.pending.push(move);
  return move;
}

/**
 * Applies the record's due moves, through the commit point. `read` counts this call as a status
 * read, for moves "after N reads".
 */
export function settle<S extends number, R extends Tracked>(
  m: Lifecycle<S, R>,
  store: Store,
  commit: CommitTransition,
  record: R,
  read: boolean,
): void {
  if (read) record.reads++;
  const pending = record.pending;
  if (pending.length === 0) return;
  const nowMs = store.clockOf(record.tenant).nowMs();
  const due = pending
    .filter((p) => (p.dueAtMs !== undefined && p.dueAtMs <= nowMs) || (read && p.readsLeft === 0))
    .sort((a, b) => (a.dueAtMs ?? nowMs) - (b.dueAtMs ?? nowMs) || a.id - b.id);
  if (read) for (const p of pending) if (p.readsLeft !== undefined && p.readsLeft > 0) p.readsLeft--;
  for (const p of due) {
    const at = pending.indexOf(p);
    if (at < 0) continue; // dropped by an earlier move to a final state
    pending.splice(at, 1);
    const to = p.to as S;
    try {
      check(m, store, record, m.state(record), to);
    } catch (err) {
      // Moved elsewhere by a command meanwhile: the stale move is dropped.
      if (err instanceof IllegalTransitionError) continue;
      throw err;
    }
    const cause: Cause = { trigger: p.readsLeft === undefined ? "clock" : "reads", by: `schedule:${p.id}` };
    commit({ machine: m, record, to, details: { reason: p.reason, screenshot: p.screenshot }, cause });
  }
}
