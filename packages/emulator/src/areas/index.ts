/**
 * The list of areas. Everything per-area is built from it: the WeChat handler table (complete by
 * type: a missing endpoint fails to compile), the record kinds of the store, snapshots, admin
 * views and the area admin routes. A new area is one folder and one line here (as release was).
 */
import type { Area, RecordArea } from "../model/area.js";
import { type CommitTransition, settle } from "../model/lifecycle.js";
import type { RecordKind, Store, Tenant } from "../model/store.js";
import { CODE_AUDIT_AREA } from "./code-audit/index.js";
import type { HandlerTable } from "./context.js";
import { NICKNAME_AREA } from "./nickname/index.js";
import { RELEASE_AREA } from "./release/index.js";
import { TOKENS_AREA } from "./tokens/index.js";

/** Order matters for determinism: record kinds draw their first ids from the PRNG in this order. */
export const AREAS = [
  CODE_AUDIT_AREA,
  NICKNAME_AREA,
  TOKENS_AREA,
  RELEASE_AREA,
] as const satisfies readonly Area[];

/** The record-keeping areas, with their literal names (snapshot keys, tenant lists, schemas). */
export type RecordAreas = Extract<(typeof AREAS)[number], { records: unknown }>["records"];
export const RECORD_AREAS: readonly RecordArea[] = (AREAS as readonly Area[]).flatMap((a) =>
  a.records ? [a.records] : [],
);
export const RECORD_KINDS: readonly RecordKind[] = RECORD_AREAS.map((r) => r.kind);

export function recordArea(kind: string): RecordArea {
  const area = RECORD_AREAS.find((r) => r.kind.kind === kind);
  if (!area) throw new Error(`no record kind ${kind}`);
  return area;
}

/** Every endpoint of core's table, answered by its area's handler (a missing one fails to compile). */
export const HANDLERS: HandlerTable = {
  ...CODE_AUDIT_AREA.handlers,
  ...NICKNAME_AREA.handlers,
  ...TOKENS_AREA.handlers,
  ...RELEASE_AREA.handlers,
};

/** Settles every record of a tenant with pending moves (newest first), before it is acted on. */
export function settleTenant(store: Store, commit: CommitTransition, t: Tenant): void {
  for (const r of RECORD_AREAS) {
    const records = store.recordsOf(r.kind.kind);
    const ids = t[r.kind.tenantList];
    for (let i = ids.length - 1; i >= 0; i--) {
      const rec = records.get(ids[i]!);
      if (rec && rec.pending.length > 0) settle(r.machine, store, commit, rec, false);
    }
  }
}
