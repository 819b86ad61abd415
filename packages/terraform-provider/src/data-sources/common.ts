/**
 * What every data source shares: the `severity` input and the per-read overrides of the
 * provider's time and retry settings, the verdict outputs (`ok`, `outcome`, `message`, ...),
 * and small validators of our own inputs. All validators skip unknown values.
 */
import { callSettingAttributes, validateCallSettings } from "../provider/call-settings.js";
import type { AttributeSchema, Diagnostic, TfObject } from "../provider/contract.js";
import { errorAt } from "../provider/diagnostics.js";
import { isUnknown } from "../provider/values.js";

export const SEVERITIES = ["error", "warning"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How a read ended. Every value but `passed` and `hit_condition` sets `ok` to false. */
export const OUTCOMES = [
  "passed",
  "hit_condition",
  "errcode",
  "status",
  "unreachable",
  "budget_spent",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

const list = (values: readonly string[]) => values.map((v) => `\`"${v}"\``).join(", ");

export const COMMON_INPUTS: readonly AttributeSchema[] = [
  {
    name: "severity",
    type: "string",
    description: `What a failed check does: \`"error"\` (default) fails the plan with an error naming the cause; \`"warning"\` lets the plan go on with a warning. Either way the attributes stay readable. One of ${list(SEVERITIES)}.`,
    optional: true,
    computed: true,
  },
  ...callSettingAttributes("data_source"),
];

export const COMMON_OUTPUTS: readonly AttributeSchema[] = [
  {
    name: "ok",
    type: "bool",
    description:
      "The verdict: true only when WeChat answered and the answer passes. Fail closed: an unreachable WeChat, a persisting -1 or a spent time budget is false, never a pass.",
    computed: true,
  },
  {
    name: "outcome",
    type: "string",
    description: `How the read ended: ${list(OUTCOMES)}. \`hit_condition\`: passed, but the name hits a keyword policy; \`errcode\`: WeChat answered one; \`status\`: the answer is not what the check expects; \`unreachable\`: WeChat could not be reached or answered garbage, after retries.`,
    computed: true,
  },
  {
    name: "message",
    type: "string",
    description: "The verdict in one sentence, as the diagnostic says it.",
    computed: true,
  },
  {
    name: "errcode",
    type: "number",
    description: "WeChat's errcode: 0 on success; null when WeChat was not reached.",
    computed: true,
  },
  { name: "errmsg", type: "string", description: "WeChat's errmsg, if it sent one.", computed: true },
  {
    name: "rid",
    type: "string",
    description: "The request id WeChat appends to an error's errmsg, for WeChat support.",
    computed: true,
  },
  {
    name: "meaning",
    type: "string",
    description: "Meaning of a non-zero `errcode` from wxa-audit's errcode catalogue.",
    computed: true,
  },
  {
    name: "category",
    type: "string",
    description:
      "Catalogue category of a non-zero `errcode`: `retryable`, `credential`, `invalid_input`, `rate_limit` or `business_state`.",
    computed: true,
  },
  {
    name: "endpoint",
    type: "string",
    description:
      "WeChat interface of the call that decided the outcome (a token interface when the platform flow's token fetch failed).",
    computed: true,
  },
];

export function validateCommon(config: TfObject): Diagnostic[] {
  return [...validateCallSettings(config), ...oneOf(config, "severity", SEVERITIES)];
}

/** An optional string input must be one of `allowed`. */
export function oneOf(config: TfObject, name: string, allowed: readonly string[]): Diagnostic[] {
  const v = config[name];
  if (v === null || v === undefined || isUnknown(v)) return [];
  if (typeof v === "string" && allowed.includes(v)) return [];
  return [
    errorAt(
      name,
      `Invalid ${name}`,
      `${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${JSON.stringify(v)}.`,
    ),
  ];
}

/** The string input, or its default when unset. */
export function stringOr<T extends string>(config: TfObject, name: string, fallback: T): T {
  const v = config[name];
  return (typeof v === "string" ? v : fallback) as T;
}
