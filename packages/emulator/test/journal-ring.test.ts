/**
 * The journal's ring buffer on its own: eviction by entries and by bytes, oversized fields left
 * out, filters, and clearing one tenant's entries while keeping the others' in order.
 */
import { describe, expect, it } from "vitest";
import { Journal, type JournalEntry } from "../src/journal.js";

type NewEntry = Omit<JournalEntry, "seq">;
const entry = (over: Partial<NewEntry> = {}): NewEntry => ({
  source: "wechat",
  at: 0,
  method: "POST",
  path: "/wxa/queryquota",
  endpoint: "queryQuota",
  tenant: "a",
  request: undefined,
  status: 200,
  errcode: 0,
  answer: undefined,
  fault: undefined,
  transitions: [],
  changes: [],
  ...over,
});
const journal = (journalEntries: number, journalBytes = 1e9, journalFieldBytes = 1e6) =>
  new Journal({ journalEntries, journalBytes, journalFieldBytes });
const seqs = (j: Journal) => [...j.entries()].map((e) => e.seq);
/** The bytes one entry is reckoned at. */
const sizeOf = (e: NewEntry, fieldBytes = 1e6) => {
  const j = journal(1, 1e9, fieldBytes);
  j.record(structuredClone(e));
  return j.bytes;
};

describe("journal ring buffer", () => {
  it("keeps the newest `journalEntries`, oldest first, across several wraps", () => {
    const j = journal(3);
    for (let i = 0; i < 8; i++) j.record(entry({ at: i }));
    expect(seqs(j)).toEqual([6, 7, 8]);
    expect([...j.entries()].map((e) => e.at)).toEqual([5, 6, 7]);
    expect(j.find().map((e) => e.seq)).toEqual([6, 7, 8]);
    expect(j.count()).toBe(3);
    expect(j.bytes).toBe(3 * sizeOf(entry()));
  });

  it("a capacity of 0 keeps nothing", () => {
    const j = journal(0);
    j.record(entry());
    expect(seqs(j)).toEqual([]);
    expect(j.bytes).toBe(0);
  });

  it("evicts the oldest entries until the new one fits in journalBytes", () => {
    const one = sizeOf(entry());
    const big = entry({ request: { blob: "x".repeat(100) } }); // more than one entry, less than two
    const j = journal(100, 3 * one);
    for (let i = 0; i < 3; i++) j.record(entry());
    expect(seqs(j)).toEqual([1, 2, 3]);
    expect(j.bytes).toBe(3 * one);
    j.record(entry()); // exactly at the bound after one eviction
    expect(seqs(j)).toEqual([2, 3, 4]);
    j.record(big); // needs two slots' worth
    expect(seqs(j)).toEqual([4, 5]);
    expect(j.bytes).toBe(one + sizeOf(big));
    expect(j.bytes).toBeLessThanOrEqual(3 * one);
  });

  it("an entry larger than journalBytes on its own is still kept, alone", () => {
    const one = sizeOf(entry());
    const j = journal(10, one - 1);
    j.record(entry());
    j.record(entry());
    expect(seqs(j)).toEqual([2]);
  });

  it("counts the request as the caller sized it, and every transition and change", () => {
    const base = sizeOf(entry({ request: {} }));
    const j = journal(10);
    j.record(entry({ request: {} }), 1000);
    expect(j.bytes).toBe(base - 2 + 1000);
    const withChanges = sizeOf(
      entry({ changes: [{}, {}] as unknown as NewEntry["changes"], transitions: [{}] as never }),
    );
    expect(withChanges).toBeGreaterThan(sizeOf(entry()));
    const withOneChange = sizeOf(entry({ changes: [{}] as unknown as NewEntry["changes"] }));
    expect(withChanges - sizeOf(entry())).toBe(3 * (withOneChange - sizeOf(entry())));
    const pushed = (answer: string) =>
      sizeOf(
        entry({
          source: "push",
          push: { delivery: 1, attempt: 1, event: "e", outcome: "success", answer },
        }),
      );
    expect(pushed("x".repeat(100)) - pushed("")).toBe(100);
    expect(sizeOf(entry({ path: "/a/longer/path" })) - sizeOf(entry({ path: "/a" }))).toBe(12);
    // a 47001's detail is kept in the entry, so it counts toward journalBytes too
    expect(sizeOf(entry({ detail: "x".repeat(40) })) - sizeOf(entry())).toBe(40);
  });
});

describe("journal field limit", () => {
  it("leaves out a request or answer over journalFieldBytes and says how large it was", () => {
    const j = journal(10, 1e9, 100);
    const small = { a: "x" };
    const large = { a: "x".repeat(200) };
    j.record(entry({ request: large, answer: small }));
    j.record(entry({ request: small, answer: large }));
    j.record(entry({ request: large, answer: large }));
    j.record(entry({ request: small, answer: small }));
    const [e1, e2, e3, e4] = [...j.entries()];
    expect(e1).toMatchObject({ request: undefined, answer: small });
    expect(e1!.elided).toEqual({ request: expect.any(Number) });
    expect(e1!.elided!.request).toBeGreaterThan(100);
    expect(e2).toMatchObject({ request: small, answer: undefined });
    expect(e2!.elided).toEqual({ answer: expect.any(Number) });
    expect(e3!.elided).toEqual({ request: expect.any(Number), answer: expect.any(Number) });
    expect(e3).toMatchObject({ request: undefined, answer: undefined });
    expect(e4).not.toHaveProperty("elided");
    // an elided field costs nothing in the byte bound
    expect(sizeOf(entry({ request: large }), 100)).toBe(sizeOf(entry()));
    expect(sizeOf(entry({ answer: large }), 100)).toBe(sizeOf(entry()));
    expect(sizeOf(entry({ answer: small }), 100)).toBeGreaterThan(sizeOf(entry()));
  });

  it("a field exactly at the limit is kept; the caller's size decides for the request", () => {
    const field = { a: "xx" };
    const exact = sizeOf(entry({ answer: field })) - sizeOf(entry());
    const j = journal(10, 1e9, exact);
    j.record(entry({ request: field, answer: field }));
    j.record(entry({ request: field }), exact + 1);
    const [kept, elided] = [...j.entries()];
    expect(kept).toMatchObject({ request: field, answer: field });
    expect(elided).toMatchObject({ request: undefined, elided: { request: exact + 1 } });
  });
});

describe("journal filters", () => {
  it("filters by endpoint, tenant, errcode and fault; limit keeps the newest matches", () => {
    const j = journal(20);
    j.record(entry({ tenant: "a", errcode: 0 }));
    j.record(entry({ tenant: "b", errcode: -1, fault: "f1" }));
    j.record(entry({ tenant: "a", errcode: -1, fault: "f1", endpoint: "getAuditStatus" }));
    j.record(entry({ tenant: "a", errcode: 0 }));
    const find = (f: Parameters<Journal["find"]>[0]) => j.find(f).map((e) => e.seq);
    expect(find({ tenant: "a" })).toEqual([1, 3, 4]);
    expect(find({ errcode: -1 })).toEqual([2, 3]);
    expect(find({ fault: "f1", tenant: "a" })).toEqual([3]);
    expect(find({ endpoint: "queryQuota" })).toEqual([1, 2, 4]);
    expect(find({ tenant: "a", limit: 2 })).toEqual([3, 4]);
    expect(find({ tenant: "a", limit: 0 })).toEqual([]);
    expect(find({ tenant: "a", limit: 10 })).toEqual([1, 3, 4]);
    expect(j.count({ tenant: "a" })).toBe(3);
    expect(j.count({ tenant: "a", limit: 2 })).toBe(2);
    expect(j.count({ tenant: "a", limit: 10 })).toBe(3);
    expect(j.count({ tenant: "c" })).toBe(0);
  });
});

describe("journal clearing", () => {
  it("clearing one tenant keeps the other tenants' entries, in order, and their bytes", () => {
    const j = journal(4);
    for (let i = 0; i < 6; i++) j.record(entry({ tenant: i % 2 === 0 ? "a" : "b" })); // wrapped
    expect(seqs(j)).toEqual([3, 4, 5, 6]);
    j.clear((e) => e.tenant !== "b"); // the oldest entry of the full ring is kept
    expect(seqs(j)).toEqual([3, 5]);
    expect(j.bytes).toBe(2 * sizeOf(entry()));
    // the ring goes on from there: new entries after the kept ones, the oldest evicted first
    for (let i = 0; i < 3; i++) j.record(entry({ tenant: "c" }));
    expect(seqs(j)).toEqual([5, 7, 8, 9]);
    expect(j.bytes).toBe(4 * sizeOf(entry()));
  });

  it("clearing everything empties the journal; sequence numbers go on", () => {
    const j = journal(4);
    j.record(entry());
    j.record(entry());
    j.clear();
    expect(seqs(j)).toEqual([]);
    expect(j.bytes).toBe(0);
    j.record(entry());
    expect(seqs(j)).toEqual([3]);
  });
});
