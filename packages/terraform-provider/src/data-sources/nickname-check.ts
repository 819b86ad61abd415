/**
 * wechat_nickname_check: may this name be used? (checkNickName, `checkwxverifynickname`)
 *
 * Any errcode fails the check with the name, the errcode and its meaning. A name that hits a
 * keyword policy (`hit_condition`) may still be applied for, with supporting material: that
 * verdict follows `on_hit_condition`, independently of `severity`.
 */
import { ENDPOINTS } from "@wxa-audit/core";
import type { TfObject } from "../provider/contract.js";
import { errorAt } from "../provider/diagnostics.js";
import { isUnknown } from "../provider/values.js";
import { oneOf, type Severity, stringOr } from "./common.js";
import { answerAttribute } from "./core-fields.js";
import { defineDataSource } from "./data-source.js";
import { answered, passed } from "./verdict.js";

const ENDPOINT = "checkNickName";
export const ON_HIT_CONDITION = ["error", "warning", "ignore"] as const;
type OnHit = (typeof ON_HIT_CONDITION)[number];

interface Input {
  nickName: string;
  onHit: OnHit;
}

export const nicknameCheck = defineDataSource({
  typeName: "wechat_nickname_check",
  endpoint: ENDPOINT,
  description:
    "Checks, during `plan`, whether WeChat lets a mini program use a nickname (`checkwxverifynickname`), before you apply for it with setNickName.",
  inputs: [
    {
      name: "nick_name",
      type: "string",
      description: "The name to check, as it will be applied for with setNickName.",
      required: true,
    },
    {
      name: "on_hit_condition",
      type: "string",
      description:
        'What to do when the name hits a keyword policy (`hit_condition`: the name may still be applied for, with supporting material): `"error"` fails the plan, `"warning"` (default) warns, `"ignore"` says nothing. Independent of `severity`.',
      optional: true,
      computed: true,
    },
  ],
  outputs: [
    answerAttribute(ENDPOINT, "hit_condition"),
    answerAttribute(ENDPOINT, "wording"),
    {
      name: "hit_message",
      type: "string",
      description: "The keyword-policy sentence when `hit_condition` is true, else null.",
      computed: true,
    },
  ],

  validate(config) {
    const out = oneOf(config, "on_hit_condition", ON_HIT_CONDITION);
    const name = config.nick_name;
    if (typeof name === "string" && !isUnknown(name)) {
      // core's own input check (a trimmed, non-empty name), so the rule lives once.
      const parsed = ENDPOINTS.checkNickName.clientRequest!.safeParse({ nick_name: name });
      if (!parsed.success) {
        out.push(
          errorAt(
            "nick_name",
            "Invalid nick_name",
            `nick_name ${parsed.error.issues[0]?.message ?? "is invalid"}.`,
          ),
        );
      }
    }
    return out;
  },

  parse: (config): Input => ({
    nickName: config.nick_name as string,
    onHit: stringOr<OnHit>(config, "on_hit_condition", "warning"),
  }),
  applied: (input): TfObject => ({ on_hit_condition: input.onHit }),
  request: (input) => ({ nick_name: input.nickName }),
  failure: (input) => ({
    subject: `WeChat nickname check for "${input.nickName}"`,
    errcodeHead: `WeChat nickname check failed for "${input.nickName}"`,
    errcodeAttribute: "nick_name",
  }),

  judge(input, answer) {
    const values = {
      hit_condition: answer.hit_condition,
      wording: answer.wording ?? null,
      hit_message: null,
    };
    if (!answer.hit_condition) {
      return {
        verdict: passed(ENDPOINT, answer, `WeChat nickname check passed for "${input.nickName}"`),
        values,
      };
    }
    const hitMessage = `WeChat nickname "${input.nickName}" hits a keyword policy and needs supporting material${
      answer.wording ? `: ${answer.wording}` : ""
    }`;
    const severity: Severity | null = input.onHit === "ignore" ? null : input.onHit;
    return {
      verdict: {
        outcome: "hit_condition",
        message: `WeChat nickname check passed for "${input.nickName}", but the name hits a keyword policy`,
        summary: `WeChat nickname "${input.nickName}" hits a keyword policy`,
        wechat: answered(ENDPOINT, answer),
        notice: {
          severity,
          summary: `WeChat nickname "${input.nickName}" hits a keyword policy`,
          detail: `${hitMessage}\n\non_hit_condition = "${input.onHit}"${
            severity === "error" ? '; set it to "warning" or "ignore" to let the plan go on.' : "."
          }`,
          attribute: "on_hit_condition",
        },
      },
      values: { ...values, hit_message: hitMessage },
    };
  },
});
