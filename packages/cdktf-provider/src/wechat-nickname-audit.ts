/** Plan-time getNickNameStatus: is the rename audit where we expect it? → `data.wechat_nickname_audit`. */
import type { Construct } from "constructs";
import { DataWechatNicknameAudit } from "./gen/data-wechat-nickname-audit/index.js";
import { auditIdOf, oneOf } from "./props.js";
import { WechatCheck, type WechatCheckCommonProps } from "./wechat-check.js";

/** The data source's `expect` values. */
export const NICKNAME_AUDIT_EXPECTATIONS = ["succeeded", "not_failed", "any"] as const;
/** Also "not-failed", the spelling of the checker era, sent as "not_failed". */
export type NicknameAuditExpectation = (typeof NICKNAME_AUDIT_EXPECTATIONS)[number] | "not-failed";

export interface WechatNicknameAuditProps extends WechatCheckCommonProps {
  /** The `audit_id` setNickName returned. */
  readonly auditId: number | string;
  /**
   * What passes: "succeeded" (default), "not_failed" (succeeded or still in review; "not-failed"
   * also accepted), or "any" (any answer; only errcodes and an unreachable WeChat fail).
   */
  readonly expect?: NicknameAuditExpectation;
}

export class WechatNicknameAudit extends WechatCheck<DataWechatNicknameAudit> {
  /** The id as sent to the data source (a number, or a number token). */
  readonly auditId: number;
  /** The expectation as sent to the data source. */
  readonly expect: (typeof NICKNAME_AUDIT_EXPECTATIONS)[number];

  constructor(scope: Construct, id: string, props: WechatNicknameAuditProps) {
    // A token is passed as it is: the provider takes "not_failed" only.
    const expect = props.expect === "not-failed" ? "not_failed" : (props.expect ?? "succeeded");
    super(scope, id, "nickname_audit", props, (self, common) => {
      return new DataWechatNicknameAudit(self, "result", {
        ...common,
        auditId: auditIdOf(self, props.auditId),
        expect: oneOf(self, "expect", expect, NICKNAME_AUDIT_EXPECTATIONS),
      });
    });
    this.auditId = this.dataSource.auditIdInput!;
    this.expect = this.dataSource.expectInput as (typeof NICKNAME_AUDIT_EXPECTATIONS)[number];
  }

  /** The name under audit. */
  get nickname(): string {
    return this.dataSource.nickname;
  }
  /** `audit_stat` (see core's NicknameAuditStat). */
  get auditStat(): number {
    return this.dataSource.auditStat;
  }
  /** Name of `audit_stat` (core's NICKNAME_AUDIT_STAT_NAMES): in_review, failed, succeeded. */
  get auditStatName(): string {
    return this.dataSource.auditStatName;
  }
  /** Why the audit failed. */
  get failReason(): string {
    return this.dataSource.failReason;
  }
  /** Unix seconds. */
  get createTime(): number {
    return this.dataSource.createTime;
  }
  /** Unix seconds; 0 while in review. */
  get auditTime(): number {
    return this.dataSource.auditTime;
  }
}
