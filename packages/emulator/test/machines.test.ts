/**
 * The two audit machines on their own (no server): what a move into each state carries (`details`)
 * and how it is written into the record (`apply`), including texts a caller gave for a state that
 * has none and a pending move from a snapshot that carries none. The table itself (legal and
 * illegal moves) is driven through the admin API in state-machines.test.ts.
 */
import { AuditStatus, NicknameAuditStat } from "@wxa-audit/core";
import { describe, expect, it } from "vitest";
import { AUDIT_MACHINE } from "../src/areas/code-audit/machine.js";
import type { AuditSheet } from "../src/areas/code-audit/model.js";
import { NICKNAME_MACHINE, NICKNAME_TARGET_NAMES } from "../src/areas/nickname/machine.js";
import type { NicknameAudit } from "../src/areas/nickname/model.js";
import type { Store } from "../src/model/store.js";
import { Prng } from "../src/random.js";

/** All `details` reads of the store is its PRNG (for drawn texts); `apply` reads nothing. */
const store = () => ({ prng: Prng.fromSeed("machines") }) as unknown as Store;

const sheet = (over: Partial<AuditSheet> = {}): AuditSheet => ({
  auditid: 7,
  tenant: "t",
  status: AuditStatus.Deferred,
  reason: "old reason",
  screenshot: "old|ids",
  submitTime: 0,
  userVersion: "1.0.0",
  userDesc: "",
  spedUp: false,
  reads: 0,
  pending: [],
  history: [],
  ...over,
});

const nickname = (over: Partial<NicknameAudit> = {}): NicknameAudit => ({
  audit_id: 9,
  tenant: "t",
  nickname: "新名字",
  stat: NicknameAuditStat.InReview,
  fail_reason: "",
  create_time: 0,
  audit_time: 0,
  reads: 0,
  pending: [],
  history: [],
  ...over,
});

describe("code audit machine", () => {
  const given = { reason: "given", screenshot: "a|b" };

  it("a rejection carries a reason and media ids, given or drawn", () => {
    expect(AUDIT_MACHINE.details(store(), AuditStatus.Rejected, given)).toEqual(given);
    const drawn = AUDIT_MACHINE.details(store(), AuditStatus.Rejected, {});
    expect(drawn.reason).not.toBe("");
    expect(drawn.screenshot).toMatch(/^[0-9A-Za-z]{64}(\|[0-9A-Za-z]{64}){0,2}$/);
  });

  it("a deferral carries a reason, never media ids", () => {
    expect(AUDIT_MACHINE.details(store(), AuditStatus.Deferred, given)).toEqual({
      reason: "given",
      screenshot: "",
    });
    expect(AUDIT_MACHINE.details(store(), AuditStatus.Deferred, {}).reason).not.toBe("");
  });

  it("any other move carries no texts, even when the caller gave some", () => {
    for (const to of [AuditStatus.Approved, AuditStatus.InReview, AuditStatus.Withdrawn])
      expect(AUDIT_MACHINE.details(store(), to, given), String(to)).toEqual({ reason: "", screenshot: "" });
  });

  it("apply writes the state and the texts, clearing old ones a move does not carry", () => {
    const s = sheet();
    AUDIT_MACHINE.apply(store(), s, AuditStatus.Rejected, given, 100);
    expect(s).toMatchObject({ status: AuditStatus.Rejected, reason: "given", screenshot: "a|b" });
    // A pending move restored from a snapshot may carry no texts at all.
    const back = sheet();
    AUDIT_MACHINE.apply(store(), back, AuditStatus.InReview, {}, 100);
    expect(back).toMatchObject({ status: AuditStatus.InReview, reason: "", screenshot: "" });
  });
});

describe("nickname audit machine", () => {
  it("a failure carries a reason, given or drawn; a success none, even when one is given", () => {
    expect(NICKNAME_MACHINE.details(store(), NicknameAuditStat.Failed, { reason: "r" })).toEqual({
      reason: "r",
    });
    expect(NICKNAME_MACHINE.details(store(), NicknameAuditStat.Failed, {}).reason).not.toBe("");
    expect(NICKNAME_MACHINE.details(store(), NicknameAuditStat.Succeeded, { reason: "r" })).toEqual({
      reason: "",
    });
  });

  it("apply writes the state and the audit time; only a failure keeps a reason", () => {
    const failed = nickname();
    NICKNAME_MACHINE.apply(store(), failed, NicknameAuditStat.Failed, { reason: "r" }, 123);
    expect(failed).toMatchObject({ stat: NicknameAuditStat.Failed, fail_reason: "r", audit_time: 123 });
    const bare = nickname({ fail_reason: "old" });
    NICKNAME_MACHINE.apply(store(), bare, NicknameAuditStat.Failed, {}, 5); // a snapshot's move
    expect(bare.fail_reason).toBe("");
    const ok = nickname({ fail_reason: "old" });
    NICKNAME_MACHINE.apply(store(), ok, NicknameAuditStat.Succeeded, { reason: "r" }, 124);
    expect(ok).toMatchObject({ stat: NicknameAuditStat.Succeeded, fail_reason: "", audit_time: 124 });
  });

  it("a success renames the tenant to the audited name; a failure changes nothing else", () => {
    const a = nickname({ tenant: "wxa", nickname: "好名字" });
    expect(NICKNAME_MACHINE.effects!(a, NicknameAuditStat.Succeeded)).toEqual([
      { kind: "rename", tenant: "wxa", to: "好名字" },
    ]);
    expect(NICKNAME_MACHINE.effects!(a, NicknameAuditStat.Failed)).toEqual([]);
  });

  it("an admin command may move a nickname audit to its final states only", () => {
    expect([...NICKNAME_TARGET_NAMES].sort()).toEqual(["failed", "succeeded"]);
  });
});
