/**
 * The bounds of every time, budget, count and rate a caller gives the client, in one table, and
 * the one check that refuses a value outside them with an error naming the input. Times stop at
 * setTimeout's ceiling: past it Node fires the timer after 1 ms (with only a warning on stderr),
 * so a "long" budget would end at once instead of failing loudly. The CLI's flags and the
 * Terraform provider's attributes read their bounds from here too.
 */
import { WechatConfigError } from "./errors.js";

/** The longest delay a Node timer can wait (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Range {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer: boolean;
  /** Said after the bounds in the message, e.g. "ms". */
  readonly unit?: string;
}

const ms = (min: number): Range => ({ min, max: MAX_TIMER_MS, integer: true, unit: "ms" });

/** Bounds of the client's numeric options, by their dotted option names. */
export const OPTION_RANGES = {
  timeoutMs: ms(1),
  "retry.maxAttempts": { min: 1, max: 100, integer: true },
  "retry.baseDelayMs": ms(0),
  "retry.maxDelayMs": ms(0),
  "retry.deadlineMs": ms(1),
  "retry.rateLimitBackoffMs": ms(0),
  "limiter.concurrency": { min: 1, max: 10_000, integer: true },
  /** One start per 1000 s at the slowest: slower than that is a misplaced unit, not a rate. */
  "limiter.perSecond": { min: 0.001, max: 100_000, integer: false, unit: "per second" },
  marginMs: ms(0),
  /** A response body's bound: past 256 MiB it no longer protects the process. */
  maxResponseBytes: { min: 1, max: 256 * 1024 * 1024, integer: true, unit: "bytes" },
} as const satisfies Record<string, Range>;

export type RangedOption = keyof typeof OPTION_RANGES;

/**
 * Why `value` is not a number within `range`, naming it `name`; undefined when it is. A value
 * that is not a number is described by its type only: a misplaced string may be a secret.
 */
export function rangeProblem(name: string, value: unknown, range: Range): string | undefined {
  const ok =
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a non-number fails Number.isFinite below all the same
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    value >= range.min &&
    value <= range.max;
  if (ok) return undefined;
  const got = typeof value === "number" ? String(value) : `a ${value === null ? "null" : typeof value}`;
  // Stryker disable next-line StringLiteral: wording only; the name, bounds and value are tested
  const what = range.integer ? "an integer" : "a number";
  return `${name} must be ${what} from ${range.min} to ${range.max}${range.unit ? ` (${range.unit})` : ""}, got ${got}`;
}

/** `value` when it is within the range named `option`; otherwise a WechatConfigError naming `name`. */
export function checkOption(option: RangedOption, value: unknown, name: string = option): number {
  const problem = rangeProblem(name, value, OPTION_RANGES[option]);
  if (problem) throw new WechatConfigError(problem);
  return value as number;
}

/** Checks each option of `values` that is set, under `prefix` ("retry"), naming it by its full name. */
export function checkOptions(prefix: string, values: object | undefined, label = prefix): void {
  if (values === undefined) return;
  for (const [key, value] of Object.entries(values)) {
    const option = `${prefix}.${key}`;
    if (value !== undefined && Object.hasOwn(OPTION_RANGES, option))
      checkOption(option as RangedOption, value, `${label}.${key}`);
  }
}
