/**
 * Export and import of the whole state as JSON, record kinds taken from the list of areas.
 * Secrets are in it only as SHA-256 hashes; the stable tokens' clear values (memory only) are not
 * carried, so after an import stable_token issues a fresh one.
 */
import { SNAPSHOT_FORMAT, type Snapshot, SnapshotSchema } from "./admin/schemas.js";
import { RECORD_AREAS, RECORD_KINDS } from "./areas/index.js";
import type { VirtualClock } from "./clock.js";
import { SnapshotError } from "./errors.js";
import type { FaultRules } from "./faults.js";
import { countExceeded } from "./limit-options.js";
import type { Limits } from "./limits.js";
import type { Tracked } from "./model/lifecycle.js";
import { Store } from "./model/store.js";
import type { Writes } from "./model/writes.js";
import { Prng } from "./random.js";
import { checkIntegrity } from "./snapshot-integrity.js";

export function exportSnapshot(store: Store, seed: number | string, faults: FaultRules): Snapshot {
  const out: Record<string, unknown> = {
    format: SNAPSHOT_FORMAT,
    seed,
    prng: store.prng.state(),
    clock: store.clock.toJSON(),
  };
  for (const r of RECORD_AREAS) out[r.snapshotCounter] = store.nextId.get(r.kind.kind);
  Object.assign(out, {
    nextPendingId: store.nextPendingId,
    rules: store.rules,
    tenants: [...store.tenants.values()].map(({ clock, ...t }) => ({
      ...t,
      ...(clock && { clock: clock.toJSON() }),
    })),
  });
  for (const r of RECORD_AREAS) out[r.snapshotList] = [...store.recordsOf(r.kind.kind).values()];
  Object.assign(out, {
    tokens: [...store.tokens].map(([hash, rec]) => ({ hash, ...rec })),
    // Push settings hold the platform's token and AES key: never in a snapshot.
    platforms: [...store.platforms.values()].map(({ push: _secret, ...p }) => p),
    faults: faults.exportState(),
    quotaPools: [...store.quotaPools].map(([platform, q]) => ({ platform, ...q })),
  });
  return structuredClone(out) as Snapshot;
}

export { SnapshotError };

/**
 * A new store holding the snapshot's state, and the fault rules' state to import: validated first
 * (schema, then integrity: snapshot-integrity.ts), built aside, so nothing changes on error. Run by
 * the commit point (a `setup` change), which hands it `w`. `fork` makes a clock like the current
 * one (same wall source).
 */
export function importSnapshot(
  w: Writes,
  input: unknown,
  fork: () => VirtualClock,
  limits: Limits,
): { store: Store; faults: Snapshot["faults"] } {
  const parsed = SnapshotSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // An unknown key is named in the path, as the router names body fields; no value is quoted.
    const keys = issue.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : [];
    const message = issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
    throw new SnapshotError([...issue.path, ...keys].map(String).join("."), message);
  }
  const snap = parsed.data;
  /** The snapshot by key: each area's list and counter are found under the area's own keys. */
  const byKey = snap as unknown as Record<string, unknown>;
  // Counts first: the integrity check's work grows with them.
  checkCounts(snap, byKey, limits);
  checkIntegrity(snap);

  const clockOf = (c: { now: number; frozen: boolean }) => {
    const clock = fork();
    clock.set(c);
    return clock;
  };
  const firstIds = new Map(RECORD_AREAS.map((r) => [r.kind.kind, byKey[r.snapshotCounter] as number]));
  const store = new Store(Prng.restore(snap.prng), clockOf(snap.clock), RECORD_KINDS, firstIds);
  w.setNextPendingId(store, snap.nextPendingId);
  w.setRules(store, snap.rules);
  for (const { clock, ...t } of snap.tenants)
    w.restoreTenant(store, {
      ...t,
      // Overwrites in place (key order kept, so an export reads as it was imported).
      release: t.release,
      ...(clock && { clock: clockOf(clock) }),
    });
  for (const r of RECORD_AREAS)
    for (const a of byKey[r.snapshotList] as Tracked[])
      w.restoreRecord(store, r.kind.kind, (a as unknown as Record<string, number>)[r.idField]!, { ...a });
  for (const { hash, ...rec } of snap.tokens) w.restoreToken(store, hash, rec);
  for (const p of snap.platforms) w.putPlatform(store, p);
  for (const { platform, ...q } of snap.quotaPools) w.setPoolQuota(store, platform, q);
  return { store, faults: snap.faults };
}

/** A snapshot holding more than the limits allow (fault rules, a record's moves or history) is refused whole. */
function checkCounts(snap: Snapshot, byKey: Record<string, unknown>, limits: Limits): void {
  if (snap.faults.rules.length > limits.faultRules)
    throw countExceeded("faultRules", limits.faultRules, "fault rules", "faults.rules");
  for (const r of RECORD_AREAS)
    (byKey[r.snapshotList] as Tracked[]).forEach((rec, i) => {
      if (rec.pending.length > limits.schedulesPerRecord)
        throw countExceeded(
          "schedulesPerRecord",
          limits.schedulesPerRecord,
          "scheduled moves per record",
          `${r.snapshotList}.${i}.pending`,
        );
      if (rec.history.length > limits.historyPerRecord)
        throw countExceeded(
          "historyPerRecord",
          limits.historyPerRecord,
          "history entries per record",
          `${r.snapshotList}.${i}.history`,
        );
    });
}
