/**
 * Identical reads in one plan answered once: a call in flight is shared by every reader asking
 * the same thing, a success is kept for `ttlMs`, and a failure is forgotten as soon as it
 * settled (its waiters see it; the next reader tries again).
 */
import type { Clock } from "@wxa-audit/core";

interface Entry<T> {
  promise: Promise<T>;
  /** Set once a success settled. */
  expiresAt?: number;
}

export class ReadCache<T> {
  readonly #entries = new Map<string, Entry<T>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    /** Whether a settled value may be kept (a success) or must be forgotten (a failure). */
    private readonly keep: (value: T) => boolean,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The shared answer for `key`, starting `run` only when nothing usable is there. */
  get(key: string, run: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && (hit.expiresAt === undefined || hit.expiresAt > this.clock.now())) return hit.promise;
    const entry: Entry<T> = { promise: run() };
    this.#entries.set(key, entry);
    entry.promise.then(
      (value) => {
        if (this.#entries.get(key) !== entry) return;
        if (this.keep(value)) entry.expiresAt = this.clock.now() + this.ttlMs;
        else this.#entries.delete(key);
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry.promise;
  }

  clear(): void {
    this.#entries.clear();
  }
}
