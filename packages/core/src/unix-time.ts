/**
 * A unix time WeChat sent, for people, total: whatever number arrives prints and nothing throws.
 * A Date holds ±8.64e15 ms (year 275760 either side); `toISOString()` throws "Invalid time value"
 * past that, and an answer carrying such a time is still a valid answer. Out of range, the raw
 * value is shown, marked as such.
 */

/** The largest |ms| a Date can hold. */
const MAX_DATE_MS = 8.64e15;

/** `2018-02-27T09:34:31.000Z (1519724071)`, or `99999999999999 (out of range)`. */
export function describeUnixSeconds(seconds: unknown): string {
  if (typeof seconds !== "number") return `${typeof seconds} (not a time)`;
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return `${seconds} (out of range)`;
  return `${new Date(ms).toISOString()} (${seconds})`;
}
