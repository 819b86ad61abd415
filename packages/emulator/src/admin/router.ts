/**
 * The admin API under /__admin, as an Express router. Its pipeline, in order:
 *   0. the browser guard (./browser-guard.ts): a Host that is not loopback or allowed, or a
 *      cross-origin request, is refused (403) before anything else;
 *   1. bearer-token check (when a token is set), before anything is parsed;
 *   2. a body that is not `application/json` is refused (415); JSON bodies are parsed within
 *      limits.adminBodyBytes (limits.snapshotBodyBytes for PUT /snapshot) and limits.jsonDepth;
 *   3. the routes of the table (./routes.ts), each validating its params, query and body with the
 *      zod schemas its row names;
 *   4. 405 for a known path with another method, 404 JSON for an unknown path;
 *   5. one error handler turning every failure into a 4xx JSON answer naming the bad field or the
 *      refused transition.
 */
import { timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { z } from "zod";
import type { Emulator } from "../emulator.js";
import { DuplicateIdError, InvalidFieldError, NotFoundError } from "../errors.js";
import { tooDeepAt, tooDeepText } from "../json-limits.js";
import { LimitExceededError } from "../limit-options.js";
import { LIMITS, type LimitName } from "../limits.js";
import { IllegalTransitionError } from "../model/lifecycle.js";
import { PushError } from "../push/outbox.js";
import { bytesText } from "../wechat-input.js";
import { type Refusal, refuseBodyType, refuseForeign } from "./browser-guard.js";
import { type AdminRoute, paramIsString } from "./route.js";
import { ADMIN_ROUTES } from "./routes.js";
import { type AdminErrorBody, IdParam } from "./schemas.js";

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

export function adminRouter(em: Emulator): Router {
  const router = express.Router();
  const refused = (r: Refusal) => new AdminHttpError(r.status, r.code, r.message, r.field);

  router.use((req, _res, next) => {
    const r = refuseForeign(req.headers, em.adminAllowedHosts);
    next(r && refused(r));
  });
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
  router.use((req, _res, next) => {
    const r = refuseBodyType(req.method, req.headers);
    next(r && refused(r));
  });
  // A snapshot holds every tenant: it has its own, larger, byte limit. The first parser to read a
  // body wins (the other sees the request finished).
  router.put("/snapshot", jsonBody(em, "snapshotBodyBytes"));
  router.use(jsonBody(em, "adminBodyBytes"));
  router.use((req, _res, next) => {
    // Depth before anything reads the body: zod, a fault rule's matching, the journal, a snapshot.
    const at = tooDeepAt((req as { body?: unknown }).body, em.limits.jsonDepth);
    if (!at) return next();
    const field = ["body", ...at].join(".");
    next(new LimitExceededError("jsonDepth", `${field}: ${tooDeepText(em.limits.jsonDepth)}`, field));
  });

  // One Express route per path of the table, dispatching on the method (405 for another).
  const byPath = new Map<string, AdminRoute[]>();
  for (const r of ADMIN_ROUTES) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  for (const [path, rows] of byPath) {
    const expressPath = path.replace(/\{(\w+)\}/g, ":$1");
    router.all(expressPath, async (req, res, next) => {
      const row =
        rows.find((r) => r.method === req.method) ??
        (req.method === "HEAD" ? rows.find((r) => r.method === "GET") : undefined);
      if (!row) {
        res.setHeader("allow", rows.map((r) => r.method).join(", "));
        return next(
          new AdminHttpError(
            405,
            "method_not_allowed",
            `${req.method} is not allowed on /__admin${expressPath}`,
          ),
        );
      }
      const params: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(req.params as Record<string, string>))
        params[name] = paramIsString(name) ? String(value) : parse(IdParam, value, "params");
      const input = {
        params,
        body: row.body && row.parseBody !== false ? parse(row.body.schema, req.body, "body") : req.body,
        query: row.query ? parse(row.query, req.query, "query") : undefined,
      };
      const out = await row.run(em, input);
      if (row.status) res.status(row.status);
      if (!res.headersSent) res.json(out ?? { ok: true });
    });
  }

  router.use((req, _res, next) =>
    next(new AdminHttpError(404, "not_found", `no admin route ${req.method} ${req.path}`)),
  );
  router.use(adminErrors);
  return router;
}

/** Requests whose body one of our parsers has judged: the later, generic one leaves them be. */
const judged = new WeakSet<Request>();

/** The JSON body parser, its byte limit one of the limits; past it a LimitExceededError. */
function jsonBody(em: Emulator, limit: LimitName) {
  const parse = express.json({ type: () => true, limit: em.limits[limit], strict: false });
  const tooLarge = () =>
    new LimitExceededError(limit, `body over ${bytesText(em.limits[limit])} (limits.${limit})`, "body");
  return (req: Request, res: Response, next: NextFunction) => {
    if (judged.has(req)) return next();
    judged.add(req);
    // A host's body parser mounted in front of the emulator read it already: judge it by its
    // declared length (the depth check after this still sees what was parsed).
    if (req.readableEnded)
      return next(Number(req.headers["content-length"]) > em.limits[limit] ? tooLarge() : undefined);
    parse(req, res, (err?: unknown) =>
      next((err as { type?: string } | undefined)?.type === "entity.too.large" ? tooLarge() : err),
    );
  };
}

/** A refusal past a limit: 413 for bytes, 400 for nesting, 409 for a count the state has reached. */
const LIMIT_STATUS = { bytes: 413, levels: 400, entries: 409, seconds: 400 } as const;

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
  if (err instanceof LimitExceededError) {
    const field = err.field === undefined || err.field.startsWith("body") ? err.field : `body.${err.field}`;
    return new AdminHttpError(LIMIT_STATUS[LIMITS[err.limit].unit], "limit_exceeded", err.message, field);
  }
  if (err instanceof IllegalTransitionError) {
    return new AdminHttpError(409, "illegal_transition", err.message, "body.to", err.from);
  }
  if (err instanceof NotFoundError) return new AdminHttpError(404, "not_found", err.message);
  if (err instanceof PushError) return new AdminHttpError(409, "conflict", err.message);
  if (err instanceof DuplicateIdError)
    return new AdminHttpError(409, "conflict", err.message, `body.${err.field}`);
  if (err instanceof InvalidFieldError) {
    return new AdminHttpError(
      400,
      "invalid_request",
      `body.${err.field}: ${err.message}`,
      `body.${err.field}`,
    );
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    return new AdminHttpError(e.status, "invalid_request", `body: ${e.type ?? "bad request"}`, "body");
  }
  return new AdminHttpError(500, "internal", "internal error");
}
