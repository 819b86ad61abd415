/**
 * The commit point, proved from outside: every transition of every machine, by every trigger
 * (a WeChat call, an admin command, the clock, reads), appears exactly once in the journal, with
 * its cause. Admin- and clock-fired transitions used to appear in no entry at all.
 */
import { AUDIT_STATUS_NAMES, NICKNAME_AUDIT_STAT_NAMES } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_MOVES, Emulator, type JournalEntry, NICKNAME_MOVES } from "../src/index.js";
import { client, freshToken, type Hosted, host } from "./helpers.js";

let em: Hosted;
beforeAll(async () => {
  em = await host("listener", { seed: 23 });
});
afterAll(() => em.close());

type Kind = "audit" | "nickname";
const edges = (moves: Readonly<Record<number, readonly number[]>>, names: Record<number, string>) =>
  Object.entries(moves).flatMap(([from, tos]) =>
    tos.map((to) => [names[Number(from)]!, names[to]!] as const),
  );
const AUDIT_EDGES = edges(AUDIT_MOVES, AUDIT_STATUS_NAMES);
const NICKNAME_EDGES = edges(NICKNAME_MOVES, NICKNAME_AUDIT_STAT_NAMES);

/** A fresh lenient tenant (reachable through `token`) holding one record in state `from`. */
async function recordIn(kind: Kind, from: string) {
  const token = freshToken("journal");
  const tenant = em.admin.tenantOf(token);
  const t = await em.admin.createTenant(
    kind === "audit"
      ? { name: tenant, audits: [{ status: from as never }] }
      : { name: tenant, nicknameAudits: [{ nickname: "名字", stat: from as never }] },
  );
  const id = kind === "audit" ? t.auditIds[0]! : t.nicknameAuditIds[0]!;
  return { token, tenant, id };
}

/** Every transition the journal holds for a tenant, with the entry that holds it. */
async function journaled(tenant: string) {
  const entries: JournalEntry[] = await em.admin.journal({ tenant });
  return entries.flatMap((e) => e.transitions.map((t) => ({ ...t, source: e.source, endpoint: e.endpoint })));
}

async function expectOnce(tenant: string, kind: Kind, id: number, from: string, to: string, cause: object) {
  const all = await journaled(tenant);
  const hits = all.filter((t) => t.kind === kind && t.id === id && t.from === from && t.to === to);
  expect(hits, `${kind} ${id} ${from} -> ${to}`).toHaveLength(1);
  expect(hits[0]).toMatchObject({ tenant, ...cause });
  // Nothing else was journaled for this record: no duplicate, no phantom.
  expect(all.filter((t) => t.kind === kind && t.id === id)).toHaveLength(1);
}

const transitionBy = (kind: Kind, id: number, to: string) =>
  kind === "audit"
    ? em.admin.transitionAudit(id, { to: to as never })
    : em.admin.transitionNicknameAudit(id, { to: to as never });
const scheduleBy = (kind: Kind, id: number, to: string, when: object) =>
  kind === "audit"
    ? em.admin.scheduleAudit(id, { to: to as never, ...when })
    : em.admin.scheduleNicknameAudit(id, { to: to as never, ...when });
const readStatus = (kind: Kind, token: string, id: number) =>
  kind === "audit"
    ? client(em.url, token).getAuditStatus({ auditid: id })
    : client(em.url, token).getNickNameStatus({ audit_id: id });

describe.each([
  ["audit", AUDIT_EDGES],
  ["nickname", NICKNAME_EDGES],
] as const)("%s: every edge, every trigger, once in the journal", (kind, list) => {
  it.each(list)("%s -> %s by an admin command", async (from, to) => {
    const { tenant, id } = await recordIn(kind, from);
    await transitionBy(kind, id, to);
    await expectOnce(tenant, kind, id, from, to, { trigger: "command", by: "admin", source: "admin" });
  });

  it.each(list)("%s -> %s by the clock (advance)", async (from, to) => {
    const { tenant, id } = await recordIn(kind, from);
    await scheduleBy(kind, id, to, { afterSeconds: 30 });
    const { fired } = await em.admin.advanceClock(30);
    expect(fired).toContainEqual({ kind, id, from, to });
    await expectOnce(tenant, kind, id, from, to, { trigger: "clock", source: "admin" });
  });

  it.each(list)("%s -> %s by reads", async (from, to) => {
    const { token, tenant, id } = await recordIn(kind, from);
    await scheduleBy(kind, id, to, { afterReads: 1 });
    await readStatus(kind, token, id);
    await readStatus(kind, token, id);
    const endpoint = kind === "audit" ? "getAuditStatus" : "getNickNameStatus";
    await expectOnce(tenant, kind, id, from, to, { trigger: "reads", source: "wechat", endpoint });
  });
});

describe("transitions a WeChat call commits", () => {
  it("submit_audit and undocodeaudit", async () => {
    const token = freshToken("journal");
    const tenant = em.admin.tenantOf(token);
    const c = client(em.url, token);
    const { auditid } = await c.submitAudit({});
    await c.undoCodeAudit();
    const all = await journaled(tenant);
    expect(all).toEqual([
      expect.objectContaining({ id: auditid, from: "", to: "in_review", trigger: "command", by: "submit" }),
      expect.objectContaining({ id: auditid, from: "in_review", to: "withdrawn", by: "undocodeaudit" }),
    ]);
    expect(all.map((t) => t.endpoint)).toEqual(["submitAudit", "undoCodeAudit"]);
  });

  it("setnickname opening a nickname audit", async () => {
    const token = freshToken("journal");
    const tenant = em.admin.tenantOf(token);
    const { audit_id } = await client(em.url, token).setNickName({
      nick_name: "腾讯 小店",
      license: "media-license",
    });
    expect(await journaled(tenant)).toEqual([
      expect.objectContaining({
        kind: "nickname",
        id: audit_id,
        from: "",
        to: "in_review",
        by: "setnickname",
      }),
    ]);
  });

  it("an admin read that finds a move due journals it once, as the clock's", async () => {
    const { tenant, id } = await recordIn("audit", "in_review");
    await em.admin.scheduleAudit(id, { to: "approved", afterSeconds: 0 }); // due now, not yet applied
    expect((await em.admin.getAudit(id)).statusName).toBe("approved");
    await expectOnce(tenant, "audit", id, "in_review", "approved", { trigger: "clock", source: "admin" });
    const [entry] = await em.admin.journal({ tenant, limit: 1 });
    expect(entry).toMatchObject({ method: "ADMIN", path: `/__admin/audits/${id}` });
  });
});

describe("a clock-due move found by a read (running clock, in process)", () => {
  it("is journaled once, in the read's entry, as the clock's", () => {
    let wall = 1_000_000;
    const emu = new Emulator({ seed: 5, config: { clock: { frozen: false } }, wall: () => wall });
    const seen: string[] = [];
    emu.subscribe((t) => seen.push(`${t.from}->${t.to}:${t.trigger}`));
    const call = (url: string, body?: object) =>
      emu.handle({ method: "POST", url, body: Buffer.from(JSON.stringify(body ?? {})) });
    const submitted = call("/wxa/submit_audit?access_token=z");
    const auditid = JSON.parse((submitted as { body: string }).body).auditid as number;
    emu.schedule("audit", auditid, 0, { afterSeconds: 60 }, {});
    wall += 60_000;
    call("/wxa/get_auditstatus?access_token=z", { auditid });
    const entries = emu.journal.find({ endpoint: "getAuditStatus" });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.transitions).toEqual([
      expect.objectContaining({ id: auditid, from: "in_review", to: "approved", trigger: "clock" }),
    ]);
    expect(seen).toEqual(["->in_review:command", "in_review->approved:clock"]);
  });
});
