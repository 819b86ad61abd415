/**
 * The config file (YAML or JSON): tenants with their audits, platforms, name rules, fault rules,
 * clock, admin hosts. Validated with zod at start; errors give the path of each bad value (and its
 * line, from a file) and never quote the config, which holds secrets. Reading the file safely is
 * config-file.ts's job.
 */
import { z } from "zod";
import { AllowedHostSchema } from "./admin/browser-guard.js";
import { AUDIT_STATUS_NAME_LIST } from "./areas/code-audit/machine.js";
import { NICKNAME_STAT_NAME_LIST } from "./areas/nickname/machine.js";
import { ReleaseInitSchema } from "./areas/release/schemas.js";
import { IpWhitelistSchema } from "./areas/tokens/access.js";
import { at, ConfigError, type ConfigIssue, formatPath, type Locate } from "./config-error.js";
import { parseConfigText, readConfigText } from "./config-file.js";
import { FaultRuleInputSchema } from "./faults.js";
import { LimitsSchema } from "./limit-options.js";
import { CONFIG_FILE_MAX_BYTES, MAX_UNIX_SECONDS } from "./limits.js";
import { NameRulesSchema } from "./name-rules.js";
import { PushSettingsSchema } from "./push/settings.js";
import { MAX_TENANT_NAME } from "./tenants/naming.js";

export { ConfigError, formatPath };

const Unix = z.number().int().nonnegative().max(MAX_UNIX_SECONDS);

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

/** An audit quota as configured: limits, and what is already used this month. */
export const QuotaConfigSchema = z.strictObject({
  limit: z.number().int().nonnegative().optional(),
  speedupLimit: z.number().int().nonnegative().optional(),
  used: z.number().int().nonnegative().optional(),
  speedupUsed: z.number().int().nonnegative().optional(),
});

const CategoryId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const AuditCategorySchema = z.strictObject({
  first: CategoryId,
  second: CategoryId,
  third: CategoryId.optional(),
  /** Withdrawn by WeChat (官方下架): an item naming it answers 85077. */
  withdrawn: z.boolean().optional(),
});
/** Bounds on what a tenant's config may list (the admin API takes configs too). */
const MAX_CATEGORIES = 100;

export const TenantConfigSchema = z
  .strictObject({
    /** The appid; the tenant's name. */
    name: z.string().min(1).max(MAX_TENANT_NAME),
    /** App secret for /cgi-bin/token and stable_token (kept only as a hash). */
    secret: z.string().min(1).optional(),
    /** Only these caller IPs get plain or stable tokens (40164 for others). Absent: any IP. */
    ipWhitelist: IpWhitelistSchema.optional(),
    /** The AppSecret is frozen: /cgi-bin/token and stable_token answer 40243. */
    secretFrozen: z.boolean().optional(),
    /** Makes the tenant an authorizer of a platform (kept only as a hash). */
    authorizer: z
      .strictObject({ componentAppId: z.string().min(1), refreshToken: z.string().min(1) })
      .optional(),
    registeredViaApi: z.boolean().optional(),
    codeCommitted: z.boolean().optional(),
    released: z.boolean().optional(),
    /** false: submit_audit answers 86002 (no nickname, avatar or introduction yet). */
    profileComplete: z.boolean().optional(),
    /** true: submit_audit answers 85087 (navigateToMiniProgram used, its appids undeclared). */
    navigateAppIdsMissing: z.boolean().optional(),
    /** The categories set (get_category); submit_audit items must name one (85008, 85077). */
    categories: z.array(AuditCategorySchema).max(MAX_CATEGORIES).optional(),
    nickname: z.string().optional(),
    userVersion: z.string().optional(),
    /** Its own audit quota: only for a mini program of no platform (a platform's is `platforms[].quota`). */
    quota: QuotaConfigSchema.optional(),
    /** Renames allowed per Beijing calendar year (default 2, WeChat's); setnickname answers 91003 past it. */
    renamesPerYear: z.number().int().nonnegative().optional(),
    /** Renames already applied this Beijing year (default 0). */
    renamesUsed: z.number().int().nonnegative().optional(),
    /** Give the tenant its own clock (forked from the shared one). */
    ownClock: z.boolean().optional(),
    audits: z.array(AuditInitSchema).optional(),
    nicknameAudits: z.array(NicknameAuditInitSchema).optional(),
    /** The release step: a live version (also made when `released` is set), visit status, uploaded pages. */
    release: ReleaseInitSchema.optional(),
  })
  .refine((c) => !(c.quota && c.authorizer), {
    // One place for each fact: the audit quota of a platform's mini program is the platform's.
    message: "a platform's mini program shares the platform's quota: set it as platforms[].quota",
    path: ["quota"],
  });
export type TenantConfig = z.input<typeof TenantConfigSchema>;

export const PlatformConfigSchema = z.strictObject({
  appid: z.string().min(1),
  secret: z.string().min(1),
  verifyTicket: z.string().min(1),
  /** Only these caller IPs get the component token (61004 for others). Absent: any IP. */
  ipWhitelist: IpWhitelistSchema.optional(),
  /** Push audit results and verify tickets to this platform's URLs (push/settings.ts). */
  push: PushSettingsSchema.optional(),
  /** The audit quota of the month, shared by every mini program authorized to this platform. */
  quota: QuotaConfigSchema.optional(),
});
export type PlatformConfig = z.input<typeof PlatformConfigSchema>;

export const ConfigSchema = z.strictObject({
  seed: z.union([z.number(), z.string()]).optional(),
  strictTokens: z.boolean().optional(),
  clock: z
    .strictObject({
      /** Unix seconds the clock starts at (frozen unless `frozen: false`). */
      start: z.number().nonnegative().max(MAX_UNIX_SECONDS).optional(),
      frozen: z.boolean().optional(),
    })
    .optional(),
  /** Overrides of the emulator's limits (limits.ts), each range-checked. */
  limits: LimitsSchema.optional(),
  nameRules: NameRulesSchema.partial().optional(),
  platforms: z.array(PlatformConfigSchema).optional(),
  tenants: z.array(TenantConfigSchema).optional(),
  faults: z.array(FaultRuleInputSchema).optional(),
  /** Hosts besides the loopback names admin requests may be addressed to (admin/browser-guard.ts). */
  adminAllowedHosts: z.array(AllowedHostSchema).max(100).optional(),
});
export type EmulatorConfig = z.input<typeof ConfigSchema>;
export type ValidConfig = z.output<typeof ConfigSchema>;

/** Every key the config knows, at any depth: only these may be quoted in an error. */
let knownKeys: Set<string> | undefined;
export function isKnownKey(key: string): boolean {
  if (!knownKeys) {
    knownKeys = new Set();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object")
        for (const [k, child] of Object.entries(v)) {
          if (k === "properties" && child && typeof child === "object")
            for (const name of Object.keys(child)) knownKeys!.add(name);
          walk(child);
        }
    };
    walk(z.toJSONSchema(ConfigSchema, { io: "input", unrepresentable: "any" }));
  }
  return knownKeys.has(key);
}

/** zod's issues as ours: an unknown key is named only if it is a key of the config somewhere. */
function issuesOf(error: z.ZodError, locate?: Locate): ConfigIssue[] {
  return error.issues.flatMap((i): ConfigIssue[] => {
    const path = formatPath(i.path);
    if (i.code === "unrecognized_keys") {
      return i.keys.map((k) => ({
        path,
        message: `${isKnownKey(k) ? `key ${k} does not belong here` : "unknown key"}${at(locate?.(i.path, k))}`,
      }));
    }
    return [{ path, message: `${i.message}${at(locate?.(i.path))}` }];
  });
}

export function validateConfig(input: unknown, source = "config", locate?: Locate): ValidConfig {
  const parsed = ConfigSchema.safeParse(input ?? {});
  if (!parsed.success) throw new ConfigError(source, issuesOf(parsed.error, locate));
  return parsed.data;
}

/** Allowed admin hosts given as an option (not in the config), normalized; ConfigError naming a bad one. */
export function validateAllowedHosts(hosts: readonly string[] | undefined): string[] {
  const parsed = z
    .array(AllowedHostSchema)
    .max(100)
    .safeParse(hosts ?? []);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    "options",
    parsed.error.issues.map((i) => ({
      path: formatPath(["adminAllowedHosts", ...i.path]),
      message: i.message,
    })),
  );
}

export interface LoadOptions {
  /** Largest file read, in bytes (default CONFIG_FILE_MAX_BYTES). */
  maxBytes?: number | undefined;
}

/** Reads a YAML or JSON file (a regular file under the size limit) and validates it. */
export function loadConfigFile(file: string, opts: LoadOptions = {}): ValidConfig {
  const maxBytes = opts.maxBytes ?? CONFIG_FILE_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new ConfigError(file, [{ path: "", message: "configMaxBytes must be a positive integer" }]);
  const { data, locate } = parseConfigText(readConfigText(file, maxBytes), file, isKnownKey);
  return validateConfig(data, file, locate);
}

export function resolveConfig(
  config: EmulatorConfig | string | undefined,
  opts: LoadOptions = {},
): ValidConfig {
  if (config === undefined) return validateConfig({});
  return typeof config === "string" ? loadConfigFile(config, opts) : validateConfig(config);
}
