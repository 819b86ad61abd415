/** The release step's admin route: a tenant's release state (uploaded code, live version, history, phased plan, visit status). */
import { adminRoute, component } from "../../admin/route.js";
import { ReleaseStateSchema } from "./schemas.js";

export const RELEASE_ROUTES = [
  adminRoute({
    name: "release",
    method: "GET",
    path: "/tenants/{name}/release",
    summary: "A tenant's release step: uploaded code, live version, history, phased plan, visit status",
    response: component("ReleaseState", ReleaseStateSchema, "output"),
    run: (em, { params }) => em.tenantView(String(params.name)).release,
  }),
];
