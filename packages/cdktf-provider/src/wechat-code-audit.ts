/**
 * Plan-time getAuditStatus / getLatestAuditStatus: is the release audit in an allowed status?
 * → `data.wechat_code_audit` / `data.wechat_latest_code_audit`.
 */
import { AUDIT_STATUS_NAMES, AuditStatus, type AuditStatusName } from "@wxa-audit/core";
import { Fn, Token } from "cdktf";
import type { Construct } from "constructs";
import { DataWechatCodeAudit } from "./gen/data-wechat-code-audit/index.js";
import { DataWechatLatestCodeAudit } from "./gen/data-wechat-latest-code-audit/index.js";
import { asStringToken, auditIdOf, invalidProp, isToken } from "./props.js";
import { WechatCheck, type WechatCheckCommonProps } from "./wechat-check.js";

export interface WechatLatestCodeAuditProps extends WechatCheckCommonProps {
  /**
   * Statuses that pass, with core's constants, e.g. `[AuditStatus.Approved, AuditStatus.Deferred]`
   * (names such as "approved" are taken as they are). Default `[AuditStatus.Approved]`. Tokens: the
   * whole list (of names), or any element (a name, or a number such as another audit's `status`).
   */
  readonly allowedStatuses?: readonly (AuditStatus | AuditStatusName)[];
}

export interface WechatCodeAuditProps extends WechatLatestCodeAuditProps {
  /** The `auditid` submitAudit returned. */
  readonly auditId: number | string;
}

const NAME_BY_STATUS = AUDIT_STATUS_NAMES as Record<number, AuditStatusName>;
const STATUS_NAMES: readonly AuditStatusName[] = Object.values(AUDIT_STATUS_NAMES);

/**
 * The data source's `allowed_statuses`: core's names for core's numbers, deduplicated. A token
 * for the whole list passes as a list of names; a string token element as a name; a number token
 * element (another audit's `status`) through the same numbers-to-names table, in Terraform.
 */
function allowedNames(self: Construct, allowed: unknown): string[] {
  const list = allowed ?? [AuditStatus.Approved];
  if (isToken(list)) return Token.asList(list);
  if (!Array.isArray(list) || list.length === 0) {
    invalidProp(self, "allowedStatuses", "a non-empty list", { value: list });
  }
  const names = list.map((s: unknown, i): string => {
    if (isToken(s)) return typeof s === "number" ? statusNameExpression(s) : asStringToken(s);
    const name = typeof s === "number" ? NAME_BY_STATUS[s] : STATUS_NAMES.find((n) => n === s);
    if (name === undefined) {
      invalidProp(self, `allowedStatuses[${i}]`, `an AuditStatus or one of ${STATUS_NAMES.join(", ")}`, {
        value: s,
      });
    }
    return name;
  });
  return [...new Set(names)];
}

/** `lookup({"0" = "approved", ...}, tostring(n), tostring(n))`: an unknown number reaches the provider's check as itself. */
function statusNameExpression(status: number): string {
  const text = Fn.tostring(status);
  return Token.asString(Fn.lookup(Object.fromEntries(Object.entries(NAME_BY_STATUS)), text, text));
}

/** Core's AuditStatus numbers of the allowed names (tokens left out). */
function statusesOf(names: unknown): AuditStatus[] {
  if (!Array.isArray(names)) return [];
  const byName = new Map(Object.entries(AUDIT_STATUS_NAMES).map(([n, name]) => [name as string, Number(n)]));
  return names.flatMap((n) => (byName.has(n) ? [byName.get(n) as AuditStatus] : []));
}

abstract class CodeAuditBase<
  D extends DataWechatCodeAudit | DataWechatLatestCodeAudit,
> extends WechatCheck<D> {
  /** `status` (see core's AuditStatus), a number token. */
  get status(): number {
    return this.dataSource.status;
  }
  /** Name of `status` (core's AUDIT_STATUS_NAMES): approved, rejected, in_review, withdrawn, deferred. */
  get statusName(): string {
    return this.dataSource.statusName;
  }
  /** Rejection (1) or deferral (4) reason. */
  get reason(): string {
    return this.dataSource.reason;
  }
  /** Screenshot media ids of a rejection, joined by `|`. */
  get screenshot(): string {
    return this.dataSource.screenshot;
  }
  /** Screenshot media ids of a rejection, as a list. */
  get screenshots(): string[] {
    return this.dataSource.screenshots;
  }
}

export class WechatCodeAudit extends CodeAuditBase<DataWechatCodeAudit> {
  /** The id as sent to the data source (a number, or a number token). */
  readonly auditId: number;
  readonly allowedStatuses: readonly AuditStatus[];

  constructor(scope: Construct, id: string, props: WechatCodeAuditProps) {
    super(scope, id, "code_audit", props, (self, common) => {
      return new DataWechatCodeAudit(self, "result", {
        ...common,
        auditId: auditIdOf(self, props.auditId),
        allowedStatuses: allowedNames(self, props.allowedStatuses),
      });
    });
    this.auditId = this.dataSource.auditIdInput!;
    this.allowedStatuses = statusesOf(this.dataSource.allowedStatusesInput);
  }
}

export class WechatLatestCodeAudit extends CodeAuditBase<DataWechatLatestCodeAudit> {
  readonly allowedStatuses: readonly AuditStatus[];

  constructor(scope: Construct, id: string, props: WechatLatestCodeAuditProps = {}) {
    super(scope, id, "latest_code_audit", props, (self, common) => {
      return new DataWechatLatestCodeAudit(self, "result", {
        ...common,
        allowedStatuses: allowedNames(self, props.allowedStatuses),
      });
    });
    this.allowedStatuses = statusesOf(this.dataSource.allowedStatusesInput);
  }

  /** The id of the newest audit (a number token). */
  get auditId(): number {
    return this.dataSource.auditId;
  }
  /** The version submitted for audit. */
  get userVersion(): string {
    return this.dataSource.userVersion;
  }
  /** The description submitted with it. */
  get userDesc(): string {
    return this.dataSource.userDesc;
  }
  /** Unix seconds. */
  get submitAuditTime(): number {
    return this.dataSource.submitAuditTime;
  }
}
