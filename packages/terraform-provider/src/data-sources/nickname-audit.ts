/**
 * wechat_nickname_audit: how is a rename audit going? (getNickNameStatus, `api_wxa_querynickname`)
 *
 * Passes when the audit is what `expect` asks: succeeded only (default); succeeded or still in
 * review (`not_failed`); any answer (`any`: only errcodes and an unreachable WeChat fail).
 */
import { NICKNAME_AUDIT_STAT_NAMES, NicknameAuditStat, nicknameAuditStatName } from "@wxa-audit/core";
import type { TfObject } from "../provider/contract.js";
import { oneOf, stringOr } from "./common.js";
import { answerAttribute } from "./core-fields.js";
import { defineDataSource } from "./data-source.js";
import { auditIdInput, validateAuditId } from "./inputs.js";
import { failedStatus, passed } from "./verdict.js";

const ENDPOINT = "getNickNameStatus";
export const EXPECTATIONS = ["succeeded", "not_failed", "any"] as const;
type Expect = (typeof EXPECTATIONS)[number];

interface Input {
  auditId: number;
  expect: Expect;
}

const PASSES: Record<Expect, (stat: number) => boolean> = {
  succeeded: (s) => s === NicknameAuditStat.Succeeded,
  not_failed: (s) => s === NicknameAuditStat.Succeeded || s === NicknameAuditStat.InReview,
  any: () => true,
};

export const nicknameAudit = defineDataSource({
  typeName: "wechat_nickname_audit",
  endpoint: ENDPOINT,
  description:
    "Reads, during `plan`, the state of a nickname (rename) audit (`api_wxa_querynickname`) and checks it is what you expect.",
  inputs: [
    auditIdInput("The `audit_id` setNickName returned."),
    {
      name: "expect",
      type: "string",
      description:
        'What passes: `"succeeded"` (default) only a succeeded audit; `"not_failed"` also one still in review; `"any"` any answer (only errcodes and an unreachable WeChat fail).',
      optional: true,
      computed: true,
    },
  ],
  outputs: [
    answerAttribute(ENDPOINT, "nickname"),
    answerAttribute(ENDPOINT, "audit_stat"),
    {
      name: "audit_stat_name",
      type: "string",
      description: `Name of \`audit_stat\`: ${Object.values(NICKNAME_AUDIT_STAT_NAMES)
        .map((n) => `\`${n}\``)
        .join(", ")}.`,
      computed: true,
    },
    answerAttribute(ENDPOINT, "fail_reason"),
    answerAttribute(ENDPOINT, "create_time"),
    answerAttribute(ENDPOINT, "audit_time"),
  ],

  validate: (config) => [...validateAuditId(config), ...oneOf(config, "expect", EXPECTATIONS)],
  parse: (config): Input => ({
    auditId: config.audit_id as number,
    expect: stringOr<Expect>(config, "expect", "succeeded"),
  }),
  applied: (input): TfObject => ({ expect: input.expect }),
  request: (input) => ({ audit_id: input.auditId }),
  failure: (input) => ({
    subject: `WeChat nickname audit ${input.auditId}`,
    errcodeHead: `WeChat nickname audit ${input.auditId} could not be read`,
    errcodeAttribute: "audit_id",
  }),

  judge(input, answer) {
    const name = nicknameAuditStatName(answer.audit_stat);
    const values = {
      nickname: answer.nickname,
      audit_stat: answer.audit_stat,
      audit_stat_name: name,
      fail_reason: answer.fail_reason ?? null,
      create_time: answer.create_time,
      audit_time: answer.audit_time ?? null,
    };
    const head = `WeChat nickname audit ${input.auditId} for "${answer.nickname}" is ${name} (audit_stat ${answer.audit_stat})`;
    if (PASSES[input.expect](answer.audit_stat)) return { verdict: passed(ENDPOINT, answer, head), values };
    const reason = answer.fail_reason ? `: ${answer.fail_reason}` : "";
    const message = `${head}, expected ${input.expect}${reason}`;
    return {
      verdict: failedStatus(
        ENDPOINT,
        answer,
        message,
        `WeChat nickname audit ${input.auditId} is ${name}`,
        "expect",
      ),
      values,
    };
  },
});
