/**
 * wechat_audit_quota: how many release audits may still be submitted this month? (queryQuota,
 * `queryquota`). With `min_rest`, the check fails (or warns) when `rest` is below it.
 */
import { MAX_TIMER_MS } from "@wxa-audit/core";
import { integerInRange } from "../provider/call-settings.js";
import type { TfObject } from "../provider/contract.js";
import { answerAttribute } from "./core-fields.js";
import { defineDataSource } from "./data-source.js";
import { failedStatus, passed } from "./verdict.js";

const ENDPOINT = "queryQuota";

interface Input {
  minRest: number | null;
}

export const auditQuota = defineDataSource({
  typeName: "wechat_audit_quota",
  endpoint: ENDPOINT,
  description:
    "Reads, during `plan`, the remaining release-audit and speed-up quota of the month (`queryquota`); with `min_rest`, checks enough audits are left.",
  inputs: [
    {
      name: "min_rest",
      type: "number",
      description:
        "The check fails (or warns, by `severity`) when `rest` is below this. Unset: any quota passes.",
      optional: true,
    },
  ],
  outputs: [
    answerAttribute(ENDPOINT, "rest"),
    answerAttribute(ENDPOINT, "limit"),
    answerAttribute(ENDPOINT, "speedup_rest"),
    answerAttribute(ENDPOINT, "speedup_limit"),
  ],

  validate(config) {
    const d = integerInRange(config, "min_rest", 0, MAX_TIMER_MS);
    return d ? [d] : [];
  },
  parse: (config): Input => ({ minRest: typeof config.min_rest === "number" ? config.min_rest : null }),
  applied: (): TfObject => ({}),
  request: () => ({}),
  failure: () => ({ subject: "WeChat audit quota", errcodeHead: "WeChat audit quota could not be read" }),

  judge(input, answer) {
    const values = {
      rest: answer.rest,
      limit: answer.limit,
      speedup_rest: answer.speedup_rest,
      speedup_limit: answer.speedup_limit,
    };
    const head = `WeChat audit quota: ${answer.rest} of ${answer.limit} release audits left this month (speed-ups: ${answer.speedup_rest} of ${answer.speedup_limit})`;
    if (input.minRest === null || answer.rest >= input.minRest)
      return { verdict: passed(ENDPOINT, answer, head), values };
    return {
      verdict: failedStatus(
        ENDPOINT,
        answer,
        `${head}, expected at least ${input.minRest} (min_rest)`,
        `WeChat audit quota: ${answer.rest} release audits left, fewer than ${input.minRest}`,
        "min_rest",
      ),
      values,
    };
  },
});
