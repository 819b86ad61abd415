/** The code release audit area: submit, status, latest, undo, speed-up, quota. */
import { auditStatusName } from "@wxa-audit/core/tables";
import type { Area } from "../../model/area.js";
import * as handlers from "./handlers.js";
import { AUDIT_MACHINE, auditStatusOf } from "./machine.js";
import { AUDITS, type AuditSheet, newAudit } from "./model.js";
import { auditPushEvent } from "./push.js";
import { AuditSheetSchema } from "./schemas.js";

export const CODE_AUDIT_AREA = {
  name: "code-audit",
  handlers,
  records: {
    kind: AUDITS,
    machine: AUDIT_MACHINE,
    idField: "auditid",
    snapshotList: "audits" as const,
    snapshotCounter: "nextAuditId" as const,
    configList: "audits",
    adminPath: "audits",
    schema: AuditSheetSchema,
    seed(w, store, t, c) {
      for (const a of c.audits ?? []) {
        const status = auditStatusOf(a.status ?? "in_review");
        const details = AUDIT_MACHINE.details(store, status, { reason: a.reason, screenshot: a.screenshot });
        const sheet = newAudit(store, t, {
          ...(a.auditid !== undefined && { auditid: a.auditid }),
          status,
          reason: details.reason ?? "",
          screenshot: details.screenshot ?? "",
          ...(a.submitTime !== undefined && { submitTime: a.submitTime }),
          ...(a.userVersion !== undefined && { userVersion: a.userVersion }),
          ...(a.userDesc !== undefined && { userDesc: a.userDesc }),
          ...(a.spedUp !== undefined && { spedUp: a.spedUp }),
        });
        w.insertRecord(store, AUDITS, sheet.auditid, sheet, t);
      }
    },
    view: (s: AuditSheet) => ({ ...s, statusName: auditStatusName(s.status) }),
    pushEvent: auditPushEvent,
  },
} satisfies Area;
