/**
 * What WeChat pushes when a nickname audit is decided (official "nickname audit result push"
 * page): `wxa_nickname_audit` with ret 3 (succeeded) or 2 (failed, with the reason).
 */
import { NicknameAuditStat } from "@wxa-audit/core/tables";
import type { MessageEventBody } from "../../push/events.js";
import type { NicknameAudit } from "./model.js";

export function nicknamePushEvent(a: NicknameAudit): MessageEventBody | undefined {
  if (a.stat === NicknameAuditStat.Succeeded)
    return { type: "wxa_nickname_audit", ret: 3, nickname: a.nickname, reason: "" };
  if (a.stat === NicknameAuditStat.Failed)
    return { type: "wxa_nickname_audit", ret: 2, nickname: a.nickname, reason: a.fail_reason };
  return undefined;
}
