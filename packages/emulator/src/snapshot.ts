/**
 * Export and import of the whole state as JSON. Secrets are in it only as SHA-256 hashes; the
 * stable tokens' clear values (memory only) are not carried, so after an import stable_token
 * issues a fresh one.
 */
import type { AuditStatus, NicknameAuditStat } from "@wxa-audit/core/tables";
import { SNAPSHOT_FORMAT, type Snapshot, SnapshotSchema } from "./admin/schemas.js";
import type { VirtualClock } from "./clock.js";
import type { Emulator } from "./emulator.js";
import { Prng } from "./random.js";
import { EmulatorState } from "./state.js";

export function exportSnapshot(em: Emulator): Snapshot {
  const s = em.state;
  return structuredClone({
    format: SNAPSHOT_FORMAT,
    seed: em.seed,
    prng: s.prng.state(),
    clock: s.clock.toJSON(),
    nextAuditId: s.nextAuditId,
    nextNicknameAuditId: s.nextNicknameAuditId,
    nextPendingId: s.nextPendingId,
    rules: s.rules,
    tenants: [...s.tenants.values()].map(({ clock, ...t }) => ({
      ...t,
      ...(clock && { clock: clock.toJSON() }),
    })),
    audits: [...s.audits.values()],
    nicknameAudits: [...s.nicknameAudits.values()],
    tokens: [...s.tokens].map(([hash, rec]) => ({ hash, ...rec })),
    platforms: [...s.platforms.values()],
    faults: em.faults.exportState(),
  }) as Snapshot;
}

export class SnapshotError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Replaces the whole state with the snapshot's (validated first; nothing changes on error). */
export function importSnapshot(em: Emulator, input: unknown): void {
  const parsed = SnapshotSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SnapshotError(issue.path.join("."), issue.message);
  }
  const snap = parsed.data;
  const tenantNames = new Set(snap.tenants.map((t) => t.name));
  snap.audits.forEach((a, i) => {
    if (!tenantNames.has(a.tenant)) throw new SnapshotError(`audits.${i}.tenant`, `no tenant ${a.tenant}`);
  });
  snap.nicknameAudits.forEach((a, i) => {
    if (!tenantNames.has(a.tenant))
      throw new SnapshotError(`nicknameAudits.${i}.tenant`, `no tenant ${a.tenant}`);
  });
  const auditIds = new Set(snap.audits.map((a) => a.auditid));
  const nickIds = new Set(snap.nicknameAudits.map((a) => a.audit_id));
  snap.tenants.forEach((t, i) => {
    t.auditIds.forEach((id, j) => {
      if (!auditIds.has(id)) throw new SnapshotError(`tenants.${i}.auditIds.${j}`, `no audit ${id}`);
    });
    t.nicknameAuditIds.forEach((id, j) => {
      if (!nickIds.has(id))
        throw new SnapshotError(`tenants.${i}.nicknameAuditIds.${j}`, `no nickname audit ${id}`);
    });
  });

  const clockOf = (c: { now: number; frozen: boolean }) => {
    const clock = em.state.clock.fork();
    clock.set(c);
    return clock;
  };
  const shared: VirtualClock = clockOf(snap.clock);
  const state = new EmulatorState(Prng.restore(snap.prng), shared);
  state.nextAuditId = snap.nextAuditId;
  state.nextNicknameAuditId = snap.nextNicknameAuditId;
  state.nextPendingId = snap.nextPendingId;
  state.rules = snap.rules;
  for (const { clock, ...t } of snap.tenants)
    state.tenants.set(t.name, { ...t, ...(clock && { clock: clockOf(clock) }) });
  for (const a of snap.audits) state.audits.set(a.auditid, { ...a, status: a.status as AuditStatus });
  for (const a of snap.nicknameAudits)
    state.nicknameAudits.set(a.audit_id, { ...a, stat: a.stat as NicknameAuditStat });
  for (const { hash, ...rec } of snap.tokens) state.tokens.set(hash, rec);
  for (const p of snap.platforms) state.platforms.set(p.appid, p);
  em.state = state;
  em.faults.importState(snap.faults);
}
