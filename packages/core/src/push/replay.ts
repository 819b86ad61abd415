/**
 * Remembering what was seen, for a while and within bounded memory: nonces (replay protection)
 * and, in the handler, processed messages (dedupe). Entries live `windowSeconds`; past
 * `maxEntries` the oldest go first. Time is passed in (unix seconds), so tests never sleep.
 */
export interface ReplayGuardOptions {
  /** How long an entry is remembered (default 300 s, WeChat's usual timestamp tolerance). */
  windowSeconds?: number;
  /** At most this many entries; the oldest are forgotten first (default 10,000). */
  maxEntries?: number;
}

export class ReplayGuard {
  readonly windowSeconds: number;
  readonly maxEntries: number;
  // Insertion order is age order: a re-added key is deleted and inserted again.
  readonly #seen = new Map<string, number>();

  constructor(opts: ReplayGuardOptions = {}) {
    this.windowSeconds = opts.windowSeconds ?? 300;
    this.maxEntries = opts.maxEntries ?? 10_000;
    if (!(this.windowSeconds > 0) || !(this.maxEntries >= 1))
      throw new RangeError("ReplayGuard: windowSeconds must be > 0 and maxEntries >= 1");
  }

  /** How many entries are held now. */
  get size(): number {
    return this.#seen.size;
  }

  /** Seen within the window? */
  has(key: string, now: number): boolean {
    this.#expire(now);
    const at = this.#seen.get(key);
    return at !== undefined && now - at < this.windowSeconds;
  }

  /** Remember `key` as seen at `now`. */
  add(key: string, now: number): void {
    this.#expire(now);
    this.#seen.delete(key);
    this.#seen.set(key, now);
    while (this.#seen.size > this.maxEntries) this.#seen.delete(this.#seen.keys().next().value!);
  }

  /** True and remembered if `key` is new; false if it was seen within the window. */
  check(key: string, now: number): boolean {
    if (this.has(key, now)) return false;
    this.add(key, now);
    return true;
  }

  /** Forget `key` (a message whose processing failed may come again). */
  delete(key: string): void {
    this.#seen.delete(key);
  }

  #expire(now: number): void {
    for (const [key, at] of this.#seen) {
      if (now - at < this.windowSeconds) break;
      this.#seen.delete(key);
    }
  }
}
