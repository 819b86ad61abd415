/**
 * The release step's state beyond the WeChat answers: the admin view, the journal's `release`
 * changes, snapshots (round trip, integrity, a snapshot without the release state refused) and seeding
 * from the config.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApi, Emulator, type EmulatorConfig, type Snapshot } from "../src/index.js";
import { client, freshToken, type Hosted, host } from "./helpers.js";

const CONFIG: EmulatorConfig = {
  tenants: [
    {
      name: "wxlive",
      release: { live: { userVersion: "3.2.1", userDesc: "in production" }, visitStatus: "close" },
    },
    { name: "wxreleased", released: true, userVersion: "0.9.0" },
    { name: "wxpages", release: { pages: ["pages/a/index", "pages/b/index"] } },
  ],
};

describe("release state", () => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host("listener", { seed: 21, config: CONFIG });
  });
  afterAll(() => em.close());

  const fresh = () => {
    const token = freshToken("state");
    return { c: client(em.url, token), tenant: em.admin.tenantOf(token) };
  };
  /** Version 1 live, version 2 live after it, version 3 phased in at 40%. */
  const busy = async () => {
    const f = fresh();
    for (let i = 0; i < 3; i++) {
      const { auditid } = await f.c.submitAudit({});
      await em.admin.transitionAudit(auditid, { to: "approved" });
      if (i < 2) await f.c.release();
    }
    await f.c.grayRelease({ gray_percentage: 40 });
    return f;
  };

  it("the config seeds a live version (or one from `released`), the visit status and the uploaded pages", async () => {
    expect(await em.admin.release("wxlive")).toMatchObject({
      live: { appVersion: 1, auditid: 0, userVersion: "3.2.1", userDesc: "in production" },
      history: [],
      visit: "close",
      nextAppVersion: 2,
    });
    expect((await em.admin.tenant("wxlive")).flags.released).toBe(true);
    expect((await em.admin.release("wxreleased")).live).toMatchObject({
      appVersion: 1,
      userVersion: "0.9.0",
    });
    expect((await em.admin.release("wxpages")).committed?.pages).toEqual(["pages/a/index", "pages/b/index"]);
    expect(await em.admin.release("wxpages")).not.toHaveProperty("live");
  });

  it("the admin view follows each step, and the journal files each as a `release` change with its cause", async () => {
    const { tenant } = await busy();
    const view = await em.admin.release(tenant);
    expect(view).toMatchObject({
      live: { appVersion: 2 },
      history: [{ appVersion: 1 }],
      gray: { status: 1, percentage: 40 },
      visit: "open",
      nextAppVersion: 3,
    });
    expect((await em.admin.tenant(tenant)).release).toEqual(view);
    const changes = (await em.admin.journal({ tenant }))
      .flatMap((e) => e.changes)
      .filter((c) => c.kind === "release");
    expect(changes.map((c) => [c.kind === "release" && c.step, c.by, c.trigger])).toEqual([
      ["release", "release", "command"],
      ["release", "release", "command"],
      ["gray", "grayrelease", "command"],
    ]);
    const first = changes[0]!;
    expect(first).toMatchObject({ flags: { released: true }, to: { live: { appVersion: 1 } } });
    // The journal keeps each step's state as it was then.
    expect(changes[1]).toMatchObject({ to: { live: { appVersion: 2 }, history: [{ appVersion: 1 }] } });
    expect(changes[1]).not.toHaveProperty("flags");
  });

  it("the history keeps the 5 most recent earlier versions (revertcoderelease's page)", async () => {
    const { c, tenant } = fresh();
    for (let i = 0; i < 7; i++) {
      const { auditid } = await c.submitAudit({});
      await em.admin.transitionAudit(auditid, { to: "approved" });
      await c.release();
    }
    const view = await em.admin.release(tenant);
    expect(view.live?.appVersion).toBe(7);
    expect(view.history.map((v) => v.appVersion)).toEqual([2, 3, 4, 5, 6]);
    const listed = (await c.revertCodeRelease({ action: "get_history_version" })).version_list;
    expect(listed?.map((v) => v.app_version)).toEqual([6, 5, 4, 3, 2]);
  });

  it("commit is journaled with the flag and version it settles", async () => {
    const { c, tenant } = fresh();
    await c.commit({ template_id: 2, ext_json: "{}", user_version: "4.0.0", user_desc: "x" });
    const [entry] = await em.admin.journal({ tenant, endpoint: "commit" });
    expect(entry!.changes.filter((ch) => ch.kind === "release")).toEqual([
      expect.objectContaining({
        kind: "release",
        step: "commit",
        flags: { codeCommitted: true },
        userVersion: "4.0.0",
        by: "commit",
      }),
    ]);
    expect((await em.admin.tenant(tenant)).userVersion).toBe("4.0.0");
  });

  it("a snapshot carries the release state: export, reset, import gives the same, and steps go on", async () => {
    const { c, tenant } = await busy();
    const before = await em.admin.release(tenant);
    const snap = await em.admin.exportSnapshot();
    await em.admin.reset();
    await em.admin.importSnapshot(snap);
    expect(await em.admin.release(tenant)).toEqual(before);
    expect(JSON.stringify(await em.admin.exportSnapshot())).toBe(JSON.stringify(snap));
    await c.release();
    expect(await em.admin.release(tenant)).toMatchObject({ live: { appVersion: 3 }, gray: { status: 3 } });
  });

  it("a snapshot whose tenants lack `release` is refused, naming the field, and nothing changes", async () => {
    const { tenant } = await busy();
    const snap = await em.admin.exportSnapshot();
    const before = await em.admin.release(tenant);
    const old = {
      ...snap,
      tenants: snap.tenants.map(({ release: _r, ...t }) => t),
    } as Snapshot;
    const refused = await em.admin.importSnapshot(old).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(refused?.message).toMatch(/release/);
    expect(await em.admin.release(tenant)).toEqual(before);
  });

  it("integrity: app versions below nextAppVersion and given once; a running plan over a live version; the tenant's own audits", async () => {
    const { tenant } = await busy();
    const other = (await busy()).tenant;
    const snap = await em.admin.exportSnapshot();
    const at = snap.tenants.findIndex((t) => t.name === tenant);
    const otherAudit = snap.tenants.find((t) => t.name === other)!.auditIds[0]!;
    const withRelease = (change: (r: NonNullable<Snapshot["tenants"][number]["release"]>) => object) => ({
      ...snap,
      tenants: snap.tenants.map((t, i) => (i === at ? { ...t, release: change(t.release!) } : t)),
    });
    const cases: Array<[object, string]> = [
      [withRelease((r) => ({ ...r, nextAppVersion: 2 })), `tenants.${at}.release.nextAppVersion`],
      [withRelease((r) => ({ ...r, history: [r.live!] })), `tenants.${at}.release.history`],
      [withRelease(({ live: _l, ...r }) => r), `tenants.${at}.release.gray`],
      [
        withRelease((r) => ({ ...r, gray: { ...r.gray!, auditid: otherAudit } })),
        `tenants.${at}.release.gray.auditid`,
      ],
      [withRelease((r) => ({ ...r, releasedAuditId: 1 })), `tenants.${at}.release.releasedAuditId`],
      [
        withRelease((r) => ({ ...r, gray: { ...r.gray!, percentage: 101 } })),
        `tenants.${at}.release.gray.percentage`,
      ],
    ];
    for (const [bad, field] of cases) {
      await expect(em.admin.importSnapshot(bad as Snapshot), field).rejects.toMatchObject({
        status: 400,
        field: `body.${field}`,
      });
    }
    // Nothing changed on a refused import.
    expect(await em.admin.release(tenant)).toEqual(snap.tenants[at]!.release);
  });

  it("the OpenAPI document describes the release endpoints, their errcodes and query, and the admin view", () => {
    type Op = { description: string; parameters?: Array<{ name: string; required: boolean }> };
    const doc = buildOpenApi() as {
      paths: Record<string, Record<string, Op>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.paths["/wxa/release"]!.post!.description).toMatch(/85019, 85020, 85052/);
    expect(doc.paths["/wxa/grayrelease"]!.post!.description).toMatch(/85079, 85080, 85081, 85082/);
    const revert = doc.paths["/wxa/revertcoderelease"]!.get!;
    expect(revert.description).toMatch(/87011, 87012/);
    expect(revert.parameters?.map((p) => [p.name, p.required])).toEqual([
      ["access_token", true],
      ["action", false],
      ["app_version", false],
    ]);
    for (const path of [
      "/wxa/commit",
      "/wxa/get_page",
      "/wxa/change_visitstatus",
      "/cgi-bin/account/getaccountbasicinfo",
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths["/__admin/tenants/{name}/release"]!.get).toBeDefined();
    expect(doc.components.schemas).toHaveProperty("ReleaseState");
  });
});

describe("lenient tenants keep their release state within limits.lenientTenantBytes", () => {
  it("1 MiB of pages uploaded per tenant does not grow past the bound", () => {
    const em = new Emulator({ seed: 22, limits: { lenientTenantBytes: 2 * 1024 * 1024 } });
    const pages = Array.from({ length: 1000 }, (_, i) => `pages/p${i}/${"x".repeat(1000)}`);
    const ext_json = JSON.stringify({ pages });
    const body = Buffer.from(JSON.stringify({ template_id: 1, ext_json, user_version: "1", user_desc: "" }));
    for (let i = 0; i < 10; i++) {
      const a = em.handle({ method: "POST", url: `/wxa/commit?access_token=${freshToken("pages")}`, body });
      expect(JSON.parse((a as { body: string }).body).errcode).toBe(0);
    }
    expect(em.tenantViews().length).toBeLessThanOrEqual(2);
    em.close();
  });
});
