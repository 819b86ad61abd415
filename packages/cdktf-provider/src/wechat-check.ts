/**
 * What the five checks share: one `data.wechat_*` data source of the wxa-audit/wechat provider,
 * read during `plan`. The provider computes the verdict and reports a failed expectation as an
 * error diagnostic (severity "error": the plan fails) or a warning (the plan goes on), so the
 * constructs declare no postconditions and no `check` blocks: they validate literal props at
 * synth, pick the provider configuration, and expose the data source's attributes.
 */
import type { PlatformEnvNames } from "@wxa-audit/core";
import { NumericId } from "@wxa-audit/core/tables";
import { type IResolvable, Token } from "cdktf";
import { Construct } from "constructs";
import type { DataWechatNicknameCheck } from "./gen/data-wechat-nickname-check/index.js";
import type { WechatProvider } from "./gen/provider/index.js";
import { wechatProviderFor } from "./wechat-provider.js";

/** "error": a failed check fails the plan. "warning": the plan goes on with a warning. */
export type Severity = "error" | "warning";
export const SEVERITIES: readonly Severity[] = ["error", "warning"];

/** The data source types, without their `wechat_` prefix. */
export type CheckKind =
  | "nickname_check"
  | "nickname_audit"
  | "code_audit"
  | "latest_code_audit"
  | "audit_quota";

/** Props every WeChat check takes. */
export interface WechatCheckCommonProps {
  /** How a failed check is reported: "error" (the plan fails) or "warning" (it goes on). Default "error". */
  readonly severity?: Severity;
  /** WeChat API base URL (provider-level: a non-default value gets its own aliased provider). Default: the provider's. */
  readonly baseUrl?: string;
  /** Name of the variable holding a ready access token (provider-level). Default `WECHAT_ACCESS_TOKEN`. */
  readonly accessTokenVar?: string;
  /** Names of the platform flow's variables you renamed (provider-level; defaults: core's `DEFAULT_PLATFORM_ENV`). */
  readonly platformVars?: Partial<PlatformEnvNames>;
  /** Total time for this read, token fetches, retries and waits included, ms. Default: the provider's. */
  readonly timeBudgetMs?: number;
  /** First retry backoff ceiling (doubled each retry), ms. Default: the provider's. */
  readonly retryBaseDelayMs?: number;
  /** Attempts per call, the first included. Default: the provider's. */
  readonly retryMaxAttempts?: number;
  /** Timeout of one HTTP exchange, ms. Default: the provider's. */
  readonly requestTimeoutMs?: number;
}

/** What every `wechat_*` data source computes (the same in all the generated classes). */
export type CommonAttributes = Pick<
  DataWechatNicknameCheck,
  "ok" | "outcome" | "message" | "errcode" | "errmsg" | "rid" | "meaning" | "category" | "endpoint"
>;

/** The config entries every data source takes, derived from the common props. */
export interface CommonDataSourceConfig {
  readonly severity: string;
  readonly timeBudgetMs?: number;
  readonly retryBaseDelayMs?: number;
  readonly retryMaxAttempts?: number;
  readonly requestTimeoutMs?: number;
  readonly provider?: WechatProvider;
}

export abstract class WechatCheck<D extends CommonAttributes = CommonAttributes> extends Construct {
  /** The `data.wechat_*` data source (a generated binding) holding the check. */
  readonly dataSource: D;
  /** The aliased provider the check reads through, when its settings are not the default ones. */
  readonly provider: WechatProvider | undefined;
  readonly severity: Severity;
  readonly kind: CheckKind;

  protected constructor(
    scope: Construct,
    id: string,
    kind: CheckKind,
    props: WechatCheckCommonProps,
    /** Validates the kind's own props (errors name `self.node.path`) and declares the data source. */
    declare: (self: Construct, common: CommonDataSourceConfig) => D,
  ) {
    super(scope, id);
    this.kind = kind;
    this.severity = props.severity ?? "error";
    oneOf(this, "severity", this.severity, SEVERITIES);
    const overrides = {
      timeBudgetMs: positiveInteger(this, "timeBudgetMs", props.timeBudgetMs, 1),
      retryBaseDelayMs: positiveInteger(this, "retryBaseDelayMs", props.retryBaseDelayMs, 0),
      retryMaxAttempts: positiveInteger(this, "retryMaxAttempts", props.retryMaxAttempts, 1),
      requestTimeoutMs: positiveInteger(this, "requestTimeoutMs", props.requestTimeoutMs, 1),
    };
    if (props.baseUrl !== undefined) validateBaseUrl(this, props.baseUrl);
    this.provider = wechatProviderFor(this, props);
    const common: CommonDataSourceConfig = {
      severity: this.severity,
      ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
      ...(this.provider && { provider: this.provider }),
    };
    this.dataSource = declare(this, common);
  }

  /** Whether the expectation held (a boolean token; false when WeChat could not be read). */
  get ok(): IResolvable {
    return this.dataSource.ok;
  }
  /** passed, hit_condition, errcode, status, unreachable or budget_spent. */
  get outcome(): string {
    return this.dataSource.outcome;
  }
  /** The provider's sentence about the outcome (the diagnostic's text when it failed). */
  get message(): string {
    return this.dataSource.message;
  }
  /** WeChat's errcode (a number token; 0 on success). */
  get errcode(): number {
    return this.dataSource.errcode;
  }
  /** WeChat's errmsg of a failed call. */
  get errmsg(): string {
    return this.dataSource.errmsg;
  }
  /** WeChat's request id of a failed call (for WeChat support). */
  get rid(): string {
    return this.dataSource.rid;
  }
  /** Catalogue meaning of the errcode, from @wxa-audit/core. */
  get meaning(): string {
    return this.dataSource.meaning;
  }
  /** Catalogue category of the errcode, from @wxa-audit/core. */
  get category(): string {
    return this.dataSource.category;
  }
  /** WeChat interface of the failing call. */
  get endpoint(): string {
    return this.dataSource.endpoint;
  }
}

/** Throws a synth error naming the construct. */
export function invalid(self: Construct, message: string): never {
  throw new Error(`${self.node.path}: ${message}`);
}

/** A literal must be one of `allowed`; a token is left to the provider's validation. */
export function oneOf<T extends string>(
  self: Construct,
  prop: string,
  value: string,
  allowed: readonly T[],
): T {
  if (!Token.isUnresolved(value) && !allowed.includes(value as T)) {
    invalid(
      self,
      `${prop} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

function positiveInteger(
  self: Construct,
  prop: string,
  value: number | undefined,
  min: number,
): number | undefined {
  if (value === undefined || Token.isUnresolved(value)) return value;
  if (!Number.isInteger(value) || value < min) {
    invalid(self, `${prop} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

/** An audit id as the data source takes it (a number); tokens, number or string, pass unvalidated. */
export function auditIdOf(self: Construct, value: number | string): number {
  if (Token.isUnresolved(value)) return typeof value === "number" ? value : Token.asNumber(value);
  // Core's NumericId is the one definition of an id WeChat accepts.
  const parsed = NumericId.safeParse(typeof value === "string" ? value.trim() : value);
  if (!parsed.success) invalid(self, `auditId must be a positive integer, got ${JSON.stringify(value)}`);
  return Number(parsed.data);
}

/** The base URL shows in plan output and state: refuse anything that looks secret. */
function validateBaseUrl(self: Construct, value: string): void {
  if (Token.isUnresolved(value)) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    invalid(self, `baseUrl is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.username || url.password || url.search) {
    invalid(self, "baseUrl must carry no credentials or query string (it is shown in plan output)");
  }
}
