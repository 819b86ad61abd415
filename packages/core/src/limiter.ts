/**
 * Optional client-side limiter: per endpoint, at most `concurrency` calls in flight and at most
 * `perSecond` starts per second (a token bucket on the injected clock), so that a batch of name
 * checks does not trip 53011.
 */
import { type Clock, systemClock } from "./clock.js";
import { checkOption } from "./ranges.js";

export interface LimitRule {
  concurrency?: number;
  perSecond?: number;
}

/** Rules by endpoint name; `"*"` applies to endpoints without their own rule. */
export type LimiterOptions = Record<string, LimitRule>;

interface Lane {
  rule: LimitRule;
  active: number;
  waiting: Array<() => void>;
  tokens: number;
  refilledAt: number;
}

export class Limiter {
  readonly #rules: LimiterOptions;
  readonly #clock: Clock;
  readonly #lanes = new Map<string, Lane>();

  constructor(rules: LimiterOptions, clock: Clock = systemClock) {
    for (const [endpoint, rule] of Object.entries(rules)) {
      const at = `limiter[${JSON.stringify(endpoint)}]`;
      if (rule?.concurrency !== undefined)
        checkOption("limiter.concurrency", rule.concurrency, `${at}.concurrency`);
      if (rule?.perSecond !== undefined) checkOption("limiter.perSecond", rule.perSecond, `${at}.perSecond`);
    }
    this.#rules = rules;
    this.#clock = clock;
  }

  async run<T>(endpoint: string, fn: () => Promise<T>): Promise<T> {
    const rule = this.#rules[endpoint] ?? this.#rules["*"];
    if (!rule) return fn();
    const lane = this.#lane(endpoint, rule);
    // Stryker disable next-line ConditionalExpression: with no concurrency rule, `active >= undefined` is false anyway
    if (rule.concurrency !== undefined && lane.active >= rule.concurrency) {
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    }
    lane.active++;
    try {
      await this.#takeToken(lane);
      return await fn();
    } finally {
      lane.active--;
      lane.waiting.shift()?.();
    }
  }

  #lane(endpoint: string, rule: LimitRule): Lane {
    let lane = this.#lanes.get(endpoint);
    if (!lane) {
      lane = { rule, active: 0, waiting: [], tokens: rule.perSecond ?? 0, refilledAt: this.#clock.now() };
      this.#lanes.set(endpoint, lane);
    }
    return lane;
  }

  async #takeToken(lane: Lane): Promise<void> {
    const rate = lane.rule.perSecond;
    if (!rate) return;
    for (;;) {
      const now = this.#clock.now();
      lane.tokens = Math.min(rate, lane.tokens + ((now - lane.refilledAt) / 1000) * rate);
      lane.refilledAt = now;
      if (lane.tokens >= 1) {
        lane.tokens -= 1;
        return;
      }
      await this.#clock.sleep(Math.ceil(((1 - lane.tokens) / rate) * 1000));
    }
  }
}
