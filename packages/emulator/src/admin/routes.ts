/**
 * The admin API's route table: the general routes below and each area's own (areas/<area>/admin.ts,
 * listed in areas/admin-routes.ts).
 * The router (admin/router.ts), the OpenAPI document (openapi.ts) and the AdminClient
 * (admin-client.ts) are all built from this list.
 */
import { AREA_ADMIN_ROUTES } from "../areas/admin-routes.js";
import { buildOpenApi } from "../openapi.js";
import { PUSH_ROUTES } from "../push/admin.js";
import { pushSettingsView } from "../push/settings.js";
import { type AdminRoute, adminRoute, component } from "./route.js";
import * as S from "./schemas.js";

const ClockState = component("ClockState", S.ClockStateSchema, "output");
const Tenant = component("Tenant", S.TenantViewSchema, "output");

const GENERAL: readonly AdminRoute[] = [
  adminRoute({
    name: "health",
    method: "GET",
    path: "/health",
    summary: "Liveness",
    run: (em) => ({ ok: true, strictTokens: em.strict, seeded: em.seeded }),
  }),
  adminRoute({
    name: "openApi",
    method: "GET",
    path: "/openapi.json",
    summary: "This document",
    run: () => buildOpenApi(),
  }),
  adminRoute({
    name: "reset",
    method: "POST",
    path: "/reset",
    summary: "Reset everything, or one tenant",
    body: component("ResetBody", S.ResetBody, "input"),
    run: (em, { body }) => {
      em.reset(body.tenant);
      return { ok: true };
    },
  }),
  adminRoute({
    name: "clock",
    method: "GET",
    path: "/clock",
    summary: "Read a clock",
    query: S.ClockQuery,
    response: ClockState,
    run: (em, { query }) => em.clockState(query.tenant),
  }),
  adminRoute({
    name: "setClock",
    method: "POST",
    path: "/clock",
    summary: "Set or freeze a clock",
    body: component("ClockSetBody", S.ClockSetBody, "input"),
    response: ClockState,
    run: (em, { body: { tenant, ...opts } }) => em.setClock(opts, tenant),
  }),
  adminRoute({
    name: "advanceClock",
    method: "POST",
    path: "/clock/advance",
    summary: "Advance a clock; fires due moves",
    body: component("ClockAdvanceBody", S.ClockAdvanceBody, "input"),
    response: component("AdvanceResult", S.AdvanceResultSchema, "output"),
    run: (em, { body }) => em.advance(body.seconds, body.tenant),
  }),
];

const RULES_AND_FAULTS: readonly AdminRoute[] = [
  adminRoute({
    name: "getNameRules",
    method: "GET",
    path: "/name-rules",
    summary: "Name check rules",
    response: component("NameRules", S.NameRulesSchema, "output"),
    run: (em) => em.rules,
  }),
  adminRoute({
    name: "setNameRules",
    method: "PATCH",
    path: "/name-rules",
    summary: "Change name check rules",
    body: component("NameRulesPatch", S.NameRulesPatchSchema, "input"),
    response: component("NameRules", S.NameRulesSchema, "output"),
    run: (em, { body: { rateLimit, ...patch } }) => {
      const next = { ...em.rules, ...patch };
      if (rateLimit === null) delete next.rateLimit;
      else if (rateLimit !== undefined) next.rateLimit = rateLimit;
      em.rules = next;
      return next;
    },
  }),
  adminRoute({
    name: "listFaults",
    method: "GET",
    path: "/faults",
    summary: "Fault rules",
    response: component("FaultRule", S.FaultRuleSchema, "output"),
    list: true,
    run: (em) => em.faults.rules,
  }),
  adminRoute({
    name: "addFault",
    method: "POST",
    path: "/faults",
    summary: "Add a fault rule",
    body: component("FaultRuleInput", S.FaultRuleInputSchema, "input"),
    status: 201,
    run: (em, { body }) => ({ id: em.addFault(body).id }),
  }),
  adminRoute({
    name: "clearFaults",
    method: "DELETE",
    path: "/faults",
    summary: "Remove all fault rules",
    run: (em) => {
      em.clearFaults();
      return { ok: true };
    },
  }),
  adminRoute({
    name: "removeFault",
    method: "DELETE",
    path: "/faults/{id}",
    summary: "Remove a fault rule",
    run: (em, { params }) => {
      em.removeFault(String(params.id));
      return { ok: true };
    },
  }),
];

const JOURNAL_AND_TENANTS: readonly AdminRoute[] = [
  adminRoute({
    name: "journal",
    method: "GET",
    path: "/journal",
    summary: "Journal entries",
    query: S.JournalQuery,
    response: component("JournalEntry", S.JournalEntrySchema, "output"),
    list: true,
    run: (em, { query }) => em.journal.find(query),
  }),
  adminRoute({
    name: "journalCount",
    method: "GET",
    path: "/journal/count",
    summary: "Count journal entries",
    query: S.JournalQuery,
    run: (em, { query }) => ({ count: em.journal.count(query) }),
  }),
  adminRoute({
    name: "tenants",
    method: "GET",
    path: "/tenants",
    summary: "Tenants",
    response: Tenant,
    list: true,
    run: (em) => em.tenantViews(),
  }),
  adminRoute({
    name: "createTenant",
    method: "POST",
    path: "/tenants",
    summary: "Create (or replace) a tenant",
    body: component("TenantCreate", S.TenantCreateBody, "input"),
    response: Tenant,
    status: 201,
    run: (em, { body }) => em.tenantView(em.addTenant(body).name),
  }),
  adminRoute({
    name: "tenant",
    method: "GET",
    path: "/tenants/{name}",
    summary: "A tenant",
    response: Tenant,
    run: (em, { params }) => em.tenantView(String(params.name)),
  }),
  adminRoute({
    name: "setTokenAccess",
    method: "PUT",
    path: "/tenants/{name}/token-access",
    summary: "Set who may get a tenant's tokens (IP whitelist, frozen secret)",
    body: component("TokenAccess", S.TokenAccessBody, "input"),
    response: Tenant,
    run: (em, { params, body }) => em.setTokenAccess(String(params.name), body),
  }),
  adminRoute({
    name: "platforms",
    method: "GET",
    path: "/platforms",
    summary: "Platforms, with their push settings (no token, no key)",
    run: (em) =>
      em.platforms().map((p) => ({ appid: p.appid, ...(p.push && { push: pushSettingsView(p.push) }) })),
  }),
  adminRoute({
    name: "addPlatform",
    method: "POST",
    path: "/platforms",
    summary: "Add a platform",
    body: component("PlatformCreate", S.PlatformCreateBody, "input"),
    status: 201,
    run: (em, { body }) => {
      em.addPlatform(body);
      return { appid: body.appid };
    },
  }),
  adminRoute({
    name: "exportSnapshot",
    method: "GET",
    path: "/snapshot",
    summary: "Export the whole state",
    response: component("Snapshot", S.SnapshotSchema, "output"),
    run: (em) => em.exportSnapshot(),
  }),
  adminRoute({
    name: "importSnapshot",
    method: "PUT",
    path: "/snapshot",
    summary: "Import the whole state",
    body: component("Snapshot", S.SnapshotSchema, "output"),
    parseBody: false,
    run: (em, { body }) => {
      em.importSnapshot(body);
      return { ok: true };
    },
  }),
];

/** Every admin route, general and per area. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  ...GENERAL,
  ...AREA_ADMIN_ROUTES,
  ...PUSH_ROUTES,
  ...RULES_AND_FAULTS,
  ...JOURNAL_AND_TENANTS,
];
