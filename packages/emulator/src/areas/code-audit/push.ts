/**
 * What WeChat pushes when a code audit is decided (official "code audit result push" page; the
 * same fields in WxJava's WxOpenXmlMessage and silenceper/wechat): success, fail (with reason and
 * screenshots) and delay. A withdrawal (undocodeaudit) and a return to review push nothing.
 */
import { AuditStatus } from "@wxa-audit/core/tables";
import type { MessageEventBody } from "../../push/events.js";
import type { AuditSheet } from "./model.js";

export function auditPushEvent(sheet: AuditSheet, at: number): MessageEventBody | undefined {
  switch (sheet.status) {
    case AuditStatus.Approved:
      return { type: "weapp_audit_success", succTime: at };
    case AuditStatus.Rejected:
      return {
        type: "weapp_audit_fail",
        reason: sheet.reason,
        failTime: at,
        screenshots: sheet.screenshot ? sheet.screenshot.split("|") : [],
      };
    case AuditStatus.Deferred:
      return { type: "weapp_audit_delay", reason: sheet.reason, delayTime: at };
    default:
      return undefined;
  }
}
