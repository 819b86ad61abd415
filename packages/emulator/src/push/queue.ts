/**
 * The deliveries and their order: one receiver at a time per platform, in the order deliveries
 * were added (WeChat's order), each try off the request path (setImmediate). A try that failed
 * waits for the clock (`tickDue` moves it back in line when due). Bounded: the newest
 * limits.pushDeliveries, finished ones forgotten first.
 */
import { NotFoundError } from "../errors.js";
import type { Journal } from "../journal.js";
import { DEFAULT_LIMITS } from "../limit-options.js";
import type { Limits } from "../limits.js";
import type { Store } from "../model/store.js";
import {
  type Delivery,
  type DeliveryState,
  type DeliveryView,
  deliveryView,
  tryDelivery,
} from "./delivery.js";
import type { OutgoingEvent } from "./events.js";

/** WeChat tries three times in all. */
export const PUSH_TRIES = 3;
/** Deliveries kept for the admin API by default (limits.pushDeliveries; finished ones are forgotten first). */
export const MAX_DELIVERIES = DEFAULT_LIMITS.pushDeliveries;

export class DeliveryQueue {
  readonly #store: () => Store;
  readonly #journal: Journal;
  readonly #limits: Pick<Limits, "pushDeliveries" | "pushAttemptsKept">;
  readonly #deliveries = new Map<number, Delivery>();
  /** Deliveries ready for a try, per platform, in order. */
  readonly #ready = new Map<string, Delivery[]>();
  readonly #busy = new Set<string>();
  #nextId = 1;
  #abort = new AbortController();
  #idle: Array<() => void> = [];

  constructor(
    store: () => Store,
    journal: Journal,
    limits: Pick<Limits, "pushDeliveries" | "pushAttemptsKept">,
  ) {
    this.#store = store;
    this.#journal = journal;
    this.#limits = limits;
  }

  add(platform: string, tenant: string | undefined, event: OutgoingEvent, target: Delivery["target"]) {
    const clock = this.#store().clockOf(tenant);
    const d: Delivery = {
      id: this.#nextId++,
      platform,
      tenant,
      event,
      target,
      createdAt: clock.now(),
      state: "pending",
      attempts: [],
      tried: 0,
      triesLeft: PUSH_TRIES,
    };
    this.#deliveries.set(d.id, d);
    this.#bound();
    this.#queue(d);
    return d;
  }

  #queue(d: Delivery): void {
    d.state = "pending";
    delete d.dueMs;
    const q = this.#ready.get(d.platform) ?? [];
    q.push(d);
    this.#ready.set(d.platform, q);
    // Off the request path: the WeChat answer is written first.
    setImmediate(() => this.#pump(d.platform));
  }

  #pump(platform: string): void {
    if (this.#busy.has(platform)) return;
    const d = this.#ready.get(platform)?.shift();
    if (!d) {
      this.#checkIdle();
      return;
    }
    this.#busy.add(platform);
    void this.#attempt(d).finally(() => {
      this.#busy.delete(platform);
      this.#pump(platform);
    });
  }

  async #attempt(d: Delivery): Promise<void> {
    try {
      await tryDelivery(
        d,
        this.#store(),
        this.#journal,
        this.#abort.signal,
        () => this.#deliveries.get(d.id) === d,
        this.#limits.pushAttemptsKept,
      );
    } catch (err) {
      // A bug, not a receiver's doing: the delivery fails, the emulator goes on answering.
      d.state = "failed";
      process.emitWarning(`wxa-emulator: a push try failed: ${(err as Error)?.name ?? typeof err}`);
    }
  }

  /** One more try of a delivery now, whatever its state (an admin re-delivery; no automatic retry after it). */
  redeliver(id: number): DeliveryView {
    const d = this.#deliveries.get(id);
    if (!d) throw new NotFoundError("push delivery", id);
    if (d.state !== "delivering" && d.state !== "pending") {
      d.triesLeft = 1;
      this.#queue(d);
    }
    return deliveryView(d);
  }

  /** Resolves once nothing is pending or being delivered (retries waiting for the clock excepted). */
  flush(timeoutMs: number): Promise<boolean> {
    if (this.#isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      // On time-out the waiter goes too: flushes that time out must not pile up.
      const timer = setTimeout(() => {
        this.#idle = this.#idle.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.#idle.push(waiter);
    });
  }

  #isIdle(): boolean {
    for (const d of this.#deliveries.values())
      if (d.state === "pending" || d.state === "delivering") return false;
    return true;
  }

  #checkIdle(): void {
    if (this.#idle.length === 0 || !this.#isIdle()) return;
    const waiters = this.#idle;
    this.#idle = [];
    for (const w of waiters) w();
  }

  list(
    f: { platform?: string | undefined; tenant?: string | undefined; state?: DeliveryState | undefined } = {},
  ) {
    const out: DeliveryView[] = [];
    for (const d of this.#deliveries.values()) {
      if (f.platform !== undefined && d.platform !== f.platform) continue;
      if (f.tenant !== undefined && d.tenant !== f.tenant) continue;
      if (f.state !== undefined && d.state !== f.state) continue;
      out.push(deliveryView(d));
    }
    return out;
  }

  get(id: number): DeliveryView {
    const d = this.#deliveries.get(id);
    if (!d) throw new NotFoundError("push delivery", id);
    return deliveryView(d);
  }

  /** Keeps the newest limits.pushDeliveries, forgetting finished ones first. */
  #bound(): void {
    if (this.#deliveries.size <= this.#limits.pushDeliveries) return;
    for (const d of this.#deliveries.values()) {
      if (d.state === "delivered" || d.state === "failed") {
        this.#deliveries.delete(d.id);
        return;
      }
    }
    const oldest = this.#deliveries.values().next().value!;
    this.forget((d) => d === oldest);
  }

  forget(which: (d: Delivery) => boolean): void {
    for (const d of [...this.#deliveries.values()]) if (which(d)) this.#deliveries.delete(d.id);
    for (const [p, q] of this.#ready)
      this.#ready.set(
        p,
        q.filter((d) => !which(d)),
      );
    this.#checkIdle();
  }

  clear(): void {
    this.#deliveries.clear();
    this.#ready.clear();
    // Tries under way end now; their answers are no longer wanted.
    this.#abort.abort();
    this.#abort = new AbortController();
    this.#checkIdle();
  }

  /** Puts every waiting delivery whose retry is due (on its clock) back in line. */
  tickDue(): void {
    const store = this.#store();
    for (const d of this.#deliveries.values())
      if (d.state === "waiting" && store.clockOf(d.tenant).nowMs() >= d.dueMs!) this.#queue(d);
  }
}
