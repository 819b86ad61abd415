/**
 * The store's writers: the only code that changes a tenant, the token and platform maps, the name
 * rules or a record's flags. Only the commit point imports this module (commit-point-only.test.ts
 * checks it); it hands the writers on, as `Writes`, to the set-up code it runs (seeding, snapshot
 * import).
 *
 * Over 300 lines on purpose: every write to the store lives here and nowhere else (the test
 * commit-point-only.test.ts names this one file), so splitting it would spread the writers out.
 */
import { freshRelease } from "../areas/release/state.js";
import { beijingDayMonth, beijingYear } from "../clock.js";
import type { Limits } from "../limits.js";
import type { NameRules } from "../name-rules.js";
import { secretHash } from "../tenants/secrets.js";
import type { CounterChange, ReleaseChange } from "./changes.js";
import type { Tracked } from "./lifecycle.js";
import {
  DEFAULT_QUOTA,
  DEFAULT_RENAMES_PER_YEAR,
  DEFAULT_USER_VERSION,
  type Platform,
  type QuotaCounters,
  type QuotaInit,
  type RecordKind,
  type Store,
  type Tenant,
  type TenantInit,
  type TokenAccess,
  type TokenKind,
  type TokenRecord,
} from "./store.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : Mutable<T[K]> };
type MTenant = Mutable<Omit<Tenant, "clock">> & { clock?: Tenant["clock"] };

const tenantsOf = (s: Store) => s.tenants as Map<string, Tenant>;
const tokensOf = (s: Store) => s.tokens as Map<string, TokenRecord>;
const mutable = (t: Tenant) => t as MTenant;

/** A ticket lives 12 hours and one is pushed every 10 minutes: 72 at most are valid at once. */
const MAX_PUSHED_TICKETS = 72;
/** A new plain token retires the previous ones after this long, as WeChat does. */
const PLAIN_TOKEN_OVERLAP_MS = 300_000;

export const WRITES = {
  /** Creates (or replaces, dropping its records) a tenant. */
  putTenant(s: Store, init: TenantInit): Tenant {
    const t: Tenant = {
      name: init.name,
      ...(init.secretHash && { secretHash: init.secretHash }),
      ...(init.authorizer && { authorizer: init.authorizer }),
      ...(init.tokenAccess && { tokenAccess: init.tokenAccess }),
      flags: {
        registeredViaApi: true,
        codeCommitted: true,
        released: false,
        profileComplete: true,
        navigateAppIdsMissing: false,
        ...init.flags,
      },
      nickname: init.nickname ?? "",
      userVersion: init.userVersion ?? DEFAULT_USER_VERSION,
      quota: newQuota(s.clock.now(), init.quota),
      ...(init.categories && { categories: init.categories.map((c) => ({ ...c })) }),
      undo: { day: 0, dayCount: 0, month: 0, monthCount: 0 },
      checks: { minute: 0, count: 0 },
      renames: {
        limit: init.renames?.limit ?? DEFAULT_RENAMES_PER_YEAR,
        year: beijingYear(s.clock.now()),
        used: init.renames?.used ?? 0,
      },
      release: init.release ?? freshRelease(),
      ...(init.lenient && { lenient: true as const }),
      auditIds: [],
      nicknameAuditIds: [],
    };
    const old = s.tenants.get(init.name);
    if (old) WRITES.dropRecords(s, old);
    tenantsOf(s).set(t.name, t);
    // A configured tenant replacing a lenient one is no longer evictable.
    if (t.lenient) s.lenient.add(t.name);
    else s.lenient.delete(t.name);
    return t;
  },

  /** A tenant as a snapshot holds it, as is. */
  restoreTenant(s: Store, t: Tenant): void {
    tenantsOf(s).set(t.name, t);
    if (t.lenient) s.lenient.add(t.name);
  },

  /** Forgets a tenant: its records, tokens (not component ones) and stable token. */
  dropTenant(s: Store, name: string): void {
    const t = s.tenants.get(name);
    if (t) WRITES.dropRecords(s, t);
    tenantsOf(s).delete(name);
    s.lenient.delete(name);
    (s.stableTokens as Map<string, string>).delete(name);
  },

  dropRecords(s: Store, t: Tenant): void {
    for (const k of s.kinds)
      for (const id of t[k.tenantList]) (s.records.get(k.kind) as Map<number, Tracked>).delete(id);
    const owned = tokenIndex(s).get(t.name);
    if (owned)
      for (const [kind, hashes] of owned) if (kind !== "component") for (const h of hashes) forgetToken(s, h);
  },

  /** Stores a record under `id` and lists it on its tenant. */
  insertRecord<R extends Tracked>(s: Store, kind: RecordKind, id: number, record: R, t: Tenant): R {
    (s.records.get(kind.kind) as Map<number, R>).set(id, record);
    mutable(t)[kind.tenantList].push(id);
    return record;
  },

  /** A record as a snapshot holds it. */
  restoreRecord(s: Store, kind: string, id: number, record: Tracked): void {
    (s.records.get(kind) as Map<number, Tracked>).set(id, record);
  },

  /** The tenant's own clock, forked from the shared one on first use. */
  ownClock(s: Store, t: Tenant) {
    mutable(t).clock ??= s.clock.fork();
    return t.clock!;
  },

  setCounter(t: Tenant, c: CounterChange): void {
    const group = mutable(t)[c.counter];
    if (group) Object.assign(group, c.to);
    // A group not every tenant has (stableRefresh: made by the first force_refresh).
    else (mutable(t) as Record<string, unknown>)[c.counter] = { ...c.to };
  },

  /** A platform's shared audit quota, set (made on first use for a platform never added). */
  setPoolQuota(s: Store, platform: string, to: QuotaCounters): void {
    (s.quotaPools as Map<string, QuotaCounters>).set(platform, { ...to });
  },

  setFlag(record: Tracked, flag: "spedUp", to: boolean): void {
    (record as Tracked & Record<string, unknown>)[flag] = to;
  },

  /** A release step: the tenant's release state, and the flags and version it settles. */
  setRelease(t: Tenant, c: ReleaseChange): void {
    const m = mutable(t) as { release: Tenant["release"]; flags: Tenant["flags"]; userVersion: string };
    m.release = c.to;
    if (c.flags) m.flags = { ...t.flags, ...c.flags };
    if (c.userVersion !== undefined) m.userVersion = c.userVersion;
  },

  /** Who may get the tenant's plain and stable tokens; an empty setting is dropped. */
  setTokenAccess(t: Tenant, access: TokenAccess): void {
    const m = t as { tokenAccess?: TokenAccess };
    if (access.ipWhitelist || access.secretFrozen) m.tokenAccess = { ...access };
    else delete m.tokenAccess;
  },

  /** Applies a new nickname; it counts toward the renames of the Beijing year of `at`. */
  rename(t: Tenant, nickname: string, at: number): void {
    const m = mutable(t);
    m.nickname = nickname;
    const year = beijingYear(at);
    m.renames = { limit: t.renames.limit, year, used: (t.renames.year === year ? t.renames.used : 0) + 1 };
  },

  /**
   * Keeps a token (by hash), retiring its owner's older ones of that kind (a plain token's after
   * a 5-minute overlap; all at once with `supersede`); `stable`: its clear value. Bounded without
   * scanning every token: the owner's own (at most limits.tokensPerAppid of a kind) are looked
   * at, a few others are swept for expiry, and past limits.issuedTokens the oldest issued are
   * forgotten.
   */
  putToken(
    s: Store,
    owner: string,
    kind: TokenKind,
    hash: string,
    expiresAtMs: number,
    limits: TokenLimits,
    stable?: string,
    supersede?: boolean,
  ): void {
    const nowMs = s.clockOf(owner).nowMs();
    const memoryMs = limits.expiredTokenSeconds * 1000;
    const same = ownedTokens(s, owner, kind);
    for (const h of same) {
      const rec = s.tokens.get(h)!;
      // A recently expired token stays known, so it still answers 42001 rather than 40001.
      if (rec.expiresAtMs + memoryMs <= nowMs) forgetToken(s, h);
      else if (supersede || kind === "app") {
        const end = supersede ? nowMs : nowMs + PLAIN_TOKEN_OVERLAP_MS;
        // Cut short, it answers 40001 once over; one that would end first anyway still expires (42001).
        if (end < rec.expiresAtMs) Object.assign(rec as TokenRecord, { expiresAtMs: end, superseded: true });
      }
    }
    while (same.size >= limits.tokensPerAppid) forgetToken(s, same.values().next().value!);
    tokensOf(s).set(hash, { owner, kind, expiresAtMs });
    // Looked up again: forgetting the last of a kind drops its (now empty) set from the index.
    ownedTokens(s, owner, kind).add(hash);
    if (stable !== undefined) (s.stableTokens as Map<string, string>).set(owner, stable);
    sweepExpiredTokens(s, memoryMs);
    while (s.tokens.size > limits.issuedTokens) forgetToken(s, s.tokens.keys().next().value!);
  },

  restoreToken(s: Store, hash: string, rec: TokenRecord): void {
    tokensOf(s).set(hash, rec);
    ownedTokens(s, rec.owner, rec.kind).add(hash);
  },

  putPlatform(s: Store, p: Platform): void {
    (s.platforms as Map<string, Platform>).set(p.appid, p);
  },

  /**
   * A verify ticket pushed to a platform: accepted until it expires, then known as expired (61005)
   * for as long again, then forgotten (61006); never more than MAX_PUSHED_TICKETS kept.
   */
  addPushedTicket(s: Store, appid: string, hash: string, expiresAtMs: number, nowMs: number): void {
    const p = s.platforms.get(appid) as Platform | undefined;
    if (!p) throw new Error(`no platform ${appid}`);
    const lifetimeMs = expiresAtMs - nowMs;
    const kept = (p.pushedTickets ?? []).filter((t) => t.expiresAtMs + lifetimeMs > nowMs);
    p.pushedTickets = [...kept.slice(-(MAX_PUSHED_TICKETS - 1)), { hash, expiresAtMs }];
  },

  setRules(s: Store, rules: NameRules): void {
    (s as { rules: NameRules }).rules = rules;
  },

  setNextPendingId(s: Store, next: number): void {
    s.nextPendingId = next;
  },
};

export type Writes = typeof WRITES;

/** Fresh audit quota counters for the Beijing month of `now` (unix seconds), from a config's. */
export function newQuota(now: number, init?: QuotaInit): QuotaCounters {
  return {
    limit: init?.limit ?? DEFAULT_QUOTA.limit,
    speedupLimit: init?.speedupLimit ?? DEFAULT_QUOTA.speedupLimit,
    month: beijingDayMonth(now).month,
    used: init?.used ?? 0,
    speedupUsed: init?.speedupUsed ?? 0,
  };
}

export type TokenLimits = Pick<Limits, "issuedTokens" | "tokensPerAppid" | "expiredTokenSeconds">;

/**
 * Issued tokens by owner and kind, in issue order (so an owner's are found without scanning every
 * token), and where the expiry sweep stands in the token map. Private to the writers: keyed by
 * the store, so a reset or an import starts afresh.
 */
const TOKEN_INDEX = new WeakMap<Store, Map<string, Map<TokenKind, Set<string>>>>();
const SWEEP = new WeakMap<Store, Iterator<[string, TokenRecord]>>();
/** Tokens looked at for expiry per token issued: more than one, so the sweep outruns the issuing. */
const SWEEP_STEP = 2;

function tokenIndex(s: Store): Map<string, Map<TokenKind, Set<string>>> {
  let index = TOKEN_INDEX.get(s);
  if (!index) {
    index = new Map();
    TOKEN_INDEX.set(s, index);
  }
  return index;
}

function ownedTokens(s: Store, owner: string, kind: TokenKind): Set<string> {
  const index = tokenIndex(s);
  let byKind = index.get(owner);
  if (!byKind) {
    byKind = new Map();
    index.set(owner, byKind);
  }
  let hashes = byKind.get(kind);
  if (!hashes) {
    hashes = new Set();
    byKind.set(kind, hashes);
  }
  return hashes;
}

/** Forgets a token: the map, the owner's index and, for the current stable token, its clear value. */
function forgetToken(s: Store, hash: string): void {
  const rec = s.tokens.get(hash);
  if (!rec) return;
  tokensOf(s).delete(hash);
  const byKind = tokenIndex(s).get(rec.owner);
  const hashes = byKind?.get(rec.kind);
  hashes?.delete(hash);
  if (hashes?.size === 0) byKind!.delete(rec.kind);
  if (byKind?.size === 0) tokenIndex(s).delete(rec.owner);
  if (rec.kind === "stable") {
    const clear = s.stableTokens.get(rec.owner);
    if (clear !== undefined && secretHash(clear) === hash)
      (s.stableTokens as Map<string, string>).delete(rec.owner);
  }
}

/**
 * Looks at the next few tokens of the map, round and round, and forgets those expired more than
 * `memoryMs` ago on their owner's clock, whoever issued them: every token is looked at within
 * (tokens / SWEEP_STEP) issues, with no full scan on any one of them.
 */
function sweepExpiredTokens(s: Store, memoryMs: number): void {
  let cursor = SWEEP.get(s);
  for (let i = 0; i < SWEEP_STEP; i++) {
    let next = cursor?.next();
    if (!next || next.done) {
      // A Map iterator sees entries added after it was made, but once done it stays done.
      cursor = s.tokens.entries() as Iterator<[string, TokenRecord]>;
      SWEEP.set(s, cursor);
      next = cursor.next();
      if (next.done) return;
    }
    const [hash, rec] = next.value;
    if (rec.expiresAtMs + memoryMs <= s.clockOf(rec.owner).nowMs()) forgetToken(s, hash);
  }
}
