/**
 * What the five checks share: one `data.wechat_*` data source of the wxa-audit/wechat provider,
 * read during `plan`. The provider computes the verdict and reports a failed expectation as an
 * error diagnostic (severity "error": the plan fails) or a warning (the plan goes on), so the
 * constructs declare no postconditions and no `check` blocks: they validate literal props at
 * synth (tokens pass through: see props.ts), pick the provider configuration, and expose the data
 * source's attributes.
 */
import type { PlatformEnvNames } from "@wxa-audit/core";
import type { IResolvable } from "cdktf";
import { Construct } from "constructs";
import type { DataWechatNicknameCheck } from "./gen/data-wechat-nickname-check/index.js";
import type { WechatProvider } from "./gen/provider/index.js";
import { baseUrlOf, integerAtLeast, oneOf } from "./props.js";
import { providerSettingsOf, wechatProviderFor } from "./wechat-provider.js";

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
    /** Validates the kind's own props (errors through `props.ts`'s `invalidProp`) and declares the data source. */
    declare: (self: Construct, common: CommonDataSourceConfig) => D,
  ) {
    super(scope, id);
    this.kind = kind;
    this.severity = oneOf(this, "severity", props.severity ?? "error", SEVERITIES);
    const overrides = {
      timeBudgetMs: integerAtLeast(this, "timeBudgetMs", props.timeBudgetMs, 1),
      retryBaseDelayMs: integerAtLeast(this, "retryBaseDelayMs", props.retryBaseDelayMs, 0),
      retryMaxAttempts: integerAtLeast(this, "retryMaxAttempts", props.retryMaxAttempts, 1),
      requestTimeoutMs: integerAtLeast(this, "requestTimeoutMs", props.requestTimeoutMs, 1),
    };
    this.provider = wechatProviderFor(
      this,
      providerSettingsOf(this, { ...props, baseUrl: baseUrlOf(this, props.baseUrl) }),
    );
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
