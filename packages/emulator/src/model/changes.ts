/**
 * The changes besides transitions that the commit point applies (model/commit-point.ts), as a small
 * union: a tenant's counters, a record's flag, a direct rename, a token issued, and set-up. Each
 * is a `Write` going in (what to change, some of it secret: a token's hash, a stable token, a
 * tenant's config) and a `Recorded` coming out (what the journal keeps and subscribers receive:
 * the appid, the kind, counts; never a token, secret, ticket or refresh token, nor their hashes).
 */
import type { ReleaseState, ReleaseStep } from "../areas/release/state.js";
import type { PlatformConfig, TenantConfig } from "../config.js";
import type { FaultRule, FaultRules } from "../faults.js";
import type { NameRules } from "../name-rules.js";
import type { Cause, Committed } from "./lifecycle.js";
import type { QuotaCounters, Tenant, TokenAccess, TokenKind } from "./store.js";
import type { Writes } from "./writes.js";

export type { QuotaCounters };
export type UndoCounters = Tenant["undo"];
export type CheckCounters = Tenant["checks"];
export type StableRefreshCounters = NonNullable<Tenant["stableRefresh"]>;

/**
 * A tenant's counter group, set to new values (quota used, undo counts, name checks). With
 * `platform`, the quota is that platform's, shared by its mini programs; `tenant` spent it.
 */
export type CounterChange =
  | { kind: "counter"; tenant: string; counter: "quota"; to: QuotaCounters; platform?: string }
  | { kind: "counter"; tenant: string; counter: "undo"; to: UndoCounters }
  | { kind: "counter"; tenant: string; counter: "checks"; to: CheckCounters }
  | { kind: "counter"; tenant: string; counter: "stableRefresh"; to: StableRefreshCounters };

/** A record's flag (an audit's `spedUp`). */
export interface FlagChange {
  kind: "flag";
  tenant: string;
  record: { kind: string; id: number };
  flag: "spedUp";
  to: boolean;
}

/**
 * A tenant's nickname, applied at once (setnickname with a clear name, or a succeeded audit); it
 * counts toward the tenant's renames of the year (`Tenant.renames`).
 */
export interface RenameChange {
  kind: "rename";
  tenant: string;
  to: string;
}

/**
 * A release step (areas/release): the tenant's release state set to new values, with the tenant
 * facts it settles: code committed (commit, so submit_audit may follow), released (release, so
 * setnickname answers 91002), and the version the uploaded code carries into the next audit.
 */
export interface ReleaseChange {
  kind: "release";
  tenant: string;
  step: ReleaseStep;
  to: ReleaseState;
  flags?: { codeCommitted?: boolean; released?: boolean };
  userVersion?: string;
}

/**
 * A token issued to `tenant` (an appid; a platform for component tokens). Kind and expiry only;
 * `supersede`: the owner's earlier tokens of this kind stop at once (stable_token force_refresh).
 */
export interface TokenChange {
  kind: "token";
  tenant: string;
  tokenKind: TokenKind;
  expiresAtMs: number;
  supersede?: true;
}

export type SetupWhat =
  | "tenant"
  | "platform"
  | "reset"
  | "snapshot"
  | "name-rules"
  | "fault-add"
  | "fault-remove"
  | "faults-clear"
  | "own-clock"
  | "verify-ticket"
  | "token-access"
  | "evict";

/**
 * Set-up: a tenant created (config, admin, or lenient mode), a platform added, a reset, a snapshot
 * imported, name rules or fault rules changed, a lenient tenant evicted (`evict`, past
 * limits.lenientTenants or limits.lenientTenantBytes). `tenant` files it under that tenant; `target` names
 * the tenant a reset forgot (filed under none: the reset clears that tenant's journal); `id` is a
 * fault rule's, or the platform's for `platform` and `verify-ticket` (a ticket pushed); `replaced`
 * says a tenant set-up replaced an existing tenant.
 */
export interface SetupChange {
  kind: "setup";
  what: SetupWhat;
  tenant?: string;
  target?: string;
  id?: string;
  replaced?: boolean;
}

export type ChangeBody =
  | CounterChange
  | FlagChange
  | RenameChange
  | ReleaseChange
  | TokenChange
  | SetupChange;
export type ChangeKind = ChangeBody["kind"];

/** A change as the journal keeps it and subscribers receive it: with its time and cause. */
export type Recorded = ChangeBody & Cause & { at: number };

/** What the commit point needs besides the recorded part (never journaled, never handed on). */
export type Write = (
  | CounterChange
  | FlagChange
  | RenameChange
  | ReleaseChange
  | (TokenChange & { hash: string; stable?: string })
  | (SetupChange & { what: "tenant"; config: TenantConfig; lenient?: boolean })
  | (SetupChange & { what: "evict"; tenant: string })
  | (SetupChange & { what: "platform"; config: PlatformConfig })
  | (SetupChange & { what: "name-rules"; rules: NameRules })
  | (SetupChange & { what: "fault-add"; input: FaultInput; added?: FaultRule })
  | (SetupChange & { what: "fault-remove"; id: string; removed?: boolean })
  | (SetupChange & { what: "faults-clear" | "own-clock" })
  | (SetupChange & { what: "verify-ticket"; platform: string; hash: string; expiresAtMs: number })
  | (SetupChange & { what: "token-access"; tenant: string; access: TokenAccess })
  | (SetupChange & { what: "reset" | "snapshot"; install: (w: Writes) => void })
) & { cause: Cause };

export type FaultInput = Parameters<FaultRules["add"]>[0];

/** What an operation committed: transitions and other changes, filed in its journal entry. */
export interface Batch {
  transitions: Committed[];
  changes: Recorded[];
}

/** Tells a transition from another change (what `subscribeChanges` hands on). */
export const isTransition = (c: Committed | Recorded): c is Committed => "from" in c;
