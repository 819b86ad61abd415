/** Plan-time checkNickName: may this name be used? → `data.wechat_nickname_check`. */
import type { IResolvable } from "cdktf";
import type { Construct } from "constructs";
import { DataWechatNicknameCheck } from "./gen/data-wechat-nickname-check/index.js";
import { nonEmptyString, oneOf } from "./props.js";
import { type Severity, WechatCheck, type WechatCheckCommonProps } from "./wechat-check.js";

/** What to do when WeChat answers `hit_condition: true` (the name needs supporting material). */
export type OnHitCondition = Severity | "ignore";
const ON_HIT_CONDITIONS: readonly OnHitCondition[] = ["error", "warning", "ignore"];

export interface WechatNicknameCheckProps extends WechatCheckCommonProps {
  /** The name to check, as it will be applied for with setNickName. */
  readonly nickName: string;
  /**
   * `hit_condition: true` (a keyword policy: the name may still be applied for, with material):
   * "error" fails the plan, "warning" warns, "ignore" passes. Default "warning".
   */
  readonly onHitCondition?: OnHitCondition;
}

export class WechatNicknameCheck extends WechatCheck<DataWechatNicknameCheck> {
  readonly nickName: string;
  readonly onHitCondition: OnHitCondition;

  constructor(scope: Construct, id: string, props: WechatNicknameCheckProps) {
    super(scope, id, "nickname_check", props, (self, common) => {
      return new DataWechatNicknameCheck(self, "result", {
        ...common,
        nickName: nonEmptyString(self, "nickName", props.nickName),
        onHitCondition: oneOf(self, "onHitCondition", props.onHitCondition ?? "warning", ON_HIT_CONDITIONS),
      });
    });
    this.nickName = this.dataSource.nickNameInput!;
    this.onHitCondition = this.dataSource.onHitConditionInput as OnHitCondition;
  }

  /** Whether the name hits a keyword policy (a boolean token). */
  get hitCondition(): IResolvable {
    return this.dataSource.hitCondition;
  }
  /** WeChat's text for the applicant when the name hits a keyword policy. */
  get wording(): string {
    return this.dataSource.wording;
  }
  /** The provider's sentence about the keyword policy hit. */
  get hitMessage(): string {
    return this.dataSource.hitMessage;
  }
}
