/**
 * PUT /__admin/snapshot as hostile input: a snapshot whose parts do not fit together (tenants that
 * share records, repeated names or ids, records of unknown tenants, absurd clocks and times) is
 * refused with a 400 naming the path of the bad value, and the state stays exactly as it was: a
 * snapshot taken before and after the refused import are equal. What the admin API accepted always
 * exports into a snapshot that imports.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../src/index.js";
import { MAX_UNIX_SECONDS } from "../src/limits.js";
import { client, HOSTS, type Hosted, host } from "./helpers.js";

type Mutate = (s: Snapshot) => void;

const tenantIx = (s: Snapshot, name: string) => s.tenants.findIndex((t) => t.name === name);
const auditIx = (s: Snapshot, id: number) => s.audits.findIndex((a) => a.auditid === id);

/** Each class of inconsistency, with the path the refusal must name. */
const BAD: Array<[string, Mutate, string]> = [
  [
    "two tenants share an audit",
    (s) => s.tenants[tenantIx(s, "wxb")]!.auditIds.push(1001),
    "body.tenants.1.auditIds.1",
  ],
  [
    "an audit listed by another tenant than its own",
    (s) => {
      s.tenants[tenantIx(s, "wxa")]!.auditIds = s.tenants[tenantIx(s, "wxa")]!.auditIds.filter(
        (i) => i !== 1002,
      );
      s.tenants[tenantIx(s, "wxb")]!.auditIds.push(1002);
    },
    "body.tenants.1.auditIds.1",
  ],
  [
    "an audit its tenant does not list",
    (s) => {
      s.tenants[tenantIx(s, "wxb")]!.auditIds = [];
    },
    "body.audits.2.tenant",
  ],
  ["a tenant listing an audit twice", (s) => s.tenants[0]!.auditIds.push(1001), "body.tenants.0.auditIds.2"],
  [
    "a repeated tenant name",
    (s) => s.tenants.push({ ...structuredClone(s.tenants[1]!), auditIds: [] }),
    "body.tenants.2.name",
  ],
  [
    "a repeated audit id",
    (s) => s.audits.push({ ...structuredClone(s.audits[2]!) }),
    "body.audits.3.auditid",
  ],
  [
    "a repeated nickname audit id",
    (s) => s.nicknameAudits.push({ ...structuredClone(s.nicknameAudits[0]!) }),
    "body.nicknameAudits.1.audit_id",
  ],
  ["an audit of an unknown tenant", (s) => (s.audits[0]!.tenant = "ghost"), "body.audits.0.tenant"],
  [
    "a tenant listing an unknown audit",
    (s) => s.tenants[0]!.auditIds.push(999_999),
    "body.tenants.0.auditIds.2",
  ],
  ["a negative clock", (s) => (s.clock.now = -1), "body.clock.now"],
  ["a clock past year 9999", (s) => (s.clock.now = MAX_UNIX_SECONDS + 1), "body.clock.now"],
  ["a clock between seconds", (s) => (s.clock.now = 1.5), "body.clock.now"],
  [
    "a tenant clock past year 9999",
    (s) => (s.tenants[0]!.clock = { now: 1e13, frozen: true }),
    "body.tenants.0.clock.now",
  ],
  ["a submit time past year 9999", (s) => (s.audits[0]!.submitTime = 1e12), "body.audits.0.submitTime"],
  ["a negative history time", (s) => (s.audits[2]!.history[0]!.at = -1), "body.audits.2.history.0.at"],
  [
    "a due time no Date holds",
    (s) => (s.audits[auditIx(s, 1002)]!.pending[0]!.dueAtMs = 1e300),
    "body.audits.1.pending.0.dueAtMs",
  ],
  [
    "a pending move to an unknown state",
    (s) => (s.audits[auditIx(s, 1002)]!.pending[0]!.to = 999),
    "body.audits.1.pending.0.to",
  ],
  [
    "a pending move numbered at or past nextPendingId",
    (s) => (s.nextPendingId = s.audits[auditIx(s, 1002)]!.pending[0]!.id),
    "body.audits.1.pending.0.id",
  ],
  [
    "a repeated pending move id",
    (s) => {
      const a = s.audits[auditIx(s, 1002)]!;
      a.pending.push({ ...a.pending[0]! });
    },
    "body.audits.1.pending.1.id",
  ],
  ["a repeated token hash", (s) => s.tokens.push({ ...s.tokens[0]! }), "body.tokens.1.hash"],
  ["an app token of an unknown tenant", (s) => (s.tokens[0]!.owner = "ghost"), "body.tokens.0.owner"],
  ["a negative token expiry", (s) => (s.tokens[0]!.expiresAtMs = -1), "body.tokens.0.expiresAtMs"],
  ["a repeated platform", (s) => s.platforms.push({ ...s.platforms[0]! }), "body.platforms.1.appid"],
  [
    "a repeated fault rule id",
    (s) => s.faults.rules.push({ ...structuredClone(s.faults.rules[0]!) }),
    "body.faults.rules.2.id",
  ],
  ["a fault rule numbered at or past next", (s) => (s.faults.next = 2), "body.faults.rules.1.id"],
];

describe.each(HOSTS)("snapshot import: integrity, all or nothing (%s)", (kind) => {
  let em: Hosted;
  let base: Snapshot;
  beforeAll(async () => {
    em = await host(kind, {
      seed: "integrity",
      config: {
        platforms: [{ appid: "wxplat", secret: "plat-secret", verifyTicket: "ticket@@@1" }],
        tenants: [
          {
            name: "wxa",
            secret: "a-secret",
            audits: [{ auditid: 1001, status: "approved" }, { auditid: 1002 }],
            nicknameAudits: [{ audit_id: 2001, nickname: "Tencent A" }],
          },
          { name: "wxb", audits: [{ auditid: 1003 }] },
        ],
      },
    });
    await client(em.url).getAccessToken({ appid: "wxa", secret: "a-secret" });
    await em.admin.transitionAudit(1003, { to: "rejected" });
    await em.admin.scheduleAudit(1002, { to: "approved", afterSeconds: 60 });
    await em.admin.addFault({ endpoint: "queryQuota", errcode: -1 });
    await em.admin.addFault({ endpoint: "getAuditStatus", errcode: -1 });
    base = await em.admin.exportSnapshot();
    expect(base.audits.map((a) => a.auditid)).toEqual([1001, 1002, 1003]);
    expect(base.audits[2]!.history.length).toBeGreaterThan(0);
    expect(base.tokens).toHaveLength(1);
  });
  afterAll(() => em.close());

  it.each(BAD.map(([what, mutate, field]) => [what, field, mutate] as const))(
    "%s: 400 naming %s, nothing changed",
    async (_what, field, mutate) => {
      const bad = structuredClone(base);
      mutate(bad);
      const err = await em.admin.importSnapshot(bad).then(
        () => undefined,
        (e: unknown) => e as { status: number; field?: string; message: string },
      );
      expect(err, "the import was accepted").toBeDefined();
      expect(err).toMatchObject({ status: 400, field });
      // Never a hash (of a secret or a token) in the message.
      for (const h of [
        ...base.tokens.map((t) => t.hash),
        base.tenants[0]!.secretHash!,
        base.platforms[0]!.ticketHash,
      ])
        expect(err!.message).not.toContain(h);
      expect(await em.admin.exportSnapshot()).toEqual(base);
    },
  );

  it("a snapshot that fails half-way (a fault rule nested too deep) changes nothing either", async () => {
    let deep = "1";
    for (let i = 0; i < 200_000; i++) deep = `[${deep}]`;
    const text = JSON.stringify({
      ...base,
      clock: { now: 1, frozen: true },
      faults: { ...base.faults, rules: [{ ...base.faults.rules[0]!, match: { x: "__DEEP__" } }] },
    }).replace('"__DEEP__"', deep);
    const res = await fetch(`${em.url}/__admin/snapshot`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: text,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await em.admin.exportSnapshot()).toEqual(base);
  });

  it("the untouched snapshot still imports", async () => {
    await em.admin.importSnapshot(structuredClone(base));
    expect(await em.admin.exportSnapshot()).toEqual(base);
  });
});

describe("what the admin API accepts always exports into a snapshot that imports", () => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host("listener", { seed: "roundtrip" });
  });
  afterAll(() => em.close());

  it("a fault rule expiring in the far future", async () => {
    await em.admin
      .addFault({ endpoint: "queryQuota", errcode: -1, expiresInSeconds: 1e306 })
      .catch(() => undefined);
    await em.admin.importSnapshot(await em.admin.exportSnapshot());
  });

  it("a clock advanced as far as it goes", async () => {
    for (let i = 0; i < 100; i++) {
      const moved = await em.admin.advanceClock(100 * 365 * 86_400).then(
        () => true,
        (e: { status: number; field?: string }) => {
          expect(e).toMatchObject({ status: 400, field: "body.seconds" });
          return false;
        },
      );
      if (!moved) break;
    }
    expect((await em.admin.clock()).now).toBeLessThanOrEqual(MAX_UNIX_SECONDS);
    await em.admin.importSnapshot(await em.admin.exportSnapshot());
  });
});
