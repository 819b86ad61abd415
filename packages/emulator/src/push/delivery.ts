/**
 * A push delivery (one event to one receiver, with its tries) and how one try is made. The
 * outbox (outbox.ts) decides when; this module does the try and says what it leads to.
 */
import { randomInt } from "node:crypto";
import { sealPush } from "@wxa-audit/core/push";
import type { Journal } from "../journal.js";
import type { Store } from "../model/store.js";
import { type AttemptResult, postPush } from "./attempt.js";
import type { OutgoingEvent } from "./events.js";

/** A try that failed is made again this long after it started (WeChat's 5 s wait). */
export const RETRY_AFTER_MS = 5_000;

export type DeliveryState = "pending" | "delivering" | "waiting" | "delivered" | "failed";

export interface AttemptView extends AttemptResult {
  n: number;
  /** Unix seconds on the emulator clock when the try started. */
  at: number;
}

export interface Delivery {
  readonly id: number;
  readonly platform: string;
  /** The mini program, for message events; none for the platform's own events. */
  readonly tenant: string | undefined;
  readonly event: OutgoingEvent;
  readonly target: "message" | "auth";
  readonly createdAt: number;
  state: DeliveryState;
  /** The newest limits.pushAttemptsKept tries (admin re-deliveries can add any number). */
  readonly attempts: AttemptView[];
  /** Tries made so far, kept or not: numbers the next one. */
  tried: number;
  triesLeft: number;
  /** When `waiting`: the instant (ms on its clock) of the next try. */
  dueMs?: number;
}

/**
 * Makes one try of `d`: seals the event afresh (its own timestamp and nonce, on the emulator
 * clock), posts it, files the try in the journal and decides what comes next (delivered, a retry
 * RETRY_AFTER_MS after this try started, or failed). `current` says whether the outbox still
 * holds `d` once the answer is in (a reset may have forgotten it meanwhile).
 */
export async function tryDelivery(
  d: Delivery,
  store: Store,
  journal: Journal,
  signal: AbortSignal,
  current: () => boolean,
  /** limits.pushAttemptsKept: tries kept for the admin API (every try is in the journal as well). */
  attemptsKept: number,
): Promise<void> {
  const push = store.platforms.get(d.platform)?.push;
  const clock = store.clockOf(d.tenant);
  const startMs = clock.nowMs();
  const at = clock.now();
  const url =
    d.target === "message"
      ? push?.url.replaceAll("$APPID$", encodeURIComponent(d.tenant ?? ""))
      : push?.authUrl;
  if (!push || !url) {
    d.state = "failed"; // the platform lost its push settings meanwhile
    return;
  }
  d.state = "delivering";
  d.triesLeft--;
  const n = ++d.tried;
  const sealed = sealPush(d.event, {
    token: push.token,
    encodingAESKey: push.encodingAESKey,
    appid: d.platform,
    timestamp: at,
    nonce: String(randomInt(1_000_000_000, 9_999_999_999)),
    mode: push.mode,
  });
  const target = new URL(url);
  for (const [k, v] of Object.entries(sealed.query)) target.searchParams.set(k, v);
  const result = await postPush(target.href, sealed.body, push.attemptTimeoutMs, signal);
  if (!current()) return;
  d.attempts.push({ n, at, ...result });
  if (d.attempts.length > attemptsKept) d.attempts.shift();
  journal.record({
    source: "push",
    at,
    method: "POST",
    path: target.pathname,
    endpoint: d.event.type,
    tenant: d.tenant,
    request: undefined,
    status: result.status ?? 0,
    errcode: undefined,
    answer: undefined,
    fault: undefined,
    transitions: [],
    changes: [],
    push: {
      delivery: d.id,
      attempt: n,
      event: d.event.type,
      outcome: result.outcome,
      ...(result.answer !== undefined && { answer: result.answer }),
    },
  });
  if (result.outcome === "success") d.state = "delivered";
  else if (d.triesLeft > 0) {
    d.state = "waiting";
    d.dueMs = startMs + RETRY_AFTER_MS;
  } else d.state = "failed";
}

export type DeliveryView = ReturnType<typeof deliveryView>;

/** A delivery as the admin API shows it: the event without its secrets (ticket, authorization codes). */
export function deliveryView(d: Delivery) {
  const {
    ticket: _t,
    authorizationCode: _a,
    preAuthCode: _p,
    ...event
  } = d.event as unknown as Record<string, unknown>;
  return {
    id: d.id,
    platform: d.platform,
    ...(d.tenant !== undefined && { tenant: d.tenant }),
    target: d.target,
    event,
    state: d.state,
    createdAt: d.createdAt,
    attempts: d.attempts.map((a) => ({ ...a })),
    ...(d.dueMs !== undefined && { nextAttemptAt: Math.floor(d.dueMs / 1000) }),
  };
}
