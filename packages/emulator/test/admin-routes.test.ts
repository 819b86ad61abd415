/**
 * The admin route table is the one list: the AdminClient has exactly one method per row, named
 * after it, and the OpenAPI document has exactly one operation per row.
 */
import { describe, expect, it } from "vitest";
import { ADMIN_ROUTES } from "../src/admin/routes.js";
import { AdminClient, buildOpenApi } from "../src/index.js";

describe("admin routes: one table, three readers", () => {
  it("names are unique, and (method, path) pairs too", () => {
    expect(new Set(ADMIN_ROUTES.map((r) => r.name)).size).toBe(ADMIN_ROUTES.length);
    expect(new Set(ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(ADMIN_ROUTES.length);
  });

  it("the AdminClient has exactly one method per route", () => {
    const methods = Object.getOwnPropertyNames(AdminClient.prototype).filter(
      (n) => n !== "constructor" && n !== "tenantOf", // tenantOf is computed locally, no route
    );
    expect(methods.sort()).toEqual(ADMIN_ROUTES.map((r) => r.name).sort());
  });

  it("the OpenAPI document has exactly the routes of the table", () => {
    const paths = buildOpenApi().paths as Record<string, Record<string, unknown>>;
    const admin = Object.entries(paths)
      .filter(([p]) => p.startsWith("/__admin"))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.slice("/__admin".length)}`));
    expect(admin.sort()).toEqual(ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });
});
