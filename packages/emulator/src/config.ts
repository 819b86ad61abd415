/**
 * The config file (YAML or JSON): tenants with their audits, platforms, name rules, fault rules,
 * clock. Validated with zod at start; errors give the path of each bad value.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { z } from "zod";
import { AUDIT_STATUS_NAME_LIST } from "./areas/code-audit/machine.js";
import { NICKNAME_STAT_NAME_LIST } from "./areas/nickname/machine.js";
import { FaultRuleInputSchema } from "./faults.js";
import { LimitsSchema } from "./limit-options.js";
import { NameRulesSchema } from "./name-rules.js";
import { PushSettingsSchema } from "./push/settings.js";

const Unix = z.number().int().nonnegative();

export const AuditInitSchema = z.strictObject({
  auditid: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  status: z.enum(AUDIT_STATUS_NAME_LIST).default("in_review"),
  reason: z.string().optional(),
  screenshot: z.string().optional(),
  submitTime: Unix.optional(),
  userVersion: z.string().optional(),
  userDesc: z.string().optional(),
  spedUp: z.boolean().optional(),
});

export const NicknameAuditInitSchema = z.strictObject({
  audit_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  nickname: z.string().min(1),
  stat: z.enum(NICKNAME_STAT_NAME_LIST).default("in_review"),
  fail_reason: z.string().optional(),
  create_time: Unix.optional(),
  audit_time: Unix.optional(),
});

export const TenantConfigSchema = z.strictObject({
  /** The appid; the tenant's name. */
  name: z.string().min(1).max(128),
  /** App secret for /cgi-bin/token and stable_token (kept only as a hash). */
  secret: z.string().min(1).optional(),
  /** Makes the tenant an authorizer of a platform (kept only as a hash). */
  authorizer: z
    .strictObject({ componentAppId: z.string().min(1), refreshToken: z.string().min(1) })
    .optional(),
  registeredViaApi: z.boolean().optional(),
  codeCommitted: z.boolean().optional(),
  released: z.boolean().optional(),
  nickname: z.string().optional(),
  userVersion: z.string().optional(),
  quota: z
    .strictObject({
      limit: z.number().int().nonnegative().optional(),
      speedupLimit: z.number().int().nonnegative().optional(),
      used: z.number().int().nonnegative().optional(),
      speedupUsed: z.number().int().nonnegative().optional(),
    })
    .optional(),
  /** Give the tenant its own clock (forked from the shared one). */
  ownClock: z.boolean().optional(),
  audits: z.array(AuditInitSchema).optional(),
  nicknameAudits: z.array(NicknameAuditInitSchema).optional(),
});
export type TenantConfig = z.input<typeof TenantConfigSchema>;

export const PlatformConfigSchema = z.strictObject({
  appid: z.string().min(1),
  secret: z.string().min(1),
  verifyTicket: z.string().min(1),
  /** Push audit results and verify tickets to this platform's URLs (push/settings.ts). */
  push: PushSettingsSchema.optional(),
});
export type PlatformConfig = z.input<typeof PlatformConfigSchema>;

export const ConfigSchema = z.strictObject({
  seed: z.union([z.number(), z.string()]).optional(),
  strictTokens: z.boolean().optional(),
  clock: z
    .strictObject({
      /** Unix seconds the clock starts at (frozen unless `frozen: false`). */
      start: z.number().nonnegative().optional(),
      frozen: z.boolean().optional(),
    })
    .optional(),
  /** Overrides of the emulator's limits (limits.ts), each range-checked. */
  limits: LimitsSchema.optional(),
  nameRules: NameRulesSchema.partial().optional(),
  platforms: z.array(PlatformConfigSchema).optional(),
  tenants: z.array(TenantConfigSchema).optional(),
  faults: z.array(FaultRuleInputSchema).optional(),
});
export type EmulatorConfig = z.input<typeof ConfigSchema>;
export type ValidConfig = z.output<typeof ConfigSchema>;

/** A config (file) that failed validation; `issues` name each bad value by its path. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: Array<{ path: string; message: string }>,
  ) {
    super(
      `invalid emulator config (${source}):\n${issues.map((i) => `  ${i.path || "(root)"}: ${i.message}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/** `tenants[0].audits[1].status` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

export function validateConfig(input: unknown, source = "config"): ValidConfig {
  const parsed = ConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new ConfigError(
      source,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  return parsed.data;
}

/** Reads a YAML or JSON file (YAML is a superset of JSON) and validates it. */
export function loadConfigFile(file: string): ValidConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(file, [{ path: "", message: `cannot read: ${(err as Error).message}` }]);
  }
  let data: unknown;
  try {
    // Loaded only when a config file is read: start-up without one does not pay for it.
    const yaml = createRequire(import.meta.url)("yaml") as typeof import("yaml");
    data = yaml.parse(text);
  } catch (err) {
    throw new ConfigError(file, [{ path: "", message: `not YAML or JSON: ${(err as Error).message}` }]);
  }
  return validateConfig(data, file);
}

export function resolveConfig(config: EmulatorConfig | string | undefined): ValidConfig {
  if (config === undefined) return validateConfig({});
  return typeof config === "string" ? loadConfigFile(config) : validateConfig(config);
}
