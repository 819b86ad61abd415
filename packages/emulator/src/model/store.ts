/**
 * Where the emulator's state lives: tenants (one per mini program), the records of every area
 * (by kind, ids unique across tenants), issued tokens (as hashes), platforms, name rules, the
 * PRNG and the clocks. Plain data and lookups: state changes only through the commit point
 * (model/commit-point.ts, with the writers of model/writes.ts), and nothing here reads the wall
 * clock. Drawing ids (`newId`) and pending-move numbers advances counters of the PRNG's kind,
 * not state the journal files.
 */
import type { ReleaseState } from "../areas/release/state.js";
import type { VirtualClock } from "../clock.js";
import { defaultNameRules, type NameRules } from "../name-rules.js";
import type { PushSettings } from "../push/settings.js";
import type { Prng } from "../random.js";
import { LenientIndex } from "./lenient-index.js";
import type { Tracked } from "./lifecycle.js";

export interface TenantFlags {
  /** false: checkNickName answers 41033 and setNickName 91001 (not created through the API). */
  registeredViaApi: boolean;
  /** false: submit_audit answers 85086 and get_auditstatus 86001. */
  codeCommitted: boolean;
  /** true: setNickName answers 91002 (no rename after release). */
  released: boolean;
  /** false: submit_audit answers 86002 (no nickname, avatar or introduction set yet). */
  profileComplete: boolean;
  /** true: submit_audit answers 85087 (the code calls navigateToMiniProgram, its appids undeclared). */
  navigateAppIdsMissing: boolean;
}

/** A category the mini program has set (get_category's first/second/third ids). */
export interface AuditCategory {
  readonly first: number;
  readonly second: number;
  readonly third?: number;
  /** Withdrawn by WeChat (官方下架): submit_audit answers 85077 for an item naming it. */
  readonly withdrawn?: boolean;
}

/** Submit and speed-up counters of a month: a tenant's own, or its platform's (shared). */
export interface QuotaCounters {
  readonly limit: number;
  readonly speedupLimit: number;
  readonly month: number;
  readonly used: number;
  readonly speedupUsed: number;
}

export interface Tenant {
  /** The appid, or `tok-<hash>` for a lenient-mode tenant named after its token. */
  readonly name: string;
  /** SHA-256 of the app secret (plain and stable tokens), never the secret. */
  readonly secretHash?: string;
  /** When the tenant is a platform's authorizer: whose, and the SHA-256 of its refresh token. */
  readonly authorizer?: { readonly componentAppId: string; readonly refreshTokenHash: string };
  readonly flags: Readonly<TenantFlags>;
  readonly nickname: string;
  readonly userVersion: string;
  /** Its own audit quota; a platform's mini program spends the platform's (`Store.quotaPools`). */
  readonly quota: QuotaCounters;
  /** The categories it has set; when absent, any category passes submit_audit. */
  readonly categories?: readonly AuditCategory[];
  readonly undo: {
    readonly day: number;
    readonly dayCount: number;
    readonly month: number;
    readonly monthCount: number;
  };
  readonly checks: { readonly minute: number; readonly count: number };
  /**
   * Renames applied (setnickname with a clear name, or a nickname audit that succeeded) in the
   * Beijing calendar `year`, and how many a year allows (setnickname answers 91003 past it). Only
   * renames that took effect count: WeChat's staff answer "名称设置成功以后有2次修改名称机会"
   * (community, mirrored at wxopen.club/topic/5e4952ea910cdf6fe3a853c2) counts changes made.
   */
  readonly renames: { readonly limit: number; readonly year: number; readonly used: number };
  /** The release step: uploaded code, live version and history, phased plan, visit status. */
  readonly release: ReleaseState;
  /** Who may get its plain and stable tokens (config `ipWhitelist`, `secretFrozen`). */
  readonly tokenAccess?: TokenAccess;
  /** stable_token's force_refresh calls: today's count (Beijing day) and when the last one came. */
  readonly stableRefresh?: { readonly day: number; readonly count: number; readonly lastMs: number };
  /** A tenant's own clock, when it has one; otherwise the shared clock. */
  readonly clock?: VirtualClock;
  /** Made by lenient mode (an unknown token or appid): evicted when least recently used past the limits. */
  readonly lenient?: true;
  readonly auditIds: readonly number[];
  readonly nicknameAuditIds: readonly number[];
}

/**
 * What the token endpoints check besides the secret: the caller's IP against a whitelist (40164
 * for an app, 61004 for a platform), and a frozen AppSecret (40243).
 */
export interface TokenAccess {
  /** IPv4/IPv6 addresses allowed to ask for tokens; absent: any. `::ffff:a.b.c.d` matches `a.b.c.d`. */
  readonly ipWhitelist?: readonly string[];
  readonly secretFrozen?: true;
}

/** The tenant field that lists a kind's record ids (kept by name: it is in snapshots). */
export type TenantIdList = "auditIds" | "nicknameAuditIds";

export type TokenKind = "app" | "stable" | "component" | "authorizer";

export interface TokenRecord {
  /** The appid the token is bound to (a tenant, or a platform for component tokens). */
  owner: string;
  kind: TokenKind;
  expiresAtMs: number;
  /**
   * Replaced before its natural end (a newer plain token's overlap ran out, or a stable
   * force_refresh): WeChat answers 40001 for it then, not 42001.
   */
  superseded?: true;
}

export interface Platform {
  appid: string;
  secretHash: string;
  /** The configured verify ticket's SHA-256: always accepted. */
  ticketHash: string;
  /** IP addresses allowed to ask for the component token (61004 otherwise); absent: any. */
  ipWhitelist?: readonly string[];
  /** Tickets the emulator pushed since (SHA-256 and expiry), accepted until they expire. */
  pushedTickets?: ReadonlyArray<{ readonly hash: string; readonly expiresAtMs: number }>;
  /** Where pushes go and their keys (memory only: never journaled, never in a snapshot). */
  push?: PushSettings;
}

export const DEFAULT_QUOTA = { limit: 20, speedupLimit: 1 };
/** D4: "改名次数将在自然年 1 月 1 日和微信认证审核通过后重置为 2 次". */
export const DEFAULT_RENAMES_PER_YEAR = 2;
/** The version a tenant's code carries before any commit says otherwise. */
export const DEFAULT_USER_VERSION = "1.0.0";

export interface TenantInit {
  name: string;
  lenient?: boolean;
  secretHash?: string;
  authorizer?: { componentAppId: string; refreshTokenHash: string };
  tokenAccess?: TokenAccess;
  flags?: Partial<TenantFlags>;
  nickname?: string;
  userVersion?: string;
  quota?: QuotaInit;
  renames?: { limit?: number; used?: number };
  categories?: readonly AuditCategory[];
  release?: ReleaseState;
}

export type QuotaInit = { limit?: number; speedupLimit?: number; used?: number; speedupUsed?: number };

/** How a kind of record is numbered and where a tenant lists it. */
export interface RecordKind {
  readonly kind: string;
  readonly tenantList: TenantIdList;
  /** First id drawn from this range, then increasing with random gaps. */
  readonly firstId: readonly [number, number];
}

/**
 * The state. Its maps are read-only to every module but the store's writers (model/writes.ts),
 * which only the commit point reaches: commit-point-only.test.ts proves no other module imports them.
 */
export class Store {
  readonly tenants: ReadonlyMap<string, Tenant> = new Map<string, Tenant>();
  /** Records by kind, then id. */
  readonly records: ReadonlyMap<string, ReadonlyMap<number, Tracked>> = new Map<
    string,
    Map<number, Tracked>
  >();
  /** The next id of each kind. */
  readonly nextId = new Map<string, number>();
  /** Issued tokens by SHA-256 of the token. */
  readonly tokens: ReadonlyMap<string, Readonly<TokenRecord>> = new Map<string, TokenRecord>();
  readonly platforms: ReadonlyMap<string, Readonly<Platform>> = new Map<string, Platform>();
  /**
   * The audit quota of each platform (by its appid), shared by the mini programs authorized to it
   * ("所有旗下小程序共用该额度"): set with the platform, or made on first use for one never added.
   */
  readonly quotaPools: ReadonlyMap<string, QuotaCounters> = new Map<string, QuotaCounters>();
  /**
   * The current stable token of each appid, in clear: the stable_token endpoint must hand the same
   * one back until it expires. Memory only: never journaled, never in a snapshot.
   */
  readonly stableTokens: ReadonlyMap<string, string> = new Map<string, string>();
  readonly rules: Readonly<NameRules> = defaultNameRules();
  nextPendingId = 1;
  /** The lenient tenants by recency (kept in step with `tenants` by the writers). */
  readonly lenient = new LenientIndex();

  constructor(
    readonly prng: Prng,
    readonly clock: VirtualClock,
    readonly kinds: readonly RecordKind[],
    firstIds?: ReadonlyMap<string, number>,
  ) {
    for (const k of kinds) {
      (this.records as Map<string, Map<number, Tracked>>).set(k.kind, new Map());
      this.nextId.set(k.kind, firstIds?.get(k.kind) ?? prng.int(k.firstId[0], k.firstId[1]));
    }
  }

  // --- tenants and clocks ---------------------------------------------------------------

  tenant(name: string): Tenant | undefined {
    return this.tenants.get(name);
  }

  clockOf(tenant: Tenant | string | undefined): VirtualClock {
    const t = typeof tenant === "string" ? this.tenants.get(tenant) : tenant;
    return t?.clock ?? this.clock;
  }

  // --- records --------------------------------------------------------------------------

  recordsOf<R extends Tracked>(kind: string): ReadonlyMap<number, R> {
    return this.records.get(kind) as ReadonlyMap<number, R>;
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
