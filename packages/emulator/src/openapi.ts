/**
 * The OpenAPI 3.1 document of GET /__admin/openapi.json, generated (at request time, cached) from
 * the endpoint table of @wxa-audit/core and the admin route table (admin/routes.ts): nothing in it
 * is written by hand.
 */
import { ENDPOINT_LIST, type EndpointDef, GENERIC_ERRCODES } from "@wxa-audit/core/tables";
import { z } from "zod";
import type { AdminRoute } from "./admin/route.js";
import { paramIsString } from "./admin/route.js";
import { ADMIN_ROUTES } from "./admin/routes.js";
import { AdminErrorSchema } from "./admin/schemas.js";
import { DETAIL_HEADER } from "./answers.js";

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
        headers: {
          [DETAIL_HEADER]: {
            description:
              "The emulator's own (WeChat sends none): on a 47001, what was wrong with the request (a field path or a limit, never a value)",
            schema: { type: "string" },
          },
        },
        content: { "application/json": { schema: { oneOf: [ref(resName), ref("WechatError")] } } },
      },
    },
  };
}

function adminOperation(op: AdminRoute): Json {
  const params: Json[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: paramIsString(m[1]!) ? { type: "string" } : { type: "integer", minimum: 1 },
  }));
  for (const [name, field] of Object.entries(op.query?.shape ?? {})) {
    params.push({ name, in: "query", required: false, schema: schema(field as z.ZodType, "input") });
  }
  const answer = op.response ? ref(op.response.name) : undefined;
  const okSchema = answer ? (op.list ? { type: "array", items: answer } : answer) : { type: "object" };
  const method = op.method.toLowerCase();
  return {
    operationId: `admin_${method}_${op.path.replace(/[^a-zA-Z]+/g, "_").replace(/^_|_$/g, "")}`,
    summary: op.summary,
    tags: ["Admin"],
    security: [{}, { adminBearer: [] }],
    ...(params.length > 0 && { parameters: params }),
    ...(op.body && {
      requestBody: { required: true, content: { "application/json": { schema: ref(op.body.name) } } },
    }),
    responses: {
      [String(op.status ?? 200)]: {
        description: "Done",
        content: { "application/json": { schema: okSchema } },
      },
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
  components.AdminError = schema(AdminErrorSchema, "output");
  for (const op of ADMIN_ROUTES) {
    for (const c of [op.body, op.response]) if (c) components[c.name] ??= schema(c.schema, c.io);
    const p = `/__admin${op.path}`;
    paths[p] = { ...paths[p], [op.method.toLowerCase()]: adminOperation(op) };
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
