/**
 * Which `wxa-audit/wechat` provider configuration a check reads through. Where WeChat is and which
 * variables hold the credentials are provider settings now, so:
 *
 * - checks with the default settings share the stack's default `WechatProvider`: the user's if
 *   they declared one (before or after the checks), else one declared once for all checks;
 * - checks with another `baseUrl`/`accessTokenVar`/`platformVars` share one aliased
 *   `WechatProvider` per distinct combination, with `base_url` and `env_names` set.
 */
import { createHash } from "node:crypto";
import { DEFAULT_ACCESS_TOKEN_ENV, DEFAULT_PLATFORM_ENV, type PlatformEnvNames } from "@wxa-audit/core";
import { PLATFORM_KEYS } from "@wxa-audit/terraform-provider";
import { DefaultTokenResolver, StringConcat, TerraformProvider, TerraformStack, Tokenization } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { WechatProvider } from "./gen/provider/index.js";
import { invalidProp, isToken, nonEmptyString } from "./props.js";

/** The provider-level settings a check may ask for. */
export interface WechatProviderSettings {
  readonly baseUrl?: string | undefined;
  readonly accessTokenVar?: string | undefined;
  readonly platformVars?: Partial<PlatformEnvNames> | undefined;
}

/**
 * The settings as props give them, checked: literal variable names must be non-empty strings
 * (the provider checks their shape at plan), `platformVars` keys core's. A token may stand for
 * `baseUrl`, `accessTokenVar` or any one variable name, not for the whole `platformVars`: its
 * keys are renamed into `env_names`', which a token's cannot be.
 */
export function providerSettingsOf(
  self: Construct,
  settings: WechatProviderSettings,
): WechatProviderSettings {
  const { baseUrl, accessTokenVar, platformVars } = settings;
  if (platformVars !== undefined && (isToken(platformVars) || typeof platformVars !== "object")) {
    invalidProp(self, "platformVars", "an object with one variable name (or token) per key, not a token");
  }
  const known = Object.keys(DEFAULT_PLATFORM_ENV);
  const checked: Partial<Record<keyof PlatformEnvNames, string>> = {};
  for (const [key, name] of Object.entries(platformVars ?? {})) {
    if (!known.includes(key))
      invalidProp(self, "platformVars", `keyed by ${known.join(", ")}`, { value: key });
    if (name !== undefined) {
      checked[key as keyof PlatformEnvNames] = nonEmptyString(self, `platformVars.${key}`, name);
    }
  }
  return {
    baseUrl,
    accessTokenVar:
      accessTokenVar === undefined ? undefined : nonEmptyString(self, "accessTokenVar", accessTokenVar),
    ...(platformVars !== undefined && { platformVars: checked }),
  };
}

/** `env_names` for the settings: only the names that differ from core's defaults. */
export function envNamesOf(settings: WechatProviderSettings): Record<string, string> {
  const names: Record<string, string> = {};
  if (settings.accessTokenVar !== undefined && settings.accessTokenVar !== DEFAULT_ACCESS_TOKEN_ENV) {
    names.access_token = settings.accessTokenVar;
  }
  for (const [key, prop] of Object.entries(PLATFORM_KEYS) as [string, keyof PlatformEnvNames][]) {
    const name = settings.platformVars?.[prop];
    if (name !== undefined && name !== DEFAULT_PLATFORM_ENV[prop]) names[key] = name;
  }
  return names;
}

/** Declared by the checks for the default settings; emits nothing once the user declared their own. */
class AutoWechatProvider extends WechatProvider {
  override toTerraform(): Record<string, unknown> {
    return userDefaultProvider(this) ? {} : super.toTerraform();
  }
  override toHclTerraform(): Record<string, unknown> {
    return userDefaultProvider(this) ? {} : super.toHclTerraform();
  }
}

const AUTO_PROVIDER_ID = "WxaAuditWechatProvider";

function wechatProvidersOf(stack: TerraformStack): TerraformProvider[] {
  return stack.node
    .findAll()
    .filter(
      (c: IConstruct): c is TerraformProvider =>
        TerraformProvider.isTerraformProvider(c) &&
        c.terraformResourceType === WechatProvider.tfResourceType &&
        !(c instanceof AliasedWechatProvider),
    );
}

function userDefaultProvider(auto: AutoWechatProvider): TerraformProvider | undefined {
  return wechatProvidersOf(TerraformStack.of(auto)).find(
    (p) => p !== auto && !(p instanceof AutoWechatProvider) && p.alias === undefined,
  );
}

/**
 * `value` with its tokens resolved to their expressions (`${var.v}`), for comparing settings. Not
 * `preparing`: no cross-stack output is created here; the token itself still goes to the block.
 */
function resolvedForKey(stack: TerraformStack, value: unknown): unknown {
  try {
    return Tokenization.resolve(value, {
      scope: stack,
      preparing: false,
      resolver: new DefaultTokenResolver(new StringConcat()),
    });
  } catch {
    return value; // unresolvable before synth: keyed by its own text
  }
}

/** Declared by the checks for non-default settings, one per distinct combination. */
class AliasedWechatProvider extends WechatProvider {}

/**
 * The provider a check with these settings reads through: `undefined` for the default settings
 * (the data source then uses the stack's default configuration, declared here if missing), else
 * the aliased provider to pass as the data source's `provider`.
 */
export function wechatProviderFor(
  scope: Construct,
  settings: WechatProviderSettings,
): WechatProvider | undefined {
  const stack = TerraformStack.of(scope);
  const envNames = envNamesOf(settings);
  if (settings.baseUrl === undefined && Object.keys(envNames).length === 0) {
    const existing = wechatProvidersOf(stack).filter((p) => p.alias === undefined);
    if (existing.length === 0) new AutoWechatProvider(stack, AUTO_PROVIDER_ID);
    return undefined;
  }
  // Sorted keys: the same settings in another order are the same configuration. Tokens are keyed
  // by what they resolve to: each read of `v.stringValue` is a new token for the same `var.v`.
  const key = JSON.stringify(
    resolvedForKey(stack, [settings.baseUrl ?? null, Object.entries(envNames).sort()]),
  );
  const alias = `wxa_${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
  const id = `${AUTO_PROVIDER_ID}-${alias}`;
  const found = stack.node.tryFindChild(id);
  if (found instanceof AliasedWechatProvider) return found;
  return new AliasedWechatProvider(stack, id, {
    alias,
    ...(settings.baseUrl !== undefined && { baseUrl: settings.baseUrl }),
    ...(Object.keys(envNames).length > 0 && { envNames }),
  });
}
