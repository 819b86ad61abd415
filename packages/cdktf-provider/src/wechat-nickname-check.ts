/** Plan-time checkNickName: may this name be used? */
import type { Construct } from "constructs";
import { QUERY } from "./protocol.js";
import {
  isNotTrue,
  type Severity,
  validateSeverity,
  WechatCheck,
  type WechatCheckCommonProps,
} from "./wechat-check.js";

/** What to do when WeChat answers `hit_condition: true` (the name needs supporting material). */
export type OnHitCondition = Severity | "ignore";

export interface WechatNicknameCheckProps extends WechatCheckCommonProps {
  /** The name to check, as it will be applied for with setNickName. */
  readonly nickName: string;
  /**
   * `hit_condition: true` (a keyword policy: the name may still be applied for, with material):
   * "error" fails the plan, "warning" warns, "ignore" passes. Default "warning".
   */
  readonly onHitCondition?: OnHitCondition;
}

export class WechatNicknameCheck extends WechatCheck<"nickname_check"> {
  readonly nickName: string;
  readonly onHitCondition: OnHitCondition;

  constructor(scope: Construct, id: string, props: WechatNicknameCheckProps) {
    if (typeof props.nickName !== "string" || props.nickName.trim() === "") {
      throw new Error(`${id}: nickName must be a non-empty string`);
    }
    const onHit = props.onHitCondition ?? "warning";
    if (onHit !== "ignore") validateSeverity(onHit, "onHitCondition");
    super(
      scope,
      id,
      "nickname_check",
      props,
      { [QUERY.nickName]: props.nickName },
      onHit === "ignore"
        ? []
        : [{ severity: onHit, condition: (r) => isNotTrue(r, "hit_condition"), messageField: "hit_message" }],
    );
    this.nickName = props.nickName;
    this.onHitCondition = onHit;
  }

  /** `"true"` when the name hits a keyword policy, `"false"` when not, `""` when WeChat was not read. */
  get hitCondition(): string {
    return this.field("hit_condition");
  }
  /** WeChat's text for the applicant when the name hits a keyword policy. */
  get wording(): string {
    return this.field("wording");
  }
}
