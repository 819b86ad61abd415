/** The code audit's admin routes: read a sheet, move it now, schedule a move. */
import { adminRoute, component } from "../../admin/route.js";
import { auditStatusOf } from "./machine.js";
import { AuditScheduleBody, AuditSheetSchema, AuditTransitionBody } from "./schemas.js";

const Sheet = component("AuditSheet", AuditSheetSchema, "output");

export const CODE_AUDIT_ROUTES = [
  adminRoute({
    name: "getAudit",
    method: "GET",
    path: "/audits/{auditid}",
    summary: "A code audit",
    response: Sheet,
    run: (em, { params }) => em.record("audit", params.auditid as number),
  }),
  adminRoute({
    name: "transitionAudit",
    method: "POST",
    path: "/audits/{auditid}/transition",
    summary: "Move a code audit now",
    body: component("AuditTransitionBody", AuditTransitionBody, "input"),
    run: (em, { params, body }) => {
      const id = params.auditid as number;
      const fired = em.transitionAudit(id, auditStatusOf(body.to), body);
      return { fired, audit: em.record("audit", id, { settle: false }) };
    },
  }),
  adminRoute({
    name: "scheduleAudit",
    method: "POST",
    path: "/audits/{auditid}/schedule",
    summary: "Move a code audit later",
    body: component("AuditScheduleBody", AuditScheduleBody, "input"),
    run: (em, { params, body }) => {
      const { scheduled, record } = em.schedule(
        "audit",
        params.auditid as number,
        auditStatusOf(body.to),
        body,
        body,
      );
      return { scheduled, audit: record };
    },
  }),
];
