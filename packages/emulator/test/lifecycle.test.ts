/**
 * The generic lifecycle on its own: a machine is a table plus guards, and a guard may look at
 * another machine's records (the release step will need an approved code audit). Driven
 * in-process with a frozen clock: nothing here waits.
 */
import { AuditStatus } from "@wxa-audit/core";
import { describe, expect, it } from "vitest";
import { AUDIT_MACHINE } from "../src/areas/code-audit/machine.js";
import { AUDITS, type AuditSheet, auditsOf, newAudit } from "../src/areas/code-audit/model.js";
import { VirtualClock } from "../src/clock.js";
import {
  type Change,
  type Fired,
  IllegalTransitionError,
  type Lifecycle,
  move,
  schedule,
  settle,
  type Tracked,
} from "../src/model/lifecycle.js";
import { Store } from "../src/model/store.js";
import { WRITES } from "../src/model/writes.js";
import { Prng } from "../src/random.js";

interface Release extends Tracked {
  id: number;
  state: 0 | 1 | 2;
}
const NAMES = ["committed", "released", "reverted"] as const;

/** A toy release machine: committed -> released (only with an approved audit) -> reverted. */
const RELEASE: Lifecycle<0 | 1 | 2, Release> = {
  kind: "release",
  noun: "release",
  moves: { 0: [1], 1: [2], 2: [] },
  guards: [
    {
      to: 1,
      refuse: (r, store) =>
        [...auditsOf(store).values()].some((a) => a.tenant === r.tenant && a.status === AuditStatus.Approved)
          ? undefined
          : "no approved code audit",
    },
  ],
  name: (s) => NAMES[s],
  id: (r) => r.id,
  state: (r) => r.state,
  details: () => ({}),
  apply: (_store, r, to) => {
    r.state = to;
  },
};

function world() {
  const store = new Store(Prng.fromSeed(1), new VirtualClock({ startMs: 0, frozen: true }), [AUDITS]);
  const t = WRITES.putTenant(store, { name: "wxapp" });
  const log: string[] = [];
  // A minimal commit point: apply, then record.
  const commit = <S extends number, R extends Tracked>(c: Change<S, R>): Fired => {
    const from = c.machine.name(c.machine.state(c.record));
    c.machine.apply(store, c.record, c.to, c.details, 0);
    log.push(`${from}->${c.machine.name(c.to)} (${c.cause.trigger})`);
    return { kind: c.machine.kind, id: c.machine.id(c.record), from, to: c.machine.name(c.to) };
  };
  const release: Release = { id: 1, state: 0, tenant: t.name, reads: 0, pending: [], history: [] };
  /** A stored audit (the real commit point stores a new record with its creation). */
  const stored = (): AuditSheet => {
    const audit = newAudit(store, t, {});
    return WRITES.insertRecord(store, AUDITS, audit.auditid, audit, t);
  };
  return { store, t, log, commit, release, stored };
}

describe("a lifecycle table with a guard across machines", () => {
  it("refuses the move while the other machine is not there, naming why", () => {
    const { store, commit, release } = world();
    const cause = { trigger: "command", by: "test" } as const;
    expect(() => move(RELEASE, store, commit, release, 1, {}, cause)).toThrow(
      new IllegalTransitionError("release", 1, "committed", "released", "release", "no approved code audit"),
    );
  });

  it("allows it once the code audit is approved; the table still refuses what it does not list", () => {
    const { store, commit, log, release, stored } = world();
    const audit: AuditSheet = stored();
    move(AUDIT_MACHINE, store, commit, audit, AuditStatus.Approved, {}, { trigger: "command", by: "admin" });
    move(RELEASE, store, commit, release, 1, {}, { trigger: "command", by: "test" });
    expect(() => move(RELEASE, store, commit, release, 0, {}, { trigger: "command", by: "test" })).toThrow(
      /release 1 is released; it cannot move to committed/,
    );
    expect(log).toEqual(["in_review->approved (command)", "committed->released (command)"]);
  });

  it("a scheduled move checks the guard when scheduled and again when it falls due", () => {
    const { store, commit, log, release, stored } = world();
    expect(() => schedule(RELEASE, store, release, 1, { afterReads: 0 }, {})).toThrow(
      /no approved code audit/,
    );
    const audit = stored();
    move(AUDIT_MACHINE, store, commit, audit, AuditStatus.Approved, {}, { trigger: "command", by: "admin" });
    schedule(RELEASE, store, release, 1, { afterReads: 0 }, {});
    settle(RELEASE, store, commit, release, true);
    expect(release.state).toBe(1);
    expect(log.at(-1)).toBe("committed->released (reads)");
  });
});
