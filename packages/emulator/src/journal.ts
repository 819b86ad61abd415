/**
 * The journal: every WeChat-surface request with its tenant, the answer, and the fault rule or
 * transitions behind it; and, as `source: "admin"` entries, the transitions an admin command or the
 * clock applied outside any request (one entry per tenant and command). Every transition is in
 * exactly one entry, put there by the commit point. A ring buffer bounded by entries and by bytes
 * (limits.journalEntries, limits.journalBytes: each entry's approximate JSON size is reckoned once,
 * when it is recorded); a request or answer over limits.journalFieldBytes is left out of its entry,
 * which says so in `elided`. Secrets are redacted before an entry is made.
 */
import { approxJsonBytes } from "./json-limits.js";
import type { Limits } from "./limits.js";
import type { Recorded } from "./model/changes.js";
import type { Committed } from "./model/lifecycle.js";

export interface JournalEntry {
  seq: number;
  /**
   * "wechat": a WeChat-surface request; "admin": transitions applied by an admin command or the
   * clock; "push": one attempt to deliver a push to a platform's receiver (see `push`).
   */
  source: "wechat" | "admin" | "push";
  /** Unix seconds on the tenant's (or shared) emulator clock. */
  at: number;
  method: string;
  /** Path without the query (the query may hold a token). */
  path: string;
  /** Interface name, or undefined for an unknown path. */
  endpoint: string | undefined;
  tenant: string | undefined;
  /** Request fields, secrets redacted; undefined when the body was not a JSON object. */
  request: Record<string, unknown> | undefined;
  status: number;
  errcode: number | undefined;
  /** Answer body as sent (before any body fault), secrets redacted. */
  answer: Record<string, unknown> | undefined;
  /** Id of the fault rule that produced the answer. */
  fault: string | undefined;
  /** Transitions applied while answering (or by the admin command), each with its cause. */
  transitions: Committed[];
  /** The other changes committed with them (counters, flags, renames, tokens, set-up), each with its cause; never a secret. */
  changes: Recorded[];
  /**
   * For a request answered 47001: what was wrong with it (a field path or a limit, never a
   * value), as the emulator's `x-wxa-emulator-detail` header said; WeChat's errmsg does not.
   */
  detail?: string;
  /** For a push attempt: which delivery, which try, and what the receiver did. */
  push?: PushAttemptEntry;
  /**
   * What was left out of this entry for its size (over limits.journalFieldBytes): the request's
   * or the answer's approximate bytes. `request` (or `answer`) is then undefined.
   */
  elided?: { request?: number; answer?: number };
}

export interface PushAttemptEntry {
  delivery: number;
  /** 1, 2, 3 (WeChat's tries), or higher for an admin re-delivery. */
  attempt: number;
  /** The event pushed (`weapp_audit_success`, `component_verify_ticket`, ...). */
  event: string;
  outcome: "success" | "wrong_answer" | "http_status" | "timeout" | "connect";
  /** The receiver's answer, its first 256 characters. */
  answer?: string;
}

export interface JournalFilter {
  endpoint?: string | undefined;
  tenant?: string | undefined;
  errcode?: number | undefined;
  fault?: string | undefined;
  /** The newest N matches. */
  limit?: number | undefined;
}

/** What an entry costs before its request and answer: its fixed fields, as JSON. */
const ENTRY_BYTES = 256;
/** A transition or change as JSON (kind, tenant, ids, states, cause). */
const CHANGE_BYTES = 192;

export type JournalLimits = Pick<Limits, "journalEntries" | "journalBytes" | "journalFieldBytes">;

export class Journal {
  readonly capacity: number;
  readonly maxBytes: number;
  readonly fieldBytes: number;
  #buf: Array<JournalEntry | undefined>;
  /** Each entry's approximate bytes, beside it in the ring. */
  #sizes: Float64Array;
  #start = 0;
  #size = 0;
  #bytes = 0;
  #seq = 0;

  constructor(limits: JournalLimits) {
    this.capacity = limits.journalEntries;
    this.maxBytes = limits.journalBytes;
    this.fieldBytes = limits.journalFieldBytes;
    // Stryker disable next-line ArrayDeclaration: a preallocation; an array grows to the same contents.
    this.#buf = new Array(this.capacity);
    this.#sizes = new Float64Array(this.capacity);
  }

  /** Approximate bytes of the entries kept. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Records an entry. `requestBytes`: the request's size when the caller knows it (the body's
   * length), so a large request is not walked to size it.
   */
  record(e: Omit<JournalEntry, "seq">, requestBytes?: number): void {
    const entry: JournalEntry = { seq: ++this.#seq, ...e };
    if (this.capacity === 0) return;
    const bytes = this.#fit(entry, requestBytes);
    while (this.#size > 0 && (this.#size >= this.capacity || this.#bytes + bytes > this.maxBytes))
      this.#dropOldest();
    const at = (this.#start + this.#size) % this.capacity;
    this.#buf[at] = entry;
    this.#sizes[at] = bytes;
    this.#size++;
    this.#bytes += bytes;
  }

  /** The entry's approximate bytes, after leaving out a request or answer over the field limit. */
  #fit(entry: JournalEntry, requestBytes: number | undefined): number {
    let bytes = ENTRY_BYTES + entry.path.length;
    if (entry.request !== undefined) {
      const size = requestBytes ?? approxJsonBytes(entry.request, this.fieldBytes);
      if (size > this.fieldBytes) {
        entry.request = undefined;
        entry.elided = { request: size };
      } else bytes += size;
    }
    if (entry.answer !== undefined) {
      const size = approxJsonBytes(entry.answer, this.fieldBytes);
      if (size > this.fieldBytes) {
        entry.answer = undefined;
        entry.elided = { ...entry.elided, answer: size };
      } else bytes += size;
    }
    bytes += (entry.transitions.length + entry.changes.length) * CHANGE_BYTES;
    if (entry.push?.answer) bytes += entry.push.answer.length;
    if (entry.detail) bytes += entry.detail.length;
    return bytes;
  }

  #dropOldest(): void {
    this.#bytes -= this.#sizes[this.#start]!;
    this.#buf[this.#start] = undefined;
    this.#start = (this.#start + 1) % this.capacity;
    this.#size--;
  }

  *entries(): Generator<JournalEntry> {
    for (let i = 0; i < this.#size; i++) yield this.#buf[(this.#start + i) % this.capacity]!;
  }

  /** Matches, oldest first; with `limit`, the newest `limit` of them. */
  find(f: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const e of this.entries()) if (matches(e, f)) out.push(e);
    // Stryker disable next-line ConditionalExpression: without a limit, slice(NaN) keeps every match anyway.
    return f.limit !== undefined ? out.slice(Math.max(0, out.length - f.limit)) : out;
  }

  count(f: JournalFilter = {}): number {
    let n = 0;
    for (const e of this.entries()) if (matches(e, f)) n++;
    return f.limit !== undefined ? Math.min(n, f.limit) : n;
  }

  clear(keep?: (e: JournalEntry) => boolean): void {
    const kept: Array<[JournalEntry, number]> = [];
    if (keep)
      for (let i = 0; i < this.#size; i++) {
        const at = (this.#start + i) % this.capacity;
        if (keep(this.#buf[at]!)) kept.push([this.#buf[at]!, this.#sizes[at]!]);
      }
    // Stryker disable next-line ArrayDeclaration: a preallocation; an array grows to the same contents.
    this.#buf = new Array(this.capacity);
    this.#start = 0;
    this.#size = 0;
    this.#bytes = 0;
    for (const [e, bytes] of kept) {
      this.#buf[this.#size] = e;
      this.#sizes[this.#size++] = bytes;
      this.#bytes += bytes;
    }
  }
}

function matches(e: JournalEntry, f: JournalFilter): boolean {
  return (
    (f.endpoint === undefined || e.endpoint === f.endpoint) &&
    (f.tenant === undefined || e.tenant === f.tenant) &&
    (f.errcode === undefined || e.errcode === f.errcode) &&
    (f.fault === undefined || e.fault === f.fault)
  );
}
