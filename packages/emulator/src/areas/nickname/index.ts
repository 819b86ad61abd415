/** The nickname area: name checks, renames, and the nickname audit. */
import { NicknameAuditStat, nicknameAuditStatName } from "@wxa-audit/core/tables";
import type { Area } from "../../model/area.js";
import * as handlers from "./handlers.js";
import { NICKNAME_MACHINE, nicknameStatOf } from "./machine.js";
import { NICKNAME_AUDITS, type NicknameAudit, newNicknameAudit } from "./model.js";
import { nicknamePushEvent } from "./push.js";
import { NicknameAuditSchema } from "./schemas.js";

export const NICKNAME_AREA = {
  name: "nickname",
  handlers,
  records: {
    kind: NICKNAME_AUDITS,
    machine: NICKNAME_MACHINE,
    idField: "audit_id",
    snapshotList: "nicknameAudits" as const,
    snapshotCounter: "nextNicknameAuditId" as const,
    configList: "nicknameAudits",
    adminPath: "nickname-audits",
    schema: NicknameAuditSchema,
    seed(w, store, t, c) {
      for (const n of c.nicknameAudits ?? []) {
        const stat = nicknameStatOf(n.stat ?? "in_review");
        const now = store.clockOf(t).now();
        const audit = newNicknameAudit(store, t, {
          ...(n.audit_id !== undefined && { audit_id: n.audit_id }),
          nickname: n.nickname,
          stat,
          fail_reason: n.fail_reason ?? "",
          create_time: n.create_time ?? now,
          audit_time: n.audit_time ?? (stat === NicknameAuditStat.InReview ? 0 : now),
        });
        w.insertRecord(store, NICKNAME_AUDITS, audit.audit_id, audit, t);
      }
    },
    view: (a: NicknameAudit) => ({ ...a, statName: nicknameAuditStatName(a.stat) }),
    pushEvent: nicknamePushEvent,
  },
} satisfies Area;
