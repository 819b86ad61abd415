/**
 * The store's writers: the only code that changes a tenant, the token and platform maps, the name
 * rules or a record's flags. Only the commit point imports this module (commit-point-only.test.ts
 * checks it); it hands the writers on, as `Writes`, to the set-up code it runs (seeding, snapshot
 * import).
 */
import { beijingDayMonth } from "../clock.js";
import type { NameRules } from "../name-rules.js";
import type { CounterChange } from "./changes.js";
import type { Tracked } from "./lifecycle.js";
import {
  DEFAULT_QUOTA,
  type Platform,
  type RecordKind,
  type Store,
  type Tenant,
  type TenantInit,
  type TokenKind,
  type TokenRecord,
} from "./store.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : Mutable<T[K]> };
type MTenant = Mutable<Omit<Tenant, "clock">> & { clock?: Tenant["clock"] };

const tenantsOf = (s: Store) => s.tenants as Map<string, Tenant>;
const tokensOf = (s: Store) => s.tokens as Map<string, TokenRecord>;
const mutable = (t: Tenant) => t as MTenant;

/** A token expired this long ago is forgotten (an issuing loop must not grow the map for ever). */
const EXPIRED_TOKEN_MEMORY_MS = 86_400_000;
/** A ticket lives 12 hours and one is pushed every 10 minutes: 72 at most are valid at once. */
const MAX_PUSHED_TICKETS = 72;
/** A new plain token retires the previous ones after this long, as WeChat does. */
const PLAIN_TOKEN_OVERLAP_MS = 300_000;

export const WRITES = {
  /** Creates (or replaces, dropping its records) a tenant. */
  putTenant(s: Store, init: TenantInit): Tenant {
    const { month } = beijingDayMonth(s.clock.now());
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
    const old = s.tenants.get(init.name);
    if (old) WRITES.dropRecords(s, old);
    tenantsOf(s).set(t.name, t);
    return t;
  },

  /** A tenant as a snapshot holds it, as is. */
  restoreTenant(s: Store, t: Tenant): void {
    tenantsOf(s).set(t.name, t);
  },

  /** Forgets a tenant: its records, tokens (not component ones) and stable token. */
  dropTenant(s: Store, name: string): void {
    const t = s.tenants.get(name);
    if (t) WRITES.dropRecords(s, t);
    tenantsOf(s).delete(name);
    (s.stableTokens as Map<string, string>).delete(name);
  },

  dropRecords(s: Store, t: Tenant): void {
    for (const k of s.kinds)
      for (const id of t[k.tenantList]) (s.records.get(k.kind) as Map<number, Tracked>).delete(id);
    for (const [hash, rec] of s.tokens)
      if (rec.owner === t.name && rec.kind !== "component") tokensOf(s).delete(hash);
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
    Object.assign(mutable(t)[c.counter], c.to);
  },

  setFlag(record: Tracked, flag: "spedUp", to: boolean): void {
    (record as Tracked & Record<string, unknown>)[flag] = to;
  },

  rename(t: Tenant, nickname: string): void {
    mutable(t).nickname = nickname;
  },

  /** Keeps a token (by hash), retiring its owner's older ones of that kind; `stable`: its clear value. */
  putToken(
    s: Store,
    owner: string,
    kind: TokenKind,
    hash: string,
    expiresAtMs: number,
    stable?: string,
  ): void {
    const nowMs = s.clockOf(owner).nowMs();
    for (const [h, rec] of s.tokens) {
      if (rec.owner !== owner || rec.kind !== kind) continue;
      // A recently expired token stays known, so it still answers 42001 rather than 40001.
      if (rec.expiresAtMs + EXPIRED_TOKEN_MEMORY_MS <= nowMs) tokensOf(s).delete(h);
      else if (kind === "app")
        (rec as TokenRecord).expiresAtMs = Math.min(rec.expiresAtMs, nowMs + PLAIN_TOKEN_OVERLAP_MS);
    }
    tokensOf(s).set(hash, { owner, kind, expiresAtMs });
    if (stable !== undefined) (s.stableTokens as Map<string, string>).set(owner, stable);
  },

  restoreToken(s: Store, hash: string, rec: TokenRecord): void {
    tokensOf(s).set(hash, rec);
  },

  putPlatform(s: Store, p: Platform): void {
    (s.platforms as Map<string, Platform>).set(p.appid, p);
  },

  /** A verify ticket pushed to a platform: accepted until it expires (expired ones are forgotten). */
  addPushedTicket(s: Store, appid: string, hash: string, expiresAtMs: number, nowMs: number): void {
    const p = s.platforms.get(appid) as Platform | undefined;
    if (!p) throw new Error(`no platform ${appid}`);
    const kept = (p.pushedTickets ?? []).filter((t) => t.expiresAtMs > nowMs);
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
