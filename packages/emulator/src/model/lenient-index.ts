/**
 * The tenants lenient mode made, least recently used first, each with the bytes it keeps (an
 * estimate, refreshed when a request of its commits something). Bookkeeping for the bounds of
 * tenants/lenient.ts: membership changes with the store's writers (a tenant made, replaced or
 * dropped); a use only moves a tenant to the back, which is no state change.
 */
export class LenientIndex {
  /** Name to estimated bytes; a Map iterates in insertion order, so the first is the least recently used. */
  readonly #order = new Map<string, number>();
  #bytes = 0;

  get size(): number {
    return this.#order.size;
  }

  /** Estimated bytes all of them keep. */
  get bytes(): number {
    return this.#bytes;
  }

  has(name: string): boolean {
    return this.#order.has(name);
  }

  add(name: string): void {
    this.delete(name);
    this.#order.set(name, 0);
  }

  delete(name: string): void {
    const bytes = this.#order.get(name);
    if (bytes === undefined) return;
    this.#bytes -= bytes;
    this.#order.delete(name);
  }

  /** A use: the tenant moves to the back (most recently used). No-op for another tenant. */
  touch(name: string): void {
    const bytes = this.#order.get(name);
    if (bytes === undefined) return;
    this.#order.delete(name);
    this.#order.set(name, bytes);
  }

  resize(name: string, bytes: number): void {
    const old = this.#order.get(name);
    if (old === undefined) return;
    this.#bytes += bytes - old;
    this.#order.set(name, bytes);
  }

  /** The least recently used. */
  oldest(): string | undefined {
    return this.#order.keys().next().value;
  }
}
