/**
 * An admin route as data (octokit's "an endpoint is data"): method, path, summary, the schemas of
 * its body, query and answer, and what it runs. The router, the OpenAPI document and the
 * AdminClient all read the same rows (admin/routes.ts), so a route is written once.
 */
import type { z } from "zod";
import type { Emulator } from "../emulator.js";

export type AdminMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A schema with the name it has in the OpenAPI document's components. */
export interface Component<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly schema: S;
  readonly io: "input" | "output";
}

export const component = <S extends z.ZodType>(
  name: string,
  schema: S,
  io: "input" | "output",
): Component<S> => ({ name, schema, io });

export interface RouteInput<B, Q> {
  /** Path parameters: `{name}` and `{id}` are strings, any other is a positive integer id. */
  params: Record<string, string | number>;
  body: B;
  query: Q;
}

export interface AdminRoute<B = unknown, Q = unknown> {
  /** The AdminClient method that calls it. */
  readonly name: string;
  readonly method: AdminMethod;
  /** Below /__admin, OpenAPI style: `/audits/{auditid}`. */
  readonly path: string;
  readonly summary: string;
  readonly body?: Component;
  /** false: the body is handed over unparsed (the route validates it itself, naming the field). */
  readonly parseBody?: boolean;
  readonly query?: z.ZodObject;
  readonly response?: Component;
  /** The answer is a list of `response`. */
  readonly list?: boolean;
  readonly status?: 201;
  readonly run: (em: Emulator, input: RouteInput<B, Q>) => unknown;
}

export function adminRoute<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodObject = z.ZodObject>(
  r: Omit<AdminRoute, "body" | "query" | "run"> & {
    body?: Component<B>;
    query?: Q;
    run: (em: Emulator, input: RouteInput<z.output<B>, z.output<Q>>) => unknown;
  },
): AdminRoute {
  return r as AdminRoute;
}

/** Whether a path parameter is a string (`name`, `id`) or a positive integer id. */
export const paramIsString = (name: string): boolean => name === "name" || name === "id";
