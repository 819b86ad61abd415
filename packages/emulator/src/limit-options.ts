/**
 * The limits in force (the table is limits.ts): defaults, overrides checked against each row's
 * range, the config file's `limits:` schema, the CLI's `--limit name=value`, and the one error
 * a refusal past a limit throws.
 */
import { z } from "zod";
import { LIMITS, type LimitName, type LimitSpec, type Limits } from "./limits.js";

const NAMES = Object.keys(LIMITS) as LimitName[];
const spec = (name: LimitName): LimitSpec => LIMITS[name];

export const DEFAULT_LIMITS: Limits = Object.freeze(
  Object.fromEntries(NAMES.map((n) => [n, spec(n).default])) as Limits,
);

const rangeText = (name: LimitName) => {
  const s = spec(name);
  return `an integer from ${s.min} to ${s.max} (${s.unit})`;
};

/** The config file's `limits:` key: each row optional, range-checked. */
export const LimitsSchema = z.strictObject(
  Object.fromEntries(
    NAMES.map((n) => {
      const s = spec(n);
      const message = `must be ${rangeText(n)}`;
      return [
        n,
        z
          .number({ error: message })
          .int({ error: message })
          .min(s.min, { error: message })
          .max(s.max, { error: message })
          .optional(),
      ];
    }),
  ) as { [K in LimitName]: z.ZodOptional<z.ZodNumber> },
);

/**
 * The limits in force: the defaults, overridden by each layer in turn (later layers win). An
 * unknown name or a value out of its row's range is a RangeError naming `limits.<name>`.
 */
export function resolveLimits(...layers: Array<Partial<Record<string, unknown>> | undefined>): Limits {
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer ?? {})) {
      if (value === undefined) continue;
      if (!Object.hasOwn(LIMITS, name))
        throw new RangeError(`limits.${name} is not a limit (known: ${NAMES.join(", ")})`);
      const s = spec(name as LimitName);
      if (typeof value !== "number" || !Number.isInteger(value) || value < s.min || value > s.max)
        throw new RangeError(`limits.${name} must be ${rangeText(name as LimitName)}, got ${String(value)}`);
      out[name] = value;
    }
  }
  if (out.journalFieldBytes! > out.journalBytes!)
    throw new RangeError(
      `limits.journalFieldBytes (${out.journalFieldBytes}) must not exceed limits.journalBytes (${out.journalBytes})`,
    );
  return Object.freeze(out as Limits);
}

const SUFFIX: Record<string, number> = { "": 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** `journalBytes=128MiB` (the CLI's `--limit`): a name and an integer, with KiB/MiB/GiB for bytes. */
export function parseLimitFlag(text: string): [LimitName, number] {
  const m = /^(\w+)=(\d+)(KiB|MiB|GiB)?$/.exec(text.trim());
  if (!m) throw new RangeError(`--limit takes name=value (e.g. journalBytes=128MiB), got ${text}`);
  const [, name, digits, suffix = ""] = m;
  if (!Object.hasOwn(LIMITS, name!))
    throw new RangeError(`limits.${name} is not a limit (known: ${NAMES.join(", ")})`);
  if (suffix && spec(name as LimitName).unit !== "bytes")
    throw new RangeError(`limits.${name} is not in bytes: give a plain integer`);
  return [name as LimitName, Number(digits) * SUFFIX[suffix]!];
}

/** A refusal past a limit: which one, and the path of what was refused (`body.match.x`). */
export class LimitExceededError extends Error {
  readonly code = "limit_exceeded";
  constructor(
    readonly limit: LimitName,
    message: string,
    /** Dotted path of the refused value, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "LimitExceededError";
  }
}

/** A count refusal: `no more than 1000 fault rules (limits.faultRules)`. */
export const countExceeded = (limit: LimitName, max: number, what: string, field?: string) =>
  new LimitExceededError(limit, `no more than ${max} ${what} (limits.${limit})`, field);
