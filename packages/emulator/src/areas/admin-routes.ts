/**
 * The areas' admin routes, for the admin route table (admin/routes.ts). Apart from areas/index.ts
 * so the WeChat surface starts without loading them: a new area adds its line here too.
 */
import type { AdminRoute } from "../admin/route.js";
import { CODE_AUDIT_ROUTES } from "./code-audit/admin.js";
import { NICKNAME_ROUTES } from "./nickname/admin.js";
import { RELEASE_ROUTES } from "./release/admin.js";

export const AREA_ADMIN_ROUTES: readonly AdminRoute[] = [
  ...CODE_AUDIT_ROUTES,
  ...NICKNAME_ROUTES,
  ...RELEASE_ROUTES,
];
