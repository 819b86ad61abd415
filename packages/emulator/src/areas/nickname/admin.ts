/** The nickname audit's admin routes: read one, move it now, schedule a move. */
import { adminRoute, component } from "../../admin/route.js";
import { nicknameStatOf } from "./machine.js";
import { NicknameAuditSchema, NicknameScheduleBody, NicknameTransitionBody } from "./schemas.js";

export const NICKNAME_ROUTES = [
  adminRoute({
    name: "getNicknameAudit",
    method: "GET",
    path: "/nickname-audits/{auditId}",
    summary: "A nickname audit",
    response: component("NicknameAudit", NicknameAuditSchema, "output"),
    run: (em, { params }) => em.record("nickname", params.auditId as number),
  }),
  adminRoute({
    name: "transitionNicknameAudit",
    method: "POST",
    path: "/nickname-audits/{auditId}/transition",
    summary: "Move a nickname audit now",
    body: component("NicknameTransitionBody", NicknameTransitionBody, "input"),
    run: (em, { params, body }) => {
      const id = params.auditId as number;
      const fired = em.transitionNickname(id, nicknameStatOf(body.to), body);
      return { fired, nicknameAudit: em.record("nickname", id, { settle: false }) };
    },
  }),
  adminRoute({
    name: "scheduleNicknameAudit",
    method: "POST",
    path: "/nickname-audits/{auditId}/schedule",
    summary: "Move a nickname audit later",
    body: component("NicknameScheduleBody", NicknameScheduleBody, "input"),
    run: (em, { params, body }) => {
      const to = nicknameStatOf(body.to);
      const given = { reason: body.fail_reason };
      const { scheduled, record } = em.schedule("nickname", params.auditId as number, to, body, given);
      return { scheduled, nicknameAudit: record };
    },
  }),
];
