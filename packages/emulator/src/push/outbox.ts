/**
 * The push outbox: a subscriber of the commit point that turns committed changes into WeChat's
 * pushes and delivers them. It is not part of the model: the model is decided first (the answer,
 * the journal entry), then the outbox seals the event and posts it later, off the request path, so
 * a slow or dead receiver never slows the WeChat surface.
 *
 * What it models of WeChat (official push pages, wechat-push.md):
 *   - one receiver at a time per platform, deliveries in the order their changes were committed
 *     (queue.ts);
 *   - three tries in all: a try that does not get `success` (or an empty answer) within the
 *     platform's `attemptTimeoutMs` (5 s, as WeChat) is tried again 5 s after it started, on the
 *     emulator's clock, so a test with a frozen clock moves it to trigger the retry, never sleeps;
 *   - each try is sealed afresh (its own timestamp and nonce; the same message and CreateTime, so
 *     receivers dedupe as they must);
 *   - a component_verify_ticket every ten minutes on the shared clock (when enabled), which
 *     becomes valid for component_access_token through the commit point.
 * Every try is a journal entry (`source: "push"`). Memory is bounded: the newest
 * limits.pushDeliveries, each with its newest limits.pushAttemptsKept tries.
 */
import { recordArea } from "../areas/index.js";
import { NotFoundError } from "../errors.js";
import type { Journal } from "../journal.js";
import type { Limits } from "../limits.js";
import { isTransition, type Recorded } from "../model/changes.js";
import type { Committed } from "../model/lifecycle.js";
import type { Store } from "../model/store.js";
import { secretHash } from "../tenants/secrets.js";
import { authorizationEvent, messageEvent, newVerifyTicket, verifyTicketEvent } from "./events.js";
import { DeliveryQueue } from "./queue.js";

/** component_verify_ticket is pushed every ten minutes, and each lives twelve hours. */
export const TICKET_EVERY_MS = 600_000;
export const TICKET_LIFETIME_MS = 12 * 3_600_000;
/** How often a running clock is looked at for due retries, tickets and moves. */
const TICK_MS = 1_000;

export interface OutboxHost {
  store(): Store;
  readonly journal: Journal;
  readonly limits: Pick<Limits, "pushDeliveries" | "pushAttemptsKept">;
  /** Commits a pushed verify ticket: from then on it is accepted for component_access_token. */
  commitTicket(platform: string, hash: string, expiresAtMs: number): void;
  /**
   * Decides the moves that fell due on running clocks for the tenants `which` names (so they are
   * pushed when due, not when next read).
   */
  settleRunningClocks(which: (tenant: string) => boolean): void;
}

export class PushError extends Error {}

export class Outbox {
  readonly #host: OutboxHost;
  /** The deliveries, their order and their tries (list, get, redeliver, flush for the admin API). */
  readonly deliveries: DeliveryQueue;
  readonly #nextTicketMs = new Map<string, number>();
  #ticker: NodeJS.Timeout | undefined;

  constructor(host: OutboxHost) {
    this.#host = host;
    this.deliveries = new DeliveryQueue(host.store, host.journal, host.limits);
  }

  /** The commit point's subscriber. */
  onChange(c: Committed | Recorded): void {
    if (isTransition(c)) {
      this.#onTransition(c);
      return;
    }
    if (c.kind !== "setup") return;
    switch (c.what) {
      case "reset":
        if (c.target === undefined) this.#clear();
        else this.deliveries.forget((d) => d.tenant === c.target);
        return;
      case "snapshot":
        this.#clear();
        return;
      case "platform":
        this.#onPlatform(c.id!);
        return;
      case "tenant":
        // A mini program authorizing the platform through the admin API (not the config's start).
        if (c.by === "admin") this.#onAuthorized(c.tenant!, c.replaced === true);
        return;
    }
  }

  #onTransition(c: Committed): void {
    const store = this.#host.store();
    const platform = this.#platformOf(store, c.tenant);
    if (!platform) return;
    const record = store.recordsOf(c.kind).get(c.id);
    const body = record && recordArea(c.kind).pushEvent?.(record, c.at);
    if (body) this.deliveries.add(platform, c.tenant, messageEvent(c.tenant, body, c.at), "message");
  }

  #onPlatform(appid: string): void {
    const push = this.#host.store().platforms.get(appid)?.push;
    if (push?.verifyTicket && push.authUrl)
      this.#nextTicketMs.set(appid, this.#host.store().clock.nowMs() + TICKET_EVERY_MS);
    else this.#nextTicketMs.delete(appid);
    if (push) this.#startTicker();
  }

  #onAuthorized(tenant: string, replaced: boolean): void {
    const store = this.#host.store();
    const platform = this.#platformOf(store, tenant);
    if (!platform || !store.platforms.get(platform)?.push?.authUrl) return;
    this.deliveries.add(
      platform,
      undefined,
      authorizationEvent(platform, tenant, replaced, store.clock.now()),
      "auth",
    );
  }

  /** The platform a tenant authorized, when that platform has push settings. */
  #platformOf(store: Store, tenant: string): string | undefined {
    const platform = store.tenant(tenant)?.authorizer?.componentAppId;
    return platform !== undefined && store.platforms.get(platform)?.push ? platform : undefined;
  }

  /** Pushes a fresh verify ticket to the platform now (the admin command, and every ten minutes). */
  pushVerifyTicket(platform: string): number {
    const store = this.#host.store();
    const p = store.platforms.get(platform);
    if (!p) throw new NotFoundError("platform", platform);
    if (!p.push?.authUrl)
      throw new PushError(`platform ${platform} has no push.authUrl to push verify tickets to`);
    const ticket = newVerifyTicket();
    const nowMs = store.clock.nowMs();
    this.#host.commitTicket(platform, secretHash(ticket), nowMs + TICKET_LIFETIME_MS);
    return this.deliveries.add(
      platform,
      undefined,
      verifyTicketEvent(platform, ticket, store.clock.now()),
      "auth",
    ).id;
  }

  /**
   * Looks at the clocks: retries now due, verify tickets now due, moves now due on running clocks.
   * Called after every admin clock move, and every second while a platform has push settings.
   */
  tick(): void {
    this.deliveries.tickDue();
    const nowMs = this.#host.store().clock.nowMs();
    for (const [platform, due] of this.#nextTicketMs) {
      if (nowMs < due) continue;
      // After a jump of the clock, one push for the jump (not one per ten minutes skipped).
      this.#nextTicketMs.set(platform, nowMs + TICKET_EVERY_MS);
      this.pushVerifyTicket(platform);
    }
  }

  #startTicker(): void {
    if (this.#ticker) return;
    this.#ticker = setInterval(() => {
      const store = this.#host.store();
      // Only the tenants whose decisions are pushed: the rest stay lazily settled, as ever.
      this.#host.settleRunningClocks((t) => this.#platformOf(store, t) !== undefined);
      this.tick();
    }, TICK_MS);
    this.#ticker.unref();
  }

  #clear(): void {
    this.deliveries.clear();
    this.#nextTicketMs.clear();
  }

  /** Stops the ticker and every try under way (the server is closing). */
  close(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
    this.#clear();
  }
}
