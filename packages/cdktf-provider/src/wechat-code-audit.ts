/** Plan-time getAuditStatus / getLatestAuditStatus: is the release audit in an allowed status? */
import { AUDIT_STATUS_NAMES, AuditStatus } from "@wxa-audit/core";
import type { Construct } from "constructs";
import { QUERY } from "./protocol.js";
import { auditIdString, WechatCheck, type WechatCheckCommonProps } from "./wechat-check.js";

export interface WechatLatestCodeAuditProps extends WechatCheckCommonProps {
  /** Statuses that pass, with core's constants, e.g. `[AuditStatus.Approved, AuditStatus.Deferred]`. Default `[AuditStatus.Approved]`. */
  readonly allowedStatuses?: readonly AuditStatus[];
}

export interface WechatCodeAuditProps extends WechatLatestCodeAuditProps {
  /** The `auditid` submitAudit returned. */
  readonly auditId: number | string;
}

function allowedQuery(id: string, allowed: readonly AuditStatus[] | undefined): string {
  const list = allowed ?? [AuditStatus.Approved];
  const known = Object.keys(AUDIT_STATUS_NAMES).map(Number);
  if (list.length === 0) throw new Error(`${id}: allowedStatuses must not be empty`);
  for (const s of list) {
    if (!known.includes(s)) throw new Error(`${id}: allowedStatuses has ${s}, which is no AuditStatus`);
  }
  return [...new Set(list)].join(",");
}

abstract class CodeAuditBase<K extends "code_audit" | "latest_code_audit"> extends WechatCheck<K> {
  /** `status` (see core's AuditStatus). */
  get status(): number {
    return this.numberField("status");
  }
  /** Name of `status` (core's AUDIT_STATUS_NAMES): approved, rejected, in_review, withdrawn, deferred. */
  get statusName(): string {
    return this.field("status_name");
  }
  /** Rejection (1) or deferral (4) reason. */
  get reason(): string {
    return this.field("reason");
  }
  /** Screenshot media ids of a rejection, joined by `|`. */
  get screenshot(): string {
    return this.field("screenshot");
  }
}

export class WechatCodeAudit extends CodeAuditBase<"code_audit"> {
  readonly auditId: string;
  readonly allowedStatuses: readonly AuditStatus[];

  constructor(scope: Construct, id: string, props: WechatCodeAuditProps) {
    const auditId = auditIdString(props.auditId, id);
    const allowed = allowedQuery(id, props.allowedStatuses);
    super(scope, id, "code_audit", props, { [QUERY.auditId]: auditId, [QUERY.allowedStatuses]: allowed });
    this.auditId = auditId;
    this.allowedStatuses = allowed.split(",").map(Number) as AuditStatus[];
  }
}

export class WechatLatestCodeAudit extends CodeAuditBase<"latest_code_audit"> {
  readonly allowedStatuses: readonly AuditStatus[];

  constructor(scope: Construct, id: string, props: WechatLatestCodeAuditProps = {}) {
    const allowed = allowedQuery(id, props.allowedStatuses);
    super(scope, id, "latest_code_audit", props, { [QUERY.allowedStatuses]: allowed });
    this.allowedStatuses = allowed.split(",").map(Number) as AuditStatus[];
  }

  /** The id of the newest audit. */
  get auditId(): string {
    return this.field("auditid");
  }
  /** The version submitted for audit. */
  get userVersion(): string {
    return this.field("user_version");
  }
  /** The description submitted with it. */
  get userDesc(): string {
    return this.field("user_desc");
  }
  /** Unix seconds. */
  get submitAuditTime(): number {
    return this.numberField("submit_audit_time");
  }
}
