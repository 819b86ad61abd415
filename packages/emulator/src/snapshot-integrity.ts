/**
 * What a snapshot's schema cannot see: whether its parts fit together as the store keeps them.
 * Each tenant name, record id, token hash, platform appid, pending move id and fault rule id is
 * given once; every record belongs to a known tenant and is listed by that tenant, and by no other
 * (tenants sharing an audit would see each other's moves); a pending move goes to a state of its
 * machine and is numbered below `nextPendingId` (so a new one never takes its number); a token
 * other than a platform's belongs to a known tenant; a fault rule is numbered below `faults.next`.
 * The first problem found is thrown as a SnapshotError naming its path; the message quotes no hash.
 */
import type { Snapshot } from "./admin/schemas.js";
import { RECORD_AREAS } from "./areas/index.js";
import { releaseProblem } from "./areas/release/integrity.js";
import { SnapshotError } from "./errors.js";
import type { Tracked } from "./model/lifecycle.js";

const fail = (field: string, message: string): never => {
  throw new SnapshotError(field, message);
};

/** Where each value was first seen; a second sighting fails, naming both. */
function once<K>(seen: Map<K, string>, key: K, path: string, what: string): void {
  const first = seen.get(key);
  if (first !== undefined) fail(path, `${what} (first at ${first})`);
  seen.set(key, path);
}

export function checkIntegrity(snap: Snapshot): void {
  const tenants = new Map<string, string>();
  snap.tenants.forEach((t, i) => {
    once(tenants, t.name, `tenants.${i}.name`, "tenant name repeated");
  });

  const pendingIds = new Map<number, string>();
  const byKey = snap as unknown as Record<string, ReadonlyArray<Tracked & Record<string, unknown>>>;
  for (const r of RECORD_AREAS) {
    const { snapshotList: list, idField, machine } = r;
    const { tenantList } = r.kind;
    const records = byKey[list]!;
    const states = new Set(Object.keys(machine.moves).map(Number));
    const recordAt = new Map<number, string>();
    const ownerOf = new Map<number, string>();
    records.forEach((rec, i) => {
      const id = rec[idField] as number;
      once(recordAt, id, `${list}.${i}.${idField}`, `${machine.noun} id repeated`);
      ownerOf.set(id, rec.tenant);
      if (!tenants.has(rec.tenant)) fail(`${list}.${i}.tenant`, `no tenant ${rec.tenant}`);
      rec.pending.forEach((p, k) => {
        const at = `${list}.${i}.pending.${k}`;
        if (!states.has(p.to)) fail(`${at}.to`, `not a state of ${machine.noun}s`);
        if (p.id >= snap.nextPendingId) fail(`${at}.id`, "pending move numbered at or past nextPendingId");
        once(pendingIds, p.id, `${at}.id`, "pending move id repeated");
      });
    });
    const listedBy = new Map<number, string>();
    snap.tenants.forEach((t, i) => {
      t[tenantList].forEach((id, j) => {
        const path = `tenants.${i}.${tenantList}.${j}`;
        const owner = ownerOf.get(id);
        if (owner === undefined) fail(path, `no ${machine.noun} ${id}`);
        once(listedBy, id, path, `${machine.noun} ${id} listed twice`);
        if (owner !== t.name) fail(path, `${machine.noun} ${id} belongs to tenant ${owner}`);
      });
    });
    records.forEach((rec, i) => {
      const id = rec[idField] as number;
      if (!listedBy.has(id))
        fail(`${list}.${i}.tenant`, `${machine.noun} ${id} is not in its tenant's ${tenantList}`);
    });
  }

  snap.tenants.forEach((t, i) => {
    const problem = t.release && releaseProblem(t.release, t.auditIds);
    if (problem) fail(`tenants.${i}.release.${problem.field}`, problem.message);
  });

  const hashes = new Map<string, string>();
  snap.tokens.forEach((t, i) => {
    once(hashes, t.hash, `tokens.${i}.hash`, "token hash repeated");
    // A platform's token may name a platform the emulator never knew (lenient mode); others a tenant.
    if (t.kind !== "component" && !tenants.has(t.owner)) fail(`tokens.${i}.owner`, `no tenant ${t.owner}`);
  });
  const platforms = new Map<string, string>();
  snap.platforms.forEach((p, i) => {
    once(platforms, p.appid, `platforms.${i}.appid`, "platform appid repeated");
  });
  const pools = new Map<string, string>();
  snap.quotaPools.forEach((q, i) => {
    once(pools, q.platform, `quotaPools.${i}.platform`, "platform's quota repeated");
  });

  const rules = new Map<string, string>();
  snap.faults.rules.forEach((rule, i) => {
    const path = `faults.rules.${i}.id`;
    const n = /^f([1-9][0-9]{0,15})$/.exec(rule.id)?.[1];
    if (n === undefined) fail(path, "a fault rule id is f followed by its number");
    if (Number(n) >= snap.faults.next) fail(path, "fault rule numbered at or past faults.next");
    once(rules, rule.id, path, "fault rule id repeated");
  });
}
