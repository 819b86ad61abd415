/**
 * The retry layer: -1 and transport failures are retried with exponential backoff and full
 * jitter, bounded by attempts and by a total deadline; credential errors refresh the token and
 * retry once; rate limits are not retried blindly. Clock and randomness are injected.
 */
import { type Clock, systemClock } from "./clock.js";
import { RETRYABLE_ERRCODES, TOKEN_REFRESH_ERRCODES } from "./errcodes.js";
import { WechatApiError, WechatDeadlineError, WechatRateLimitError, WechatTransportError } from "./errors.js";

export interface RetryOptions {
  /** Attempts in all, the first included. Default 5 (as WxJava). */
  maxAttempts: number;
  /** First backoff ceiling, doubled each attempt. Default 1000 ms (as WxJava). */
  baseDelayMs: number;
  /** Largest backoff ceiling. Default 30 s. */
  maxDelayMs: number;
  /** Total time for one call, all attempts and waits included. Default 60 s. */
  deadlineMs: number;
  /**
   * On 53011/45009/45011: wait this long once, then try once more; 0 (default) surfaces the
   * WechatRateLimitError at once.
   */
  rateLimitBackoffMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  deadlineMs: 60_000,
  rateLimitBackoffMs: 0,
};

export interface AttemptContext {
  attempt: number;
  /** Time left before the deadline, ms: the per-attempt timeout is capped by it. */
  remainingMs: number;
}

export interface RetryHooks {
  clock?: Clock;
  /** Uniform in [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
  /** A credential errcode arrived: drop the cached token. */
  onCredentialError?: () => void;
  /**
   * Whether a fresh token could change the answer (default: yes). No for a call made with a
   * token given to it, or none, and for a failure of the token fetch itself: repeating it with
   * the same credentials is refused the same way.
   */
  canRefresh?: () => boolean;
  signal?: AbortSignal;
}

export async function withRetry<T>(
  endpoint: string,
  fn: (ctx: AttemptContext) => Promise<T>,
  opts: RetryOptions,
  hooks: RetryHooks = {},
): Promise<T> {
  const clock = hooks.clock ?? systemClock;
  const random = hooks.random ?? Math.random;
  const deadline = clock.now() + opts.deadlineMs;
  let refreshed = false;
  let rateLimitWaited = false;
  let backoffs = 0;
  let last: Error | undefined;
  /** Waits, unless the wait would end past the deadline: then give up with the last error. */
  const wait = async (ms: number, attempts: number, err: Error) => {
    if (clock.now() + ms >= deadline) throw new WechatDeadlineError(endpoint, attempts, opts.deadlineMs, err);
    await clock.sleep(ms, hooks.signal);
  };

  for (let attempt = 1; ; attempt++) {
    const remainingMs = deadline - clock.now();
    if (remainingMs <= 0) throw new WechatDeadlineError(endpoint, attempt - 1, opts.deadlineMs, last);
    try {
      return await fn({ attempt, remainingMs });
    } catch (err) {
      // Stryker disable next-line ConditionalExpression: a non-Error is never refreshed, waited for or retried below: thrown all the same
      if (!(err instanceof Error)) throw err;
      last = err;
      if (
        err instanceof WechatApiError &&
        TOKEN_REFRESH_ERRCODES.has(err.errcode) &&
        !refreshed &&
        (hooks.canRefresh?.() ?? true)
      ) {
        refreshed = true;
        hooks.onCredentialError?.();
        continue;
      }
      if (err instanceof WechatRateLimitError) {
        if (rateLimitWaited || opts.rateLimitBackoffMs <= 0) throw err;
        rateLimitWaited = true;
        await wait(opts.rateLimitBackoffMs, attempt, err);
        continue;
      }
      const retryable =
        (err instanceof WechatApiError && RETRYABLE_ERRCODES.has(err.errcode)) ||
        (err instanceof WechatTransportError && err.retryable);
      if (!retryable || backoffs + 1 >= opts.maxAttempts) throw err;
      const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** backoffs);
      backoffs++;
      await wait(Math.floor(random() * ceiling), attempt, err);
    }
  }
}
