/**
 * Time as a value: the retry layer, the token cache and the limiter take a Clock, so tests move
 * time instead of sleeping. (The HTTP stack's own socket timers stay on real time; they are not faked.)
 */
import { MAX_TIMER_MS } from "./ranges.js";

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      // A sleep past a timer's ceiling is chained, never cut short: setTimeout would fire it at once.
      const until = performance.now() + Math.max(0, ms);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const step = () => {
        const left = until - performance.now();
        if (left > MAX_TIMER_MS) {
          timer = setTimeout(step, MAX_TIMER_MS);
          return;
        }
        timer = setTimeout(
          () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
          Math.max(0, left),
        );
      };
      step();
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};
