/**
 * The admin API under /__admin, as an Express router. Its pipeline, in order:
 *   1. bearer-token check (when a token is set), before anything is parsed;
 *   2. JSON body parsing of any content type (1 MiB), so a missing header is not a silent `{}`;
 *   3. the routes, each validating with the zod schemas of ./schemas.ts;
 *   4. 405 for a known path with another method, 404 JSON for an unknown path;
 *   5. one error handler turning every failure into a 4xx JSON answer naming the bad field or the
 *      refused transition.
 */
import { timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { z } from "zod";
import { DuplicateIdError, type Emulator, NotFoundError } from "../emulator.js";
import { auditStatusOf, IllegalTransitionError, nicknameStatOf } from "../machines.js";
import { buildOpenApi } from "../openapi.js";
import { exportSnapshot, importSnapshot, SnapshotError } from "../snapshot.js";
import {
  type AdminErrorBody,
  AuditScheduleBody,
  AuditTransitionBody,
  ClockAdvanceBody,
  ClockQuery,
  ClockSetBody,
  FaultRuleInputSchema,
  IdParam,
  JournalQuery,
  NameRulesPatchSchema,
  NicknameScheduleBody,
  NicknameTransitionBody,
  PlatformCreateBody,
  ResetBody,
  TenantCreateBody,
} from "./schemas.js";
import { auditView, nicknameAuditView, tenantView } from "./views.js";

type Code = AdminErrorBody["error"]["code"];

export class AdminHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: Code,
    message: string,
    readonly field?: string,
    readonly current?: string,
  ) {
    super(message);
  }
}

function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: "body" | "query" | "params",
): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
  const path = [where, ...issue.path.map(String), ...keys.slice(0, 1)].join(".");
  throw new AdminHttpError(400, "invalid_request", `${path}: ${issue.message}`, path);
}

const idOf = (req: Request, name: string) => parse(IdParam, req.params[name], "params");

type Handler = (req: Request, res: Response) => unknown;

export function adminRouter(em: Emulator): Router {
  const router = express.Router();

  if (em.adminToken !== undefined) {
    const want = Buffer.from(`Bearer ${em.adminToken}`);
    router.use((req, _res, next) => {
      const got = Buffer.from(req.headers.authorization ?? "");
      if (got.length !== want.length || !timingSafeEqual(got, want)) {
        return next(
          new AdminHttpError(401, "unauthorized", "missing or wrong bearer token", "headers.authorization"),
        );
      }
      next();
    });
  }
  router.use(express.json({ type: () => true, limit: "1mb", strict: false }));

  const route = (
    path: string,
    methods: Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>,
  ) => {
    router.all(path, async (req, res, next) => {
      const h =
        methods[req.method as keyof typeof methods] ?? (req.method === "HEAD" ? methods.GET : undefined);
      if (!h) {
        res.setHeader("allow", Object.keys(methods).join(", "));
        return next(
          new AdminHttpError(405, "method_not_allowed", `${req.method} is not allowed on /__admin${path}`),
        );
      }
      const out = await h(req, res);
      if (!res.headersSent) res.json(out ?? { ok: true });
    });
  };

  route("/health", { GET: () => ({ ok: true, strictTokens: em.strict, seeded: em.seeded }) });
  route("/openapi.json", { GET: () => buildOpenApi() });

  route("/reset", {
    POST: (req) => {
      const { tenant } = parse(ResetBody, req.body, "body");
      em.reset(tenant);
      return { ok: true };
    },
  });

  route("/clock", {
    GET: (req) => {
      const { tenant } = parse(ClockQuery, req.query, "query");
      return em.state.clockOf(tenant).toJSON();
    },
    POST: (req) => {
      const { tenant, ...opts } = parse(ClockSetBody, req.body, "body");
      return em.setClock(opts, tenant);
    },
  });
  route("/clock/advance", {
    POST: (req) => {
      const { seconds, tenant } = parse(ClockAdvanceBody, req.body, "body");
      return em.advance(seconds, tenant);
    },
  });

  const audit = (req: Request) => {
    const id = idOf(req, "auditid");
    const sheet = em.state.audits.get(id);
    if (!sheet) throw new NotFoundError("audit", id);
    return sheet;
  };
  route("/audits/:auditid", {
    GET: (req) => {
      const sheet = audit(req);
      em.state.settleAudit(sheet, false, []);
      return auditView(sheet);
    },
  });
  route("/audits/:auditid/transition", {
    POST: (req) => {
      const id = idOf(req, "auditid");
      const body = parse(AuditTransitionBody, req.body, "body");
      const fired = em.transitionAudit(id, auditStatusOf(body.to), body);
      return { fired, audit: auditView(em.state.audits.get(id)!) };
    },
  });
  route("/audits/:auditid/schedule", {
    POST: (req) => {
      const sheet = audit(req);
      const body = parse(AuditScheduleBody, req.body, "body");
      em.state.settleAudit(sheet, false, []);
      const scheduled = em.state.scheduleAudit(sheet, auditStatusOf(body.to), body, body);
      return { scheduled, audit: auditView(sheet) };
    },
  });

  const nickname = (req: Request) => {
    const id = idOf(req, "auditId");
    const a = em.state.nicknameAudits.get(id);
    if (!a) throw new NotFoundError("nickname audit", id);
    return a;
  };
  route("/nickname-audits/:auditId", {
    GET: (req) => {
      const a = nickname(req);
      em.state.settleNickname(a, false, []);
      return nicknameAuditView(a);
    },
  });
  route("/nickname-audits/:auditId/transition", {
    POST: (req) => {
      const id = idOf(req, "auditId");
      const body = parse(NicknameTransitionBody, req.body, "body");
      const fired = em.transitionNickname(id, nicknameStatOf(body.to), body);
      return { fired, nicknameAudit: nicknameAuditView(em.state.nicknameAudits.get(id)!) };
    },
  });
  route("/nickname-audits/:auditId/schedule", {
    POST: (req) => {
      const a = nickname(req);
      const body = parse(NicknameScheduleBody, req.body, "body");
      em.state.settleNickname(a, false, []);
      const scheduled = em.state.scheduleNickname(a, nicknameStatOf(body.to), body, body);
      return { scheduled, nicknameAudit: nicknameAuditView(a) };
    },
  });

  route("/name-rules", {
    GET: () => em.state.rules,
    PATCH: (req) => {
      const { rateLimit, ...patch } = parse(NameRulesPatchSchema, req.body, "body");
      const next = { ...em.state.rules, ...patch };
      if (rateLimit === null) delete next.rateLimit;
      else if (rateLimit !== undefined) next.rateLimit = rateLimit;
      em.state.rules = next;
      return next;
    },
  });

  route("/faults", {
    GET: () => em.faults.rules,
    POST: (req, res) => {
      const rule = em.faults.add(parse(FaultRuleInputSchema, req.body, "body"), em.state.clock.nowMs());
      res.status(201);
      return { id: rule.id };
    },
    DELETE: () => {
      em.faults.clear();
      return { ok: true };
    },
  });
  route("/faults/:id", {
    DELETE: (req) => {
      const id = String(req.params.id);
      if (!em.faults.remove(id)) throw new NotFoundError("fault rule", id);
      return { ok: true };
    },
  });

  route("/journal", { GET: (req) => em.journal.find(parse(JournalQuery, req.query, "query")) });
  route("/journal/count", {
    GET: (req) => ({ count: em.journal.count(parse(JournalQuery, req.query, "query")) }),
  });

  route("/tenants", {
    GET: () => [...em.state.tenants.values()].map((t) => tenantView(em, t)),
    POST: (req, res) => {
      const t = em.addTenant(parse(TenantCreateBody, req.body, "body"));
      res.status(201);
      return tenantView(em, t);
    },
  });
  route("/tenants/:name", {
    GET: (req) => {
      const t = em.state.tenant(String(req.params.name));
      if (!t) throw new NotFoundError("tenant", String(req.params.name));
      return tenantView(em, t);
    },
  });
  route("/platforms", {
    GET: () => [...em.state.platforms.keys()].map((appid) => ({ appid })),
    POST: (req, res) => {
      const p = parse(PlatformCreateBody, req.body, "body");
      em.addPlatform(p);
      res.status(201);
      return { appid: p.appid };
    },
  });

  route("/snapshot", {
    GET: () => exportSnapshot(em),
    PUT: (req) => {
      importSnapshot(em, req.body);
      return { ok: true };
    },
  });

  router.use((req, _res, next) =>
    next(new AdminHttpError(404, "not_found", `no admin route ${req.method} ${req.path}`)),
  );
  router.use(adminErrors);
  return router;
}

/** Every failure of the admin API as a 4xx JSON answer (a 500 only for a bug, still JSON). */
function adminErrors(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const e = toHttpError(err);
  if (res.headersSent) return;
  res.status(e.status).json({
    error: {
      code: e.code,
      message: e.message,
      ...(e.field !== undefined && { field: e.field }),
      ...(e.current !== undefined && { current: e.current }),
    },
  });
}

function toHttpError(err: unknown): AdminHttpError {
  if (err instanceof AdminHttpError) return err;
  if (err instanceof IllegalTransitionError) {
    return new AdminHttpError(409, "illegal_transition", err.message, "body.to", err.from);
  }
  if (err instanceof NotFoundError) return new AdminHttpError(404, "not_found", err.message);
  if (err instanceof DuplicateIdError)
    return new AdminHttpError(409, "conflict", err.message, `body.${err.field}`);
  if (err instanceof SnapshotError) {
    return new AdminHttpError(
      400,
      "invalid_request",
      `body.${err.field}: ${err.message}`,
      `body.${err.field}`,
    );
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === "entity.too.large")
    return new AdminHttpError(413, "invalid_request", "body over 1 MiB", "body");
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    return new AdminHttpError(e.status, "invalid_request", `body: ${e.type ?? "bad request"}`, "body");
  }
  return new AdminHttpError(500, "internal", "internal error");
}
