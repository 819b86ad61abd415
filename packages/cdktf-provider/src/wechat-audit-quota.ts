/** Plan-time queryquota: are submissions for audit left this month? → `data.wechat_audit_quota`. */
import type { Construct } from "constructs";
import { DataWechatAuditQuota } from "./gen/data-wechat-audit-quota/index.js";
import { integerAtLeast } from "./props.js";
import { WechatCheck, type WechatCheckCommonProps } from "./wechat-check.js";

export interface WechatAuditQuotaProps extends WechatCheckCommonProps {
  /** Fewest submissions that must be left (`rest`) for the check to pass. Default: the provider's (no minimum). */
  readonly minRest?: number;
}

export class WechatAuditQuota extends WechatCheck<DataWechatAuditQuota> {
  constructor(scope: Construct, id: string, props: WechatAuditQuotaProps = {}) {
    super(scope, id, "audit_quota", props, (self, common) => {
      const minRest = integerAtLeast(self, "minRest", props.minRest, 0);
      return new DataWechatAuditQuota(self, "result", {
        ...common,
        ...(minRest !== undefined && { minRest }),
      });
    });
  }

  /** Submissions left this month (a number token). */
  get rest(): number {
    return this.dataSource.rest;
  }
  /** Submissions allowed per month. */
  get limit(): number {
    return this.dataSource.limit;
  }
  /** Expedited audits left. */
  get speedupRest(): number {
    return this.dataSource.speedupRest;
  }
  /** Expedited audits allowed. */
  get speedupLimit(): number {
    return this.dataSource.speedupLimit;
  }
}
