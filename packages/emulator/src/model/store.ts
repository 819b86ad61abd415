/**
 * Where the emulator's state lives: tenants (one per mini program), the records of every area
 * (by kind, ids unique across tenants), issued tokens (as hashes), platforms, name rules, the
 * PRNG and the clocks. Plain data and lookups: record states change only through the commit
 * point (model/lifecycle.ts), and nothing here reads the wall clock.
 */
import { beijingDayMonth, type VirtualClock } from "../clock.js";
import { defaultNameRules, type NameRules } from "../name-rules.js";
import type { Prng } from "../random.js";
import type { Tracked } from "./lifecycle.js";

export interface TenantFlags {
  /** false: checkNickName answers 41033 and setNickName 91001 (not created through the API). */
  registeredViaApi: boolean;
  /** false: submit_audit answers 85086 and get_auditstatus 86001. */
  codeCommitted: boolean;
  /** true: setNickName answers 91002 (no rename after release). */
  released: boolean;
}

export interface Tenant {
  /** The appid, or `tok-<hash>` for a lenient-mode tenant named after its token. */
  name: string;
  /** SHA-256 of the app secret (plain and stable tokens), never the secret. */
  secretHash?: string;
  /** When the tenant is a platform's authorizer: whose, and the SHA-256 of its refresh token. */
  authorizer?: { componentAppId: string; refreshTokenHash: string };
  flags: TenantFlags;
  nickname: string;
  userVersion: string;
  quota: { limit: number; speedupLimit: number; month: number; used: number; speedupUsed: number };
  undo: { day: number; dayCount: number; month: number; monthCount: number };
  checks: { minute: number; count: number };
  /** A tenant's own clock, when it has one; otherwise the shared clock. */
  clock?: VirtualClock;
  auditIds: number[];
  nicknameAuditIds: number[];
}

/** The tenant field that lists a kind's record ids (kept by name: it is in snapshots). */
export type TenantIdList = "auditIds" | "nicknameAuditIds";

export type TokenKind = "app" | "stable" | "component" | "authorizer";

export interface TokenRecord {
  /** The appid the token is bound to (a tenant, or a platform for component tokens). */
  owner: string;
  kind: TokenKind;
  expiresAtMs: number;
}

export interface Platform {
  appid: string;
  secretHash: string;
  ticketHash: string;
}

export const DEFAULT_QUOTA = { limit: 20, speedupLimit: 1 };

export interface TenantInit {
  name: string;
  secretHash?: string;
  authorizer?: { componentAppId: string; refreshTokenHash: string };
  flags?: Partial<TenantFlags>;
  nickname?: string;
  userVersion?: string;
  quota?: { limit?: number; speedupLimit?: number; used?: number; speedupUsed?: number };
}

/** How a kind of record is numbered and where a tenant lists it. */
export interface RecordKind {
  readonly kind: string;
  readonly tenantList: TenantIdList;
  /** First id drawn from this range, then increasing with random gaps. */
  readonly firstId: readonly [number, number];
}

export class Store {
  readonly tenants = new Map<string, Tenant>();
  /** Records by kind, then id. */
  readonly records = new Map<string, Map<number, Tracked>>();
  /** The next id of each kind. */
  readonly nextId = new Map<string, number>();
  /** Issued tokens by SHA-256 of the token. */
  readonly tokens = new Map<string, TokenRecord>();
  readonly platforms = new Map<string, Platform>();
  /**
   * The current stable token of each appid, in clear: the stable_token endpoint must hand the same
   * one back until it expires. Memory only: never journaled, never in a snapshot.
   */
  readonly stableTokens = new Map<string, string>();
  rules: NameRules = defaultNameRules();
  nextPendingId = 1;

  constructor(
    readonly prng: Prng,
    readonly clock: VirtualClock,
    readonly kinds: readonly RecordKind[],
    firstIds?: ReadonlyMap<string, number>,
  ) {
    for (const k of kinds) {
      this.records.set(k.kind, new Map());
      this.nextId.set(k.kind, firstIds?.get(k.kind) ?? prng.int(k.firstId[0], k.firstId[1]));
    }
  }

  // --- tenants and clocks ---------------------------------------------------------------

  tenant(name: string): Tenant | undefined {
    return this.tenants.get(name);
  }

  /** The tenant, created with defaults if new. */
  ensureTenant(name: string): Tenant {
    return this.tenants.get(name) ?? this.addTenant({ name });
  }

  addTenant(init: TenantInit): Tenant {
    const { month } = beijingDayMonth(this.clock.now());
    const t: Tenant = {
      name: init.name,
      ...(init.secretHash && { secretHash: init.secretHash }),
      ...(init.authorizer && { authorizer: init.authorizer }),
      flags: { registeredViaApi: true, codeCommitted: true, released: false, ...init.flags },
      nickname: init.nickname ?? "",
      userVersion: init.userVersion ?? "1.0.0",
      quota: {
        limit: init.quota?.limit ?? DEFAULT_QUOTA.limit,
        speedupLimit: init.quota?.speedupLimit ?? DEFAULT_QUOTA.speedupLimit,
        month,
        used: init.quota?.used ?? 0,
        speedupUsed: init.quota?.speedupUsed ?? 0,
      },
      undo: { day: 0, dayCount: 0, month: 0, monthCount: 0 },
      checks: { minute: 0, count: 0 },
      auditIds: [],
      nicknameAuditIds: [],
    };
    const old = this.tenants.get(init.name);
    if (old) this.removeTenantRecords(old);
    this.tenants.set(t.name, t);
    return t;
  }

  removeTenantRecords(t: Tenant): void {
    for (const k of this.kinds) for (const id of t[k.tenantList]) this.records.get(k.kind)!.delete(id);
    for (const [hash, rec] of this.tokens)
      if (rec.owner === t.name && rec.kind !== "component") this.tokens.delete(hash);
  }

  clockOf(tenant: Tenant | string | undefined): VirtualClock {
    const t = typeof tenant === "string" ? this.tenants.get(tenant) : tenant;
    return t?.clock ?? this.clock;
  }

  /** The tenant's own clock, forked from the shared one on first use. */
  ownClock(t: Tenant): VirtualClock {
    t.clock ??= this.clock.fork();
    return t.clock;
  }

  // --- records --------------------------------------------------------------------------

  recordsOf<R extends Tracked>(kind: string): Map<number, R> {
    return this.records.get(kind) as Map<number, R>;
  }

  /** Stores a new record under `id` and lists it on its tenant. */
  insert<R extends Tracked>(kind: RecordKind, id: number, record: R, t: Tenant): R {
    this.records.get(kind.kind)!.set(id, record);
    t[kind.tenantList].push(id);
    return record;
  }

  /** Increasing ids with random gaps; ids already taken (given in the config) are skipped. */
  newId(kind: string): number {
    const taken = this.records.get(kind)!;
    let id: number;
    do {
      id = this.nextId.get(kind)!;
      this.nextId.set(kind, id + this.prng.int(1, 97));
    } while (taken.has(id));
    return id;
  }
}
