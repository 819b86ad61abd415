/**
 * The provider block: its schema, its offline validation, and its resolution against the
 * environment into what a session needs. Every credential defaults to the environment variable
 * core reads (`DEFAULT_ACCESS_TOKEN_ENV`, `DEFAULT_PLATFORM_ENV`), renamable through `env_names`
 * (the CDKTF constructs' `accessTokenVar`/`platformVars`).
 */
import {
  DEFAULT_ACCESS_TOKEN_ENV,
  DEFAULT_BASE_URL,
  DEFAULT_PLATFORM_ENV,
  type PlatformCredentials,
  type PlatformEnvNames,
} from "@wxa-audit/core";
import {
  type CallSettings,
  callSettingAttributes,
  callSettingsOf,
  DEFAULT_CALL_SETTINGS,
  validateCallSettings,
} from "./call-settings.js";
import type { AttributeSchema, BlockSchema, Diagnostic, TfObject } from "./contract.js";
import { errorAt } from "./diagnostics.js";
import { firstUnknown, isUnknown, stringOf } from "./values.js";

/** The base URL variable core's `clientFromEnv` reads. */
export const BASE_URL_ENV = "WECHAT_API_BASE_URL";

/** Credential attributes, each with the core name of the variable it defaults to. */
const CREDENTIALS = {
  access_token: {
    env: DEFAULT_ACCESS_TOKEN_ENV,
    sensitive: true,
    what: "A ready access token (for a third-party platform, the authorizer access token).",
  },
  component_appid: {
    env: DEFAULT_PLATFORM_ENV.componentAppId,
    sensitive: false,
    what: "Platform flow: the third-party platform's appid.",
  },
  component_appsecret: {
    env: DEFAULT_PLATFORM_ENV.componentAppSecret,
    sensitive: true,
    what: "Platform flow: the third-party platform's AppSecret.",
  },
  component_verify_ticket: {
    env: DEFAULT_PLATFORM_ENV.componentVerifyTicket,
    sensitive: true,
    what: "Platform flow: the latest `component_verify_ticket` WeChat pushed.",
  },
  authorizer_appid: {
    env: DEFAULT_PLATFORM_ENV.authorizerAppId,
    sensitive: false,
    what: "Platform flow: the mini program's appid.",
  },
  authorizer_refresh_token: {
    env: DEFAULT_PLATFORM_ENV.authorizerRefreshToken,
    sensitive: true,
    what: "Platform flow: the mini program's authorizer refresh token.",
  },
} as const;
type CredentialName = keyof typeof CREDENTIALS;

/**
 * The platform flow's credential attributes (also the keys of `env_names`), mapped onto core's
 * PlatformEnvNames: the one place that pairs the two spellings (the CDKTF constructs read it).
 */
export const PLATFORM_KEYS: Record<Exclude<CredentialName, "access_token">, keyof PlatformEnvNames> = {
  component_appid: "componentAppId",
  component_appsecret: "componentAppSecret",
  component_verify_ticket: "componentVerifyTicket",
  authorizer_appid: "authorizerAppId",
  authorizer_refresh_token: "authorizerRefreshToken",
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const PROVIDER_ATTRIBUTES: readonly AttributeSchema[] = [
  {
    name: "base_url",
    type: "string",
    description: `Where WeChat is: \`https://api.weixin.qq.com\` unless \`${BASE_URL_ENV}\` says otherwise (point CI at the emulator). An http(s) URL without credentials or query string: it shows in plan output.`,
    optional: true,
  },
  ...Object.entries(CREDENTIALS).map(
    ([name, c]): AttributeSchema => ({
      name,
      type: "string",
      description: `${c.what} Default: the environment variable \`${c.env}\` (renamed by \`env_names.${name}\`).${c.sensitive ? " Prefer the environment: a value written in configuration is kept in plan files." : ""}`,
      optional: true,
      ...(c.sensitive && { sensitive: true }),
    }),
  ),
  {
    name: "env_names",
    type: ["map", "string"],
    description: `Names of the environment variables the credentials are read from, where yours differ from the defaults. Keys: ${Object.keys(
      CREDENTIALS,
    )
      .map((k) => `\`${k}\``)
      .join(", ")}. Only names travel in configuration, never values.`,
    optional: true,
  },
  ...callSettingAttributes("provider"),
];

export const PROVIDER_BLOCK: BlockSchema = {
  version: 0,
  description: `Checks WeChat mini-program nicknames and release audits during \`plan\`. Credentials come from the environment of \`plan\` by default: \`${DEFAULT_ACCESS_TOKEN_ENV}\`, or the third-party platform flow's \`WECHAT_COMPONENT_*\` and \`WECHAT_AUTHORIZER_*\` variables.`,
  attributes: PROVIDER_ATTRIBUTES,
};

/** Offline checks; unknown values are skipped (checked again at configure). */
export function validateProviderConfig(config: TfObject): Diagnostic[] {
  const out: Diagnostic[] = [...validateCallSettings(config)];
  const base = stringOf(config, "base_url");
  if (base !== undefined) {
    const problem = baseUrlProblem(base);
    if (problem) out.push(errorAt("base_url", "Invalid base_url", problem));
  }
  const names = config.env_names;
  if (
    names !== null &&
    // Stryker disable next-line ConditionalExpression: undefined is no object either (the typeof below)
    names !== undefined &&
    !isUnknown(names) &&
    // Stryker disable next-line ConditionalExpression: env_names is a map(string): null, unknown or an object is all Terraform sends
    typeof names === "object" &&
    !Array.isArray(names)
  ) {
    for (const [key, value] of Object.entries(names)) {
      if (!(key in CREDENTIALS)) {
        out.push(
          errorAt(
            ["env_names", key],
            "Invalid env_names key",
            `"${key}" is not one of ${Object.keys(CREDENTIALS).join(", ")}.`,
          ),
        );
      } else if (typeof value === "string" && !ENV_NAME.test(value)) {
        out.push(
          errorAt(
            ["env_names", key],
            "Invalid environment variable name",
            `env_names.${key} must be a variable name (letters, digits, _), got ${JSON.stringify(value)}.`,
          ),
        );
      }
    }
  }
  for (const name of Object.keys(CREDENTIALS)) {
    if (config[name] === "")
      out.push(
        errorAt(
          name,
          `Empty ${name}`,
          `${name} is set but empty; leave it unset to read ${CREDENTIALS[name as CredentialName].env}.`,
        ),
      );
  }
  return out;
}

/** Why a base URL is refused, or undefined: http(s), no credentials, no query, no fragment. */
export function baseUrlProblem(value: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return `base_url must be an absolute http(s) URL, got ${JSON.stringify(value)}.`;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    // Stryker disable next-line Regex: a URL's protocol has its one colon at the end
    return `base_url must use http or https, not ${u.protocol.replace(/:$/, "")}.`;
  if (u.username || u.password) return "base_url must not carry credentials: it shows in plan output.";
  if (u.search) return "base_url must not carry a query string: it shows in plan output.";
  if (u.hash) return "base_url must not carry a fragment.";
  return undefined;
}

export type Credentials =
  | { kind: "access_token"; accessToken: string }
  | ({ kind: "platform" } & PlatformCredentials);

export interface ResolvedConfig {
  baseUrl: string;
  credentials: Credentials;
  settings: CallSettings;
  /** Every credential value found (for scrubbing), secret or not-so-secret. */
  secretValues: string[];
}

export type Resolution =
  | { ok: true; config: ResolvedConfig }
  | { ok: false; diagnostics: Diagnostic[] }
  /** Terraform has not decided this attribute yet: reads will say so. */
  | { ok: "unknown"; attribute: string };

/** Config over environment, then which credential flow applies. Never throws. */
export function resolveProviderConfig(config: TfObject, env: NodeJS.ProcessEnv): Resolution {
  const unknown = firstUnknown(
    config,
    PROVIDER_ATTRIBUTES.map((a) => a.name),
  );
  if (unknown) return { ok: "unknown", attribute: unknown };
  const diagnostics = validateProviderConfig(config);
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const renamed = (config.env_names ?? {}) as Record<string, string>;
  const varOf = (name: CredentialName) => renamed[name] || CREDENTIALS[name].env;
  const credentialOf = (name: CredentialName) => stringOf(config, name) || env[varOf(name)] || undefined;
  const sourceOf = (name: CredentialName) => `${name} (or ${varOf(name)})`;

  const envBase = env[BASE_URL_ENV];
  const baseUrl = stringOf(config, "base_url") ?? (envBase || DEFAULT_BASE_URL);
  if (baseUrl !== stringOf(config, "base_url")) {
    const problem = baseUrlProblem(baseUrl);
    if (problem)
      return {
        ok: false,
        diagnostics: [
          errorAt("base_url", `Invalid ${BASE_URL_ENV}`, problem.replace(/^base_url/, BASE_URL_ENV)),
        ],
      };
  }

  const secretValues = (Object.keys(CREDENTIALS) as CredentialName[])
    .map((n) => credentialOf(n))
    .filter((v): v is string => Boolean(v));
  const settings = callSettingsOf(config, DEFAULT_CALL_SETTINGS);

  const accessToken = credentialOf("access_token");
  if (accessToken)
    return {
      ok: true,
      config: { baseUrl, credentials: { kind: "access_token", accessToken }, settings, secretValues },
    };

  const platform = Object.keys(PLATFORM_KEYS) as Exclude<CredentialName, "access_token">[];
  const present = platform.filter((n) => credentialOf(n));
  if (present.length === 0) {
    return {
      ok: false,
      diagnostics: [
        errorAt(
          "access_token",
          "No WeChat credentials",
          `Set ${sourceOf("access_token")}, or the platform flow's ${platform.map(sourceOf).join(", ")} in the environment of plan.`,
        ),
      ],
    };
  }
  const missing = platform.filter((n) => !credentialOf(n));
  if (missing.length > 0) {
    return {
      ok: false,
      diagnostics: missing.map((n) =>
        errorAt(
          n,
          "Platform flow incomplete",
          `${sourceOf(n)} is not set; the platform flow needs ${platform.join(", ")}.`,
        ),
      ),
    };
  }
  const creds = Object.fromEntries(
    platform.map((n) => [PLATFORM_KEYS[n], credentialOf(n)!]),
  ) as unknown as PlatformCredentials;
  return {
    ok: true,
    config: { baseUrl, credentials: { kind: "platform", ...creds }, settings, secretValues },
  };
}
