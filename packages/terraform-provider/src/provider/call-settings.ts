/**
 * Time budget, request timeout and retry settings: set on the provider, overridable per data
 * source (the CDKTF constructs' per-check props map onto the overrides). One table of names and
 * defaults for both places; the bounds are core's (OPTION_RANGES), for the option each maps to.
 */
import { DEFAULT_RETRY, OPTION_RANGES } from "@wxa-audit/core";
import type { AttributeSchema, Diagnostic, TfObject } from "./contract.js";
import { errorAt } from "./diagnostics.js";
import { isUnknown } from "./values.js";

export interface CallSettings {
  timeBudgetMs: number;
  requestTimeoutMs: number;
  retryMaxAttempts: number;
  retryBaseDelayMs: number;
}

interface SettingRule {
  readonly key: keyof CallSettings;
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly description: string;
}

/** The bounds of the core option a setting is passed on as. */
function bounds(option: keyof typeof OPTION_RANGES): { min: number; max: number } {
  return { min: OPTION_RANGES[option].min, max: OPTION_RANGES[option].max };
}

export const CALL_SETTINGS: Readonly<Record<string, SettingRule>> = {
  time_budget_ms: {
    key: "timeBudgetMs",
    ...bounds("retry.deadlineMs"),
    default: 30_000,
    description:
      'Total time of one read, in ms: token fetches, retries and waits included. Spent: the read fails closed (`outcome = "budget_spent"`).',
  },
  request_timeout_ms: {
    key: "requestTimeoutMs",
    ...bounds("timeoutMs"),
    default: 10_000,
    description: "Timeout of one HTTP exchange with WeChat, in ms (capped by the time budget).",
  },
  retry_max_attempts: {
    key: "retryMaxAttempts",
    ...bounds("retry.maxAttempts"),
    default: DEFAULT_RETRY.maxAttempts,
    description: `Attempts per WeChat call, the first included, when WeChat answers -1 or cannot be reached. Default ${DEFAULT_RETRY.maxAttempts}.`,
  },
  retry_base_delay_ms: {
    key: "retryBaseDelayMs",
    ...bounds("retry.baseDelayMs"),
    default: DEFAULT_RETRY.baseDelayMs,
    description: `First backoff ceiling between attempts, in ms, doubled each retry (full jitter). Default ${DEFAULT_RETRY.baseDelayMs}.`,
  },
};

export const DEFAULT_CALL_SETTINGS: CallSettings = Object.fromEntries(
  Object.values(CALL_SETTINGS).map((r) => [r.key, r.default]),
) as unknown as CallSettings;

/** The four attributes, optional; `where` says what they apply to in their descriptions. */
export function callSettingAttributes(where: "provider" | "data_source"): AttributeSchema[] {
  return Object.entries(CALL_SETTINGS).map(([name, rule]) => ({
    name,
    type: "number",
    description:
      where === "provider"
        ? `${rule.description} Default ${rule.default}; a data source may override it.`
        : `${rule.description.replace(/ Default \d+\.$/, "")} Overrides the provider's \`${name}\` for this data source.`,
    optional: true,
  }));
}

/** Integers within range, tolerating unknown values (validated again at read). */
export function validateCallSettings(config: TfObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, rule] of Object.entries(CALL_SETTINGS)) {
    const d = integerInRange(config, name, rule.min, rule.max);
    if (d) out.push(d);
  }
  return out;
}

export function integerInRange(config: TfObject, name: string, min: number, max: number) {
  const v = config[name];
  if (v === null || v === undefined || isUnknown(v)) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    return errorAt(
      name,
      `Invalid ${name}`,
      `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}.`,
    );
  }
  return undefined;
}

/** The settings of `config` over `base` (attributes left null keep the base's). */
export function callSettingsOf(config: TfObject, base: CallSettings): CallSettings {
  const out = { ...base };
  for (const [name, rule] of Object.entries(CALL_SETTINGS)) {
    const v = config[name];
    if (typeof v === "number") out[rule.key] = v;
  }
  return out;
}
