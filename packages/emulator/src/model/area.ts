/**
 * An area of the emulator (code audit, nickname, tokens, release): its WeChat handlers and,
 * when it keeps records with a lifecycle, how they are numbered, seeded from the config, shown,
 * and carried in snapshots. Snapshot, admin views and the handler table are built from the list
 * of areas (areas/index.ts); the areas' admin routes are listed in areas/admin-routes.ts, kept
 * apart so the WeChat surface starts without loading the admin schemas.
 */

import type { z } from "zod";
import type { HandlerTable } from "../areas/context.js";
import type { TenantConfig } from "../config.js";
import type { MessageEventBody } from "../push/events.js";
import type { AnyLifecycle, Tracked } from "./lifecycle.js";
import type { RecordKind, Store, Tenant } from "./store.js";
import type { Writes } from "./writes.js";

export interface RecordArea<R extends Tracked = Tracked> {
  readonly kind: RecordKind;
  readonly machine: AnyLifecycle;
  /** The id field of a record (`auditid`), also in the config's list. */
  readonly idField: string;
  /** Where the records travel in a snapshot and the config, and the snapshot key of the id counter. */
  readonly snapshotList: string;
  readonly snapshotCounter: string;
  readonly configList: "audits" | "nicknameAudits";
  /** The admin API's path segment for these records (`/__admin/audits/{id}`). */
  readonly adminPath: string;
  /** A record as the admin API shows it and a snapshot carries it. */
  readonly schema: z.ZodType;
  /** Creates the tenant's configured records (no transition: this is the starting state), with the writers the commit point hands it. */
  seed(w: Writes, store: Store, t: Tenant, config: TenantConfig): void;
  /** How the admin API shows a record: itself, with state names beside numbers. */
  view(record: R): Record<string, unknown>;
  /** What WeChat pushes when a record has just moved (into its current state) at `at`; nothing if undefined. */
  pushEvent?(record: R, at: number): MessageEventBody | undefined;
}

export interface Area {
  readonly name: string;
  readonly handlers: Partial<HandlerTable>;
  // biome-ignore lint/suspicious/noExplicitAny: areas of different record types in one list
  readonly records?: RecordArea<any>;
}
