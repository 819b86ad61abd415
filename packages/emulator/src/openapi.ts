/**
 * The OpenAPI 3.1 document of GET /__admin/openapi.json, generated (at request time, cached) from
 * the endpoint table of @wxa-audit/core and the admin schemas: nothing in it is written by hand
 * except the admin route list below.
 */
import { ENDPOINT_LIST, type EndpointDef, GENERIC_ERRCODES } from "@wxa-audit/core/tables";
import { z } from "zod";
import * as S from "./admin/schemas.js";

type Json = Record<string, unknown>;

function schema(s: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  delete out.$schema;
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function wechatOperation(def: EndpointDef, components: Json): Json {
  const reqName = `${def.name}Request`;
  const resName = `${def.name}Response`;
  components[reqName] = schema(def.request, "input");
  components[resName] = {
    allOf: [ref("WechatBase"), schema(def.response, "output")],
  };
  const parameters: Json[] = [];
  if (def.auth !== "none") {
    parameters.push({ name: def.auth, in: "query", required: true, schema: { type: "string" } });
  }
  if (def.input === "query") {
    const shape = (def.request as z.ZodObject).shape as Record<string, z.ZodType>;
    for (const [name, field] of Object.entries(shape)) {
      parameters.push({
        name,
        in: "query",
        required: !field.safeParse(undefined).success,
        schema: schema(field, "input"),
      });
    }
  }
  const errcodes = [...new Set([...def.errcodes, ...GENERIC_ERRCODES])].sort((a, b) => a - b);
  return {
    operationId: def.name,
    summary: def.summary,
    tags: ["WeChat"],
    description: `Errcodes: ${errcodes.join(", ")}. Errors come back as HTTP 200 with {errcode, errmsg}.`,
    ...(parameters.length > 0 && { parameters }),
    ...(def.input === "body" && {
      requestBody: { required: true, content: { "application/json": { schema: ref(reqName) } } },
    }),
    responses: {
      "200": {
        description: "WeChat answer: success fields, or errcode and errmsg",
        content: { "application/json": { schema: { oneOf: [ref(resName), ref("WechatError")] } } },
      },
    },
  };
}

interface AdminOp {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  body?: string;
  query?: z.ZodObject;
  response?: string;
  status?: string;
}

const ADMIN_SCHEMAS: Record<string, [z.ZodType, "input" | "output"]> = {
  ResetBody: [S.ResetBody, "input"],
  ClockSetBody: [S.ClockSetBody, "input"],
  ClockAdvanceBody: [S.ClockAdvanceBody, "input"],
  AuditTransitionBody: [S.AuditTransitionBody, "input"],
  AuditScheduleBody: [S.AuditScheduleBody, "input"],
  NicknameTransitionBody: [S.NicknameTransitionBody, "input"],
  NicknameScheduleBody: [S.NicknameScheduleBody, "input"],
  NameRulesPatch: [S.NameRulesPatchSchema, "input"],
  NameRules: [S.NameRulesSchema, "output"],
  FaultRuleInput: [S.FaultRuleInputSchema, "input"],
  FaultRule: [S.FaultRuleSchema, "output"],
  TenantCreate: [S.TenantCreateBody, "input"],
  PlatformCreate: [S.PlatformCreateBody, "input"],
  Tenant: [S.TenantViewSchema, "output"],
  ClockState: [S.ClockStateSchema, "output"],
  AdvanceResult: [S.AdvanceResultSchema, "output"],
  AuditSheet: [S.AuditSheetSchema, "output"],
  NicknameAudit: [S.NicknameAuditSchema, "output"],
  JournalEntry: [S.JournalEntrySchema, "output"],
  Snapshot: [S.SnapshotSchema, "output"],
  AdminError: [S.AdminErrorSchema, "output"],
};

const ADMIN_OPS: AdminOp[] = [
  { method: "get", path: "/health", summary: "Liveness" },
  { method: "get", path: "/openapi.json", summary: "This document" },
  { method: "post", path: "/reset", summary: "Reset everything, or one tenant", body: "ResetBody" },
  { method: "get", path: "/clock", summary: "Read a clock", query: S.ClockQuery, response: "ClockState" },
  {
    method: "post",
    path: "/clock",
    summary: "Set or freeze a clock",
    body: "ClockSetBody",
    response: "ClockState",
  },
  {
    method: "post",
    path: "/clock/advance",
    summary: "Advance a clock; fires due moves",
    body: "ClockAdvanceBody",
    response: "AdvanceResult",
  },
  { method: "get", path: "/audits/{auditid}", summary: "A code audit", response: "AuditSheet" },
  {
    method: "post",
    path: "/audits/{auditid}/transition",
    summary: "Move a code audit now",
    body: "AuditTransitionBody",
  },
  {
    method: "post",
    path: "/audits/{auditid}/schedule",
    summary: "Move a code audit later",
    body: "AuditScheduleBody",
  },
  {
    method: "get",
    path: "/nickname-audits/{auditId}",
    summary: "A nickname audit",
    response: "NicknameAudit",
  },
  {
    method: "post",
    path: "/nickname-audits/{auditId}/transition",
    summary: "Move a nickname audit now",
    body: "NicknameTransitionBody",
  },
  {
    method: "post",
    path: "/nickname-audits/{auditId}/schedule",
    summary: "Move a nickname audit later",
    body: "NicknameScheduleBody",
  },
  { method: "get", path: "/name-rules", summary: "Name check rules", response: "NameRules" },
  {
    method: "patch",
    path: "/name-rules",
    summary: "Change name check rules",
    body: "NameRulesPatch",
    response: "NameRules",
  },
  { method: "get", path: "/faults", summary: "Fault rules", response: "FaultRule" },
  { method: "post", path: "/faults", summary: "Add a fault rule", body: "FaultRuleInput", status: "201" },
  { method: "delete", path: "/faults", summary: "Remove all fault rules" },
  { method: "delete", path: "/faults/{id}", summary: "Remove a fault rule" },
  {
    method: "get",
    path: "/journal",
    summary: "Journal entries",
    query: S.JournalQuery,
    response: "JournalEntry",
  },
  { method: "get", path: "/journal/count", summary: "Count journal entries", query: S.JournalQuery },
  { method: "get", path: "/tenants", summary: "Tenants", response: "Tenant" },
  {
    method: "post",
    path: "/tenants",
    summary: "Create (or replace) a tenant",
    body: "TenantCreate",
    response: "Tenant",
    status: "201",
  },
  { method: "get", path: "/tenants/{name}", summary: "A tenant", response: "Tenant" },
  { method: "get", path: "/platforms", summary: "Platform appids" },
  { method: "post", path: "/platforms", summary: "Add a platform", body: "PlatformCreate", status: "201" },
  { method: "get", path: "/snapshot", summary: "Export the whole state", response: "Snapshot" },
  { method: "put", path: "/snapshot", summary: "Import the whole state", body: "Snapshot" },
];

const LIST_RESPONSES = new Set(["/faults", "/journal", "/tenants"]);

function adminOperation(op: AdminOp): Json {
  const params: Json[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: m[1] === "name" || m[1] === "id" ? { type: "string" } : { type: "integer", minimum: 1 },
  }));
  for (const [name, field] of Object.entries(op.query?.shape ?? {})) {
    params.push({ name, in: "query", required: false, schema: schema(field as z.ZodType, "input") });
  }
  const okSchema = op.response
    ? LIST_RESPONSES.has(op.path) && op.method === "get"
      ? { type: "array", items: ref(op.response) }
      : ref(op.response)
    : { type: "object" };
  return {
    operationId: `admin_${op.method}_${op.path.replace(/[^a-zA-Z]+/g, "_").replace(/^_|_$/g, "")}`,
    summary: op.summary,
    tags: ["Admin"],
    security: [{}, { adminBearer: [] }],
    ...(params.length > 0 && { parameters: params }),
    ...(op.body && {
      requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } },
    }),
    responses: {
      [op.status ?? "200"]: { description: "Done", content: { "application/json": { schema: okSchema } } },
      "4XX": { description: "Refused", content: { "application/json": { schema: ref("AdminError") } } },
    },
  };
}

let cached: Json | undefined;

export function buildOpenApi(): Json {
  if (cached) return cached;
  const components: Json = {
    WechatBase: schema(z.object({ errcode: z.number().int(), errmsg: z.string() }).partial(), "output"),
    WechatError: {
      type: "object",
      required: ["errcode", "errmsg"],
      properties: {
        errcode: { type: "integer", not: { const: 0 } },
        errmsg: { type: "string", pattern: " rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$" },
      },
    },
  };
  const paths: Record<string, Json> = {};
  for (const def of ENDPOINT_LIST) {
    paths[def.path] = { ...paths[def.path], [def.method.toLowerCase()]: wechatOperation(def, components) };
  }
  for (const [name, [s, io]] of Object.entries(ADMIN_SCHEMAS)) components[name] = schema(s, io);
  for (const op of ADMIN_OPS) {
    const p = `/__admin${op.path}`;
    paths[p] = { ...paths[p], [op.method]: adminOperation(op) };
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "wxa-audit WeChat emulator",
      version: "0.1.0",
      description: "Emulated api.weixin.qq.com endpoints of @wxa-audit/core, and the emulator's admin API.",
    },
    servers: [{ url: "/" }],
    tags: [{ name: "WeChat" }, { name: "Admin" }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { adminBearer: { type: "http", scheme: "bearer" } },
    },
  };
  return cached;
}
