/**
 * A typed HTTP client of the admin API; usable on its own: `new AdminClient(url, adminToken?)`.
 * Each method is one row of the admin route table (admin/routes.ts), named after it: method and
 * path come from the row, so the client cannot call a route the server does not have.
 */
import type { z } from "zod";
import type { AdminRoute } from "./admin/route.js";
import type {
  AdvanceResultSchema,
  AuditScheduleBody,
  AuditSheetSchema,
  AuditTransitionBody,
  ClockStateSchema,
  FiredSchema,
  NicknameAuditSchema,
  NicknameTransitionBody,
  ReleaseStateSchema,
  Snapshot,
  TenantViewSchema,
} from "./admin/schemas.js";
import type { EmulatorConfig, PlatformConfig, TenantConfig } from "./config.js";
import type { FaultRule, FaultRuleInput } from "./faults.js";
import type { JournalEntry, JournalFilter } from "./journal.js";
import type { NameRules, NameRulesPatch } from "./name-rules.js";
import type { DeliverySchema } from "./push/admin.js";
import type { pushSettingsView } from "./push/settings.js";
import { lenientTenantName } from "./tenants/naming.js";
import { secretHash } from "./tenants/secrets.js";

// The route table is loaded on the first call, not when the client is made: startEmulator makes
// one, and the CLI should not pay for the admin schemas before its first WeChat answer.
let routes: Promise<Map<string, AdminRoute>> | undefined;
const routeTable = () =>
  (routes ??= import("./admin/routes.js").then((m) => new Map(m.ADMIN_ROUTES.map((r) => [r.name, r]))));

export type ClockState = z.output<typeof ClockStateSchema>;
export type PushDelivery = z.output<typeof DeliverySchema>;
export type PushSettingsView = ReturnType<typeof pushSettingsView>;
export type Fired = z.output<typeof FiredSchema>;
export type AdvanceResult = z.output<typeof AdvanceResultSchema>;
export type AuditView = z.output<typeof AuditSheetSchema> & { statusName: string };
export type NicknameAuditView = z.output<typeof NicknameAuditSchema> & { statName: string };
export type TenantView = z.output<typeof TenantViewSchema>;
export type ReleaseView = z.output<typeof ReleaseStateSchema>;
export type { EmulatorConfig, FaultRule, FaultRuleInput, JournalEntry, NameRules, Snapshot, TenantConfig };

export type AuditTransitionInput = z.input<typeof AuditTransitionBody>;
export type NicknameTransitionInput = z.input<typeof NicknameTransitionBody>;
/** When a scheduled move falls due: after a delay on the clock, or after N status reads. */
export type Trigger = Pick<z.input<typeof AuditScheduleBody>, "afterSeconds" | "afterReads">;

/** An admin API refusal: HTTP status, a stable code, and the bad field or the current state. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly current?: string,
  ) {
    super(message);
    this.name = "AdminError";
  }
}

/** Lenient-mode tenant name of a token (computed locally, as the emulator does). */
export function tenantOfToken(accessToken: string): string {
  return lenientTenantName(secretHash(accessToken));
}

export class AdminClient {
  readonly url: string;
  readonly #token: string | undefined;

  constructor(url: string, adminToken?: string) {
    this.url = url.replace(/\/+$/, "");
    this.#token = adminToken;
  }

  /** Lenient-mode tenant of a token you made up (a token issued by the emulator names its appid). */
  tenantOf(accessToken: string): string {
    return tenantOfToken(accessToken);
  }

  /** Calls the route named `name`, filling its `{params}`; a GET sends `input` as the query. */
  async #route<T>(name: string, params: Record<string, string | number> = {}, input?: unknown): Promise<T> {
    const row = (await routeTable()).get(name);
    if (!row) throw new Error(`no admin route ${name}`);
    const path = row.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(String(params[p])));
    return row.method === "GET"
      ? this.#req(row.method, path, undefined, input as Record<string, unknown> | undefined)
      : this.#req(row.method, path, input);
  }

  async #req<T>(method: string, path: string, body?: unknown, query?: Record<string, unknown>): Promise<T> {
    let url = `${this.url}/__admin${path}`;
    if (query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v));
      if ([...qs].length > 0) url += `?${qs}`;
    }
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    const res = await fetch(url, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new AdminError(res.status, "bad_answer", `admin API answered non-JSON (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string; field?: string; current?: string } })
        ?.error;
      throw new AdminError(
        res.status,
        e?.code ?? "http_error",
        e?.message ?? `HTTP ${res.status}`,
        e?.field,
        e?.current,
      );
    }
    return json as T;
  }

  async health(): Promise<{ ok: boolean; strictTokens: boolean; seeded: boolean }> {
    return this.#route("health");
  }
  async reset(tenant?: string): Promise<void> {
    await this.#route("reset", {}, tenant === undefined ? {} : { tenant });
  }

  clock(tenant?: string): Promise<ClockState> {
    return this.#route("clock", {}, { tenant });
  }
  advanceClock(seconds: number, tenant?: string): Promise<AdvanceResult> {
    return this.#route("advanceClock", {}, { seconds, ...(tenant !== undefined && { tenant }) });
  }
  setClock(
    opts: { now?: number; frozen?: boolean },
    tenant?: string,
  ): Promise<ClockState & { fired: Fired[] }> {
    return this.#route("setClock", {}, { ...opts, ...(tenant !== undefined && { tenant }) });
  }

  getAudit(auditid: number): Promise<AuditView> {
    return this.#route("getAudit", { auditid });
  }
  transitionAudit(
    auditid: number,
    body: AuditTransitionInput,
  ): Promise<{ fired: Fired[]; audit: AuditView }> {
    return this.#route("transitionAudit", { auditid }, body);
  }
  scheduleAudit(
    auditid: number,
    body: AuditTransitionInput & Trigger,
  ): Promise<{ scheduled: unknown; audit: AuditView }> {
    return this.#route("scheduleAudit", { auditid }, body);
  }
  getNicknameAudit(auditId: number): Promise<NicknameAuditView> {
    return this.#route("getNicknameAudit", { auditId });
  }
  transitionNicknameAudit(
    auditId: number,
    body: NicknameTransitionInput,
  ): Promise<{ fired: Fired[]; nicknameAudit: NicknameAuditView }> {
    return this.#route("transitionNicknameAudit", { auditId }, body);
  }
  scheduleNicknameAudit(
    auditId: number,
    body: NicknameTransitionInput & Trigger,
  ): Promise<{ scheduled: unknown; nicknameAudit: NicknameAuditView }> {
    return this.#route("scheduleNicknameAudit", { auditId }, body);
  }

  /** A tenant's release step: uploaded code, live version, history, phased plan, visit status. */
  release(tenant: string): Promise<ReleaseView> {
    return this.#route("release", { name: tenant });
  }

  getNameRules(): Promise<NameRules> {
    return this.#route("getNameRules");
  }
  /** Replaces the given keys; `rateLimit: null` turns the rate limit off. */
  setNameRules(patch: NameRulesPatch): Promise<NameRules> {
    return this.#route("setNameRules", {}, patch);
  }

  addFault(rule: FaultRuleInput): Promise<{ id: string }> {
    return this.#route("addFault", {}, rule);
  }
  listFaults(): Promise<FaultRule[]> {
    return this.#route("listFaults");
  }
  async removeFault(id: string): Promise<void> {
    await this.#route("removeFault", { id });
  }
  async clearFaults(): Promise<void> {
    await this.#route("clearFaults");
  }

  journal(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    return this.#route("journal", {}, { ...filter });
  }
  async journalCount(filter: JournalFilter = {}): Promise<number> {
    return (await this.#route<{ count: number }>("journalCount", {}, { ...filter })).count;
  }

  tenants(): Promise<TenantView[]> {
    return this.#route("tenants");
  }
  tenant(name: string): Promise<TenantView> {
    return this.#route("tenant", { name });
  }
  /** Creates (or replaces) a tenant, with its audits, secret and authorizer binding. */
  createTenant(tenant: TenantConfig): Promise<TenantView> {
    return this.#route("createTenant", {}, tenant);
  }
  /** Replaces a tenant's IP whitelist (40164) and frozen secret (40243), keeping the rest of it. */
  setTokenAccess(
    name: string,
    access: { ipWhitelist?: string[]; secretFrozen?: boolean },
  ): Promise<TenantView> {
    return this.#route("setTokenAccess", { name }, access);
  }
  /** The platforms the emulator knows, with their push settings (never the token or key). */
  platforms(): Promise<Array<{ appid: string; push?: PushSettingsView }>> {
    return this.#route("platforms");
  }
  async addPlatform(platform: PlatformConfig): Promise<void> {
    await this.#route("addPlatform", {}, platform);
  }

  /** Push deliveries with their tries, oldest first. */
  pushes(
    filter: { platform?: string; tenant?: string; state?: PushDelivery["state"] } = {},
  ): Promise<PushDelivery[]> {
    return this.#route("pushes", {}, { ...filter });
  }
  push(delivery: number): Promise<PushDelivery> {
    return this.#route("push", { delivery });
  }
  /** One more try of a delivery, now (whatever its state). */
  redeliverPush(delivery: number): Promise<PushDelivery> {
    return this.#route("redeliverPush", { delivery });
  }
  /** Waits until no push is pending or under way (retries waiting for the clock excepted); false on time-out. */
  async flushPushes(timeoutMs?: number): Promise<boolean> {
    const out = await this.#route<{ idle: boolean }>(
      "flushPushes",
      {},
      timeoutMs === undefined ? {} : { timeoutMs },
    );
    return out.idle;
  }
  /** Pushes a fresh component_verify_ticket to the platform's authUrl now; returns the delivery id. */
  async pushVerifyTicket(platform: string): Promise<number> {
    return (await this.#route<{ delivery: number }>("pushVerifyTicket", {}, { platform })).delivery;
  }

  exportSnapshot(): Promise<Snapshot> {
    return this.#route("exportSnapshot");
  }
  async importSnapshot(s: Snapshot): Promise<void> {
    await this.#route("importSnapshot", {}, s);
  }

  openApi(): Promise<Record<string, unknown>> {
    return this.#route("openApi");
  }
}
