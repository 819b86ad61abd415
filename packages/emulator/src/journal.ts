/**
 * The journal: every WeChat-surface request with its tenant, the answer, and the fault rule or
 * transitions behind it; and, as `source: "admin"` entries, the transitions an admin command or the
 * clock applied outside any request (one entry per tenant and command). Every transition is in
 * exactly one entry, put there by the commit point. A ring buffer (bounded memory under load); secrets are redacted before
 * an entry is made.
 */
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
  /** For a push attempt: which delivery, which try, and what the receiver did. */
  push?: PushAttemptEntry;
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

export class Journal {
  #buf: Array<JournalEntry | undefined>;
  #start = 0;
  #size = 0;
  #seq = 0;

  constructor(readonly capacity = 10_000) {
    this.#buf = new Array(capacity);
  }

  record(e: Omit<JournalEntry, "seq">): void {
    const entry = { seq: ++this.#seq, ...e };
    if (this.capacity === 0) return;
    if (this.#size < this.capacity) {
      this.#buf[(this.#start + this.#size) % this.capacity] = entry;
      this.#size++;
    } else {
      this.#buf[this.#start] = entry;
      this.#start = (this.#start + 1) % this.capacity;
    }
  }

  *entries(): Generator<JournalEntry> {
    for (let i = 0; i < this.#size; i++) yield this.#buf[(this.#start + i) % this.capacity]!;
  }

  /** Matches, oldest first; with `limit`, the newest `limit` of them. */
  find(f: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const e of this.entries()) if (matches(e, f)) out.push(e);
    return f.limit !== undefined ? out.slice(Math.max(0, out.length - f.limit)) : out;
  }

  count(f: JournalFilter = {}): number {
    let n = 0;
    for (const e of this.entries()) if (matches(e, f)) n++;
    return f.limit !== undefined ? Math.min(n, f.limit) : n;
  }

  clear(keep?: (e: JournalEntry) => boolean): void {
    const kept = keep ? [...this.entries()].filter(keep) : [];
    this.#buf = new Array(this.capacity);
    this.#start = 0;
    this.#size = 0;
    for (const e of kept) {
      this.#buf[this.#size++] = e;
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
