/** Small pieces: the clock's Beijing calendar, name lengths, the PRNG, snapshots, and no wall-clock reads. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beijingDayMonth, VirtualClock } from "../src/clock.js";
import { Emulator, SnapshotSchema } from "../src/index.js";
import { nameLength } from "../src/name-rules.js";
import { Prng } from "../src/random.js";
import { client, type Hosted, host } from "./helpers.js";

describe("virtual clock", () => {
  it("frozen clocks stand still; running ones follow the wall source from where they were set", () => {
    let wall = 1_000_000;
    const c = new VirtualClock({ startMs: 5_000, frozen: false, wall: () => wall });
    wall += 1500;
    expect(c.nowMs()).toBe(6_500);
    c.set({ frozen: true });
    wall += 10_000;
    expect(c.now()).toBe(6);
    c.advance(4);
    expect(c.nowMs()).toBe(10_500);
    const fork = c.fork();
    c.advance(100);
    expect(fork.nowMs()).toBe(10_500);
  });

  it("Beijing days and months", () => {
    // 2024-01-31 15:59:59Z is 23:59:59 in Beijing; one second later it is February there.
    const before = beijingDayMonth(1_706_716_799);
    const after = beijingDayMonth(1_706_716_800);
    expect(after.day).toBe(before.day + 1);
    expect(after.month).toBe(before.month + 1);
    expect(beijingDayMonth(0).month).toBe(1970 * 12);
  });
});

describe("name length and PRNG", () => {
  it("a CJK character counts 2", () => {
    expect(nameLength("abc")).toBe(3);
    expect(nameLength("腾讯")).toBe(4);
    expect(nameLength("Ａ")).toBe(2);
  });

  it("same seed, same draws; a restored state continues the sequence", () => {
    const a = Prng.fromSeed("x");
    const b = Prng.fromSeed("x");
    const first = [a.u32(), a.u32(), a.rid()];
    expect([b.u32(), b.u32(), b.rid()]).toEqual(first);
    const restored = Prng.restore(a.state());
    expect(restored.u32()).toBe(a.u32());
    expect(Prng.fromSeed("y").u32()).not.toBe(Prng.fromSeed("x").u32());
  });
});

describe("snapshots", () => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host("listener", { seed: 21 });
  });
  afterAll(() => em.close());

  it("export, reset, import: the same state answers the same", async () => {
    const c = client(em.url, "snap-token");
    const { auditid } = await c.submitAudit({ version_desc: "snap" });
    await em.admin.scheduleAudit(auditid, { to: "approved", afterSeconds: 50 });
    await em.admin.addFault({ endpoint: "queryQuota", errcode: -1, times: 1 });
    const snap = await em.admin.exportSnapshot();
    expect(SnapshotSchema.safeParse(snap).success).toBe(true);
    await em.admin.reset();
    expect(await em.admin.tenants()).toEqual([]);
    await em.admin.importSnapshot(snap);
    expect((await c.getLatestAuditStatus()).auditid).toBe(auditid);
    expect((await em.admin.advanceClock(50)).fired).toHaveLength(1);
    expect(await em.admin.listFaults()).toHaveLength(1);
    const next = await c.submitAudit({}).catch(() => undefined);
    expect(next).toBeDefined();
    expect(JSON.stringify(await em.admin.exportSnapshot())).not.toContain("snap-token");
  });

  it("refuses a bad snapshot naming the field, and changes nothing", async () => {
    const snap = await em.admin.exportSnapshot();
    await expect(em.admin.importSnapshot({ ...snap, format: "v0" } as never)).rejects.toMatchObject({
      status: 400,
      field: "body.format",
    });
    const broken = structuredClone(snap);
    broken.audits.push({ ...broken.audits[0]!, auditid: 77, tenant: "ghost" });
    await expect(em.admin.importSnapshot(broken)).rejects.toMatchObject({ field: "body.audits.2.tenant" });
    expect(await em.admin.exportSnapshot()).toEqual(snap);
  });
});

describe("the emulator reads no wall clock outside clock.ts", () => {
  it("no Date.now() or new Date() in src/ except the one wall source", () => {
    const src = fileURLToPath(new URL("../src", import.meta.url));
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
      );
    for (const file of files(src)) {
      const text = readFileSync(file, "utf8");
      const hits = text.match(/Date\.now\(\)|new Date\(/g) ?? [];
      expect(hits.length, file).toBe(file.endsWith("clock.ts") ? 1 : 0);
    }
  });

  it("an Emulator can be driven in-process with its own wall source", () => {
    let wall = 0;
    const em = new Emulator({ wall: () => wall });
    const a = em.handle({ method: "GET", url: "/wxa/queryquota?access_token=z", body: undefined });
    expect(a.kind).toBe("reply");
    wall += 60_000;
    expect(em.clockState().now).toBe(60);
  });
});
