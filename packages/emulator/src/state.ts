/**
 * The emulator's state model: tenants (one per mini program), code audits and nickname audits
 * (ids unique across tenants), issued tokens (stored as hashes), platforms, name rules, and the
 * transitions that move audits: applied by admin commands, by the clock, or after N reads. State
 * is computed from what is stored and the "now" of a VirtualClock; nothing here reads the wall.
 */
import {
  AuditStatus,
  auditStatusName,
  NicknameAuditStat,
  nicknameAuditStatName,
} from "@wxa-audit/core/tables";
import { beijingDayMonth, type VirtualClock } from "./clock.js";
import {
  type AuditKind,
  assertAuditMove,
  assertNicknameMove,
  IllegalTransitionError,
  isOpenAudit,
} from "./machines.js";
import { defaultNameRules, type NameRules } from "./name-rules.js";
import { type Prng, secretHash } from "./random.js";
import { deferralReason, nicknameFailReason, rejectionReason, screenshotIds } from "./text.js";

export interface HistoryEntry {
  from: string;
  to: string;
  /** Unix seconds on the tenant's clock. */
  at: number;
  /** "submit", "admin", "schedule:<id>", "undocodeaudit". */
  by: string;
}

export interface PendingMove {
  id: number;
  to: number;
  /** Due instant (ms on the tenant's clock), for a move after a delay. */
  dueAtMs?: number;
  /** Reads still answered with the old state, for a move after N reads. */
  readsLeft?: number;
  reason?: string;
  screenshot?: string;
}

export interface AuditSheet {
  auditid: number;
  tenant: string;
  status: AuditStatus;
  reason: string;
  screenshot: string;
  submitTime: number;
  userVersion: string;
  userDesc: string;
  spedUp: boolean;
  reads: number;
  pending: PendingMove[];
  history: HistoryEntry[];
}

export interface NicknameAudit {
  audit_id: number;
  tenant: string;
  nickname: string;
  stat: NicknameAuditStat;
  fail_reason: string;
  create_time: number;
  audit_time: number;
  reads: number;
  pending: PendingMove[];
  history: HistoryEntry[];
}

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

export interface Fired {
  kind: AuditKind;
  id: number;
  from: string;
  to: string;
}

export const TOKEN_TTL_SECONDS = 7200;
const EXPIRED_TOKEN_MEMORY_MS = 86_400_000;
export const UNDO_PER_DAY = 5;
export const UNDO_PER_MONTH = 10;
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

export class EmulatorState {
  readonly tenants = new Map<string, Tenant>();
  readonly audits = new Map<number, AuditSheet>();
  readonly nicknameAudits = new Map<number, NicknameAudit>();
  /** Issued tokens by SHA-256 of the token. */
  readonly tokens = new Map<string, TokenRecord>();
  readonly platforms = new Map<string, Platform>();
  /**
   * The current stable token of each appid, in clear: the stable_token endpoint must hand the same
   * one back until it expires. Memory only: never journaled, never in a snapshot.
   */
  readonly stableTokens = new Map<string, string>();
  rules: NameRules = defaultNameRules();
  prng: Prng;
  clock: VirtualClock;
  nextAuditId: number;
  nextNicknameAuditId: number;
  nextPendingId = 1;

  constructor(prng: Prng, clock: VirtualClock) {
    this.prng = prng;
    this.clock = clock;
    this.nextAuditId = prng.int(400_000_000, 499_999_999);
    this.nextNicknameAuditId = prng.int(100_000_000, 199_999_999);
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
    const now = this.clock.now();
    const { month } = beijingDayMonth(now);
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
    for (const id of t.auditIds) this.audits.delete(id);
    for (const id of t.nicknameAuditIds) this.nicknameAudits.delete(id);
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

  // --- tokens ---------------------------------------------------------------------------

  /** Issues a token bound to `owner`, valid for `TOKEN_TTL_SECONDS` on the owner's clock. */
  issueToken(owner: string, kind: TokenKind): { token: string; expiresIn: number } {
    const prefix = { app: "77", stable: "78", component: "79", authorizer: "80" }[kind];
    const token = `${prefix}_${this.prng.chars(108)}`;
    const nowMs = this.clockOf(owner).nowMs();
    for (const [hash, rec] of this.tokens) {
      if (rec.owner !== owner || rec.kind !== kind) continue;
      // Forget tokens expired for a day (an issuing loop must not grow the map for ever); a
      // recently expired one stays known, so it still answers 42001 rather than 40001.
      if (rec.expiresAtMs + EXPIRED_TOKEN_MEMORY_MS <= nowMs) this.tokens.delete(hash);
      // A new plain token retires the previous ones after 5 minutes, as WeChat does.
      else if (kind === "app") rec.expiresAtMs = Math.min(rec.expiresAtMs, nowMs + 300_000);
    }
    this.tokens.set(secretHash(token), { owner, kind, expiresAtMs: nowMs + TOKEN_TTL_SECONDS * 1000 });
    return { token, expiresIn: TOKEN_TTL_SECONDS };
  }

  // --- ids ------------------------------------------------------------------------------

  /** Increasing ids with random gaps; ids given in the config are skipped. */
  newAuditId(): number {
    return this.nextFreeId("nextAuditId", this.audits);
  }

  newNicknameAuditId(): number {
    return this.nextFreeId("nextNicknameAuditId", this.nicknameAudits);
  }

  private nextFreeId(
    counter: "nextAuditId" | "nextNicknameAuditId",
    taken: ReadonlyMap<number, unknown>,
  ): number {
    let id: number;
    do {
      id = this[counter];
      this[counter] += this.prng.int(1, 97);
    } while (taken.has(id));
    return id;
  }

  // --- code audits ----------------------------------------------------------------------

  latestAudit(t: Tenant): AuditSheet | undefined {
    const id = t.auditIds[t.auditIds.length - 1];
    return id === undefined ? undefined : this.audits.get(id);
  }

  openAudit(t: Tenant): AuditSheet | undefined {
    const sheet = this.latestAudit(t);
    return sheet && isOpenAudit(sheet.status) ? sheet : undefined;
  }

  createAudit(t: Tenant, init: Partial<AuditSheet> & { status?: AuditStatus }): AuditSheet {
    const auditid = init.auditid ?? this.newAuditId();
    const sheet: AuditSheet = {
      auditid,
      tenant: t.name,
      status: init.status ?? AuditStatus.InReview,
      reason: init.reason ?? "",
      screenshot: init.screenshot ?? "",
      submitTime: init.submitTime ?? this.clockOf(t).now(),
      userVersion: init.userVersion ?? t.userVersion,
      userDesc: init.userDesc ?? "",
      spedUp: init.spedUp ?? false,
      reads: 0,
      pending: [],
      history: [],
    };
    this.audits.set(auditid, sheet);
    t.auditIds.push(auditid);
    return sheet;
  }

  /** Fills in the reason/screenshot a status needs, generated when not given. */
  auditDetails(to: AuditStatus, given: { reason?: string | undefined; screenshot?: string | undefined }) {
    if (to === AuditStatus.Rejected) {
      return {
        reason: given.reason ?? rejectionReason(this.prng),
        screenshot: given.screenshot ?? screenshotIds(this.prng),
      };
    }
    if (to === AuditStatus.Deferred)
      return { reason: given.reason ?? deferralReason(this.prng), screenshot: "" };
    return { reason: "", screenshot: "" };
  }

  /** Moves a code audit now; throws IllegalTransitionError naming the current state. */
  moveAudit(
    sheet: AuditSheet,
    to: AuditStatus,
    given: { reason?: string | undefined; screenshot?: string | undefined },
    by: string,
  ): Fired {
    assertAuditMove(sheet.auditid, sheet.status, to);
    const from = sheet.status;
    const details = this.auditDetails(to, given);
    sheet.status = to;
    sheet.reason = details.reason;
    sheet.screenshot = details.screenshot;
    if (!isOpenAudit(to)) sheet.pending = [];
    const fired: Fired = {
      kind: "audit",
      id: sheet.auditid,
      from: auditStatusName(from),
      to: auditStatusName(to),
    };
    sheet.history.push({ from: fired.from, to: fired.to, at: this.clockOf(sheet.tenant).now(), by });
    return fired;
  }

  /** Status a record will have once all its pending moves are applied (to check a new one). */
  projectedAudit(sheet: AuditSheet): AuditStatus {
    return (sheet.pending[sheet.pending.length - 1]?.to as AuditStatus | undefined) ?? sheet.status;
  }

  scheduleAudit(
    sheet: AuditSheet,
    to: AuditStatus,
    when: { afterSeconds?: number | undefined; afterReads?: number | undefined },
    given: { reason?: string | undefined; screenshot?: string | undefined },
  ): PendingMove {
    assertAuditMove(sheet.auditid, this.projectedAudit(sheet), to);
    // Reasons are drawn now, so a move that falls due inside a read needs no generation there.
    const details = this.auditDetails(to, given);
    const move = this.pendingMove(sheet.tenant, to, when, details);
    sheet.pending.push(move);
    return move;
  }

  // --- nickname audits ------------------------------------------------------------------

  openNicknameAudit(t: Tenant): NicknameAudit | undefined {
    const id = t.nicknameAuditIds[t.nicknameAuditIds.length - 1];
    const a = id === undefined ? undefined : this.nicknameAudits.get(id);
    return a && a.stat === NicknameAuditStat.InReview ? a : undefined;
  }

  createNicknameAudit(t: Tenant, init: Partial<NicknameAudit> & { nickname: string }): NicknameAudit {
    const audit_id = init.audit_id ?? this.newNicknameAuditId();
    const a: NicknameAudit = {
      audit_id,
      tenant: t.name,
      nickname: init.nickname,
      stat: init.stat ?? NicknameAuditStat.InReview,
      fail_reason: init.fail_reason ?? "",
      create_time: init.create_time ?? this.clockOf(t).now(),
      audit_time: init.audit_time ?? 0,
      reads: 0,
      pending: [],
      history: [],
    };
    this.nicknameAudits.set(audit_id, a);
    t.nicknameAuditIds.push(audit_id);
    return a;
  }

  moveNickname(
    a: NicknameAudit,
    to: NicknameAuditStat,
    given: { fail_reason?: string | undefined },
    by: string,
  ): Fired {
    assertNicknameMove(a.audit_id, a.stat, to);
    const from = a.stat;
    const now = this.clockOf(a.tenant).now();
    a.stat = to;
    a.audit_time = now;
    a.fail_reason =
      to === NicknameAuditStat.Failed ? (given.fail_reason ?? nicknameFailReason(this.prng)) : "";
    a.pending = [];
    if (to === NicknameAuditStat.Succeeded) {
      const t = this.tenants.get(a.tenant);
      if (t) t.nickname = a.nickname;
    }
    const fired: Fired = {
      kind: "nickname",
      id: a.audit_id,
      from: nicknameAuditStatName(from),
      to: nicknameAuditStatName(to),
    };
    a.history.push({ from: fired.from, to: fired.to, at: now, by });
    return fired;
  }

  scheduleNickname(
    a: NicknameAudit,
    to: NicknameAuditStat,
    when: { afterSeconds?: number | undefined; afterReads?: number | undefined },
    given: { fail_reason?: string | undefined },
  ): PendingMove {
    const projected = (a.pending[a.pending.length - 1]?.to as NicknameAuditStat | undefined) ?? a.stat;
    assertNicknameMove(a.audit_id, projected, to);
    const reason =
      to === NicknameAuditStat.Failed ? (given.fail_reason ?? nicknameFailReason(this.prng)) : "";
    const move = this.pendingMove(a.tenant, to, when, { reason });
    a.pending.push(move);
    return move;
  }

  private pendingMove(
    tenant: string,
    to: number,
    when: { afterSeconds?: number | undefined; afterReads?: number | undefined },
    details: { reason?: string; screenshot?: string },
  ): PendingMove {
    const move: PendingMove = { id: this.nextPendingId++, to, ...details };
    if (when.afterReads !== undefined) move.readsLeft = when.afterReads;
    else move.dueAtMs = this.clockOf(tenant).nowMs() + Math.round((when.afterSeconds ?? 0) * 1000);
    return move;
  }

  // --- settling due moves ---------------------------------------------------------------

  /**
   * Applies the record's due moves. Called synchronously inside the request that reads the
   * record, so under any number of concurrent readers a move is applied exactly once and every
   * answer shows either the state before it or after it. `read` counts this call as a status
   * read for moves "after N reads".
   */
  settleAudit(sheet: AuditSheet, read: boolean, fired: Fired[]): void {
    if (read) sheet.reads++;
    if (sheet.pending.length === 0) return;
    const apply = (m: PendingMove) =>
      this.moveAudit(
        sheet,
        m.to as AuditStatus,
        { reason: m.reason, screenshot: m.screenshot },
        `schedule:${m.id}`,
      );
    this.settle(sheet.pending, sheet.tenant, read, apply, fired);
  }

  settleNickname(a: NicknameAudit, read: boolean, fired: Fired[]): void {
    if (read) a.reads++;
    if (a.pending.length === 0) return;
    const apply = (m: PendingMove) =>
      this.moveNickname(a, m.to as NicknameAuditStat, { fail_reason: m.reason }, `schedule:${m.id}`);
    this.settle(a.pending, a.tenant, read, apply, fired);
  }

  private settle(
    pending: PendingMove[],
    tenant: string,
    read: boolean,
    apply: (m: PendingMove) => Fired,
    fired: Fired[],
  ): void {
    const nowMs = this.clockOf(tenant).nowMs();
    const due = pending
      .filter((m) => (m.dueAtMs !== undefined && m.dueAtMs <= nowMs) || (read && m.readsLeft === 0))
      .sort((a, b) => (a.dueAtMs ?? nowMs) - (b.dueAtMs ?? nowMs) || a.id - b.id);
    if (read) for (const m of pending) if (m.readsLeft !== undefined && m.readsLeft > 0) m.readsLeft--;
    for (const m of due) {
      const at = pending.indexOf(m);
      if (at < 0) continue; // dropped by an earlier move to a final state
      pending.splice(at, 1);
      try {
        fired.push(apply(m));
      } catch (err) {
        // Moved elsewhere by an admin command meanwhile: the stale move is dropped.
        if (!(err instanceof IllegalTransitionError)) throw err;
      }
    }
  }

  /** Settles every record of a tenant (before any request of that tenant acts on its state). */
  settleTenant(t: Tenant, fired: Fired[]): void {
    for (let i = t.auditIds.length - 1; i >= 0; i--) {
      const s = this.audits.get(t.auditIds[i]!);
      if (s && s.pending.length > 0) this.settleAudit(s, false, fired);
    }
    for (let i = t.nicknameAuditIds.length - 1; i >= 0; i--) {
      const a = this.nicknameAudits.get(t.nicknameAuditIds[i]!);
      if (a && a.pending.length > 0) this.settleNickname(a, false, fired);
    }
  }

  /** Settles every tenant on `clock` (after that clock moved). */
  settleClock(clock: VirtualClock, fired: Fired[]): void {
    for (const t of this.tenants.values()) if (this.clockOf(t) === clock) this.settleTenant(t, fired);
  }

  // --- quotas ---------------------------------------------------------------------------

  /** The quota counters, reset when the Beijing month changed. */
  quotaOf(t: Tenant) {
    const { month } = beijingDayMonth(this.clockOf(t).now());
    if (t.quota.month !== month) {
      t.quota.month = month;
      t.quota.used = 0;
      t.quota.speedupUsed = 0;
    }
    return t.quota;
  }

  /** Takes one undo if the day's and month's allowance (Beijing time) has room. */
  takeUndo(t: Tenant): boolean {
    const { day, month } = beijingDayMonth(this.clockOf(t).now());
    if (t.undo.day !== day) Object.assign(t.undo, { day, dayCount: 0 });
    if (t.undo.month !== month) Object.assign(t.undo, { month, monthCount: 0 });
    if (t.undo.dayCount >= UNDO_PER_DAY || t.undo.monthCount >= UNDO_PER_MONTH) return false;
    t.undo.dayCount++;
    t.undo.monthCount++;
    return true;
  }

  /** Counts one name check; false when the configured per-minute limit is spent. */
  takeNameCheck(t: Tenant): boolean {
    const limit = this.rules.rateLimit?.perMinute;
    if (limit === undefined) return true;
    const minute = Math.floor(this.clockOf(t).now() / 60);
    if (t.checks.minute !== minute) Object.assign(t.checks, { minute, count: 0 });
    if (t.checks.count >= limit) return false;
    t.checks.count++;
    return true;
  }
}
