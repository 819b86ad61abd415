/** Plan-time getNickNameStatus: is the nickname (rename) audit where we expect it? */
import type { Construct } from "constructs";
import { NICKNAME_AUDIT_EXPECTATIONS, type NicknameAuditExpectation, QUERY } from "./protocol.js";
import { auditIdString, WechatCheck, type WechatCheckCommonProps } from "./wechat-check.js";

export interface WechatNicknameAuditProps extends WechatCheckCommonProps {
  /** The `audit_id` setNickName returned. */
  readonly auditId: number | string;
  /**
   * What passes: "succeeded" (default), "not-failed" (succeeded or still in review), or "any"
   * (any answer; only errcodes and an unreachable WeChat fail).
   */
  readonly expect?: NicknameAuditExpectation;
}

export class WechatNicknameAudit extends WechatCheck<"nickname_audit"> {
  readonly auditId: string;
  readonly expect: NicknameAuditExpectation;

  constructor(scope: Construct, id: string, props: WechatNicknameAuditProps) {
    const auditId = auditIdString(props.auditId, id);
    const expect = props.expect ?? "succeeded";
    if (!NICKNAME_AUDIT_EXPECTATIONS.includes(expect)) {
      throw new Error(
        `${id}: expect must be one of ${NICKNAME_AUDIT_EXPECTATIONS.join(", ")}, got ${expect}`,
      );
    }
    super(scope, id, "nickname_audit", props, { [QUERY.auditId]: auditId, [QUERY.expect]: expect });
    this.auditId = auditId;
    this.expect = expect;
  }

  /** The name under audit. */
  get nickname(): string {
    return this.field("nickname");
  }
  /** `audit_stat` (see core's NicknameAuditStat). */
  get auditStat(): number {
    return this.numberField("audit_stat");
  }
  /** Name of `audit_stat` (core's NICKNAME_AUDIT_STAT_NAMES): in_review, failed, succeeded. */
  get auditStatName(): string {
    return this.field("audit_stat_name");
  }
  /** Why the audit failed. */
  get failReason(): string {
    return this.field("fail_reason");
  }
  /** Unix seconds. */
  get createTime(): number {
    return this.numberField("create_time");
  }
  /** Unix seconds; 0 while in review. */
  get auditTime(): number {
    return this.numberField("audit_time");
  }
}
