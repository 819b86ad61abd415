/**
 * What the four checks share: one top-level `external` data source running the bundled checker,
 * its verdicts as postconditions (severity "error": the plan fails) or as asserts of a `check`
 * block (severity "warning": the plan goes on, attributes stay usable), and typed attributes.
 *
 * Every condition reads a verdict the checker computed (`ok`, `hit_condition`) and every
 * error_message reads the sentence the checker wrote (`message`, `hit_message`), so the rules
 * live in one place and a missing field fails closed.
 */
import type { PlatformEnvNames } from "@wxa-audit/core";
import { NumericId } from "@wxa-audit/core/tables";
import { Fn, Op, type Postcondition, TerraformSelf, Token } from "cdktf";
import { Construct } from "constructs";
import { checkerAsset } from "./checker-asset.js";
import { ExternalDataSource } from "./external-data-source.js";
import { ensureExternalProvider } from "./external-provider.js";
import { type CheckKind, QUERY, type ResultField } from "./protocol.js";
import { TerraformCheck } from "./terraform-check.js";

/** "error": a failed check fails the plan. "warning": the plan goes on with a warning. */
export type Severity = "error" | "warning";

/** Props every WeChat check takes. */
export interface WechatCheckCommonProps {
  /** How a failed check is reported: "error" (postcondition, plan fails) or "warning" (check block). Default "error". */
  readonly severity?: Severity;
  /** WeChat API base URL; default: `WECHAT_API_BASE_URL` at plan time, else https://api.weixin.qq.com. */
  readonly baseUrl?: string;
  /** Name of the variable holding a ready access token. Default `WECHAT_ACCESS_TOKEN`. */
  readonly accessTokenVar?: string;
  /** Names of the platform flow's variables, for those you renamed (defaults: core's `DEFAULT_PLATFORM_ENV`). */
  readonly platformVars?: Partial<PlatformEnvNames>;
  /** Total time for one check, token fetches, retries and waits included, ms. Default 30000. */
  readonly timeBudgetMs?: number;
  /** First retry backoff ceiling (doubled each retry), ms. Default: core's (1000). */
  readonly retryBaseDelayMs?: number;
  /** Attempts per call, the first included. Default: core's (5). */
  readonly retryMaxAttempts?: number;
  /** Timeout of one HTTP exchange, ms. Default 10000 (capped by the time budget). */
  readonly requestTimeoutMs?: number;
}

/** One verdict of a check: the result field that must say "pass", and the sentence if not. */
interface Verdict {
  readonly severity: Severity;
  /** Builds the boolean expression from the result map (self.result or data.external.x.result). */
  readonly condition: (result: Record<string, unknown>) => string;
  readonly messageField: string;
}

export abstract class WechatCheck<K extends CheckKind = CheckKind> extends Construct {
  /** The `external` data source that runs the checker. */
  readonly dataSource: ExternalDataSource;
  /** The `check` block holding warning-severity asserts, when there are any. */
  readonly check: TerraformCheck | undefined;
  readonly severity: Severity;
  readonly kind: K;

  protected constructor(
    scope: Construct,
    id: string,
    kind: K,
    props: WechatCheckCommonProps,
    query: Record<string, string>,
    extraVerdicts: readonly Verdict[] = [],
  ) {
    super(scope, id);
    this.kind = kind;
    this.severity = props.severity ?? "error";
    validateSeverity(this.severity, "severity");
    for (const [name, v] of Object.entries({
      timeBudgetMs: props.timeBudgetMs,
      retryBaseDelayMs: props.retryBaseDelayMs,
      retryMaxAttempts: props.retryMaxAttempts,
      requestTimeoutMs: props.requestTimeoutMs,
    })) {
      if (v !== undefined && (!Number.isInteger(v) || v < (name === "retryBaseDelayMs" ? 0 : 1))) {
        throw new Error(`${this.node.path}: ${name} must be a positive integer, got ${v}`);
      }
    }
    if (props.baseUrl !== undefined) validateBaseUrl(props.baseUrl, this.node.path);
    ensureExternalProvider(this);
    const asset = checkerAsset(this);

    const verdicts: Verdict[] = [
      { severity: this.severity, condition: (r) => isTrue(r, "ok"), messageField: "message" },
      ...extraVerdicts,
    ];
    const fallback = `WeChat check ${this.node.path} failed and the checker gave no message`;
    const self = TerraformSelf.getAny("result") as Record<string, unknown>;
    const postconditions: Postcondition[] = verdicts
      .filter((v) => v.severity === "error")
      .map((v) => ({
        condition: v.condition(self),
        errorMessage: Fn.lookup(self, v.messageField, fallback) as string,
      }));

    this.dataSource = new ExternalDataSource(this, "result", {
      program: ["node", asset.path],
      query: { [QUERY.kind]: kind, ...query, ...commonQuery(props) },
      ...(postconditions.length > 0 && { lifecycle: { postcondition: postconditions } }),
    });

    const warnings = verdicts.filter((v) => v.severity === "warning");
    if (warnings.length > 0) {
      const result = this.dataSource.result;
      this.check = new TerraformCheck(this, "check", {
        asserts: warnings.map((v) => ({
          condition: v.condition(result),
          errorMessage: Fn.lookup(result, v.messageField, fallback) as string,
        })),
      });
    } else {
      this.check = undefined;
    }
  }

  /** One field of the checker's result, as a string token. */
  field(name: ResultField<K>): string {
    return this.dataSource.resultField(name);
  }

  /** `"true"` when the check passed (fail closed: `"false"` when WeChat could not be read). */
  get ok(): string {
    return this.field("ok");
  }
  /** passed, hit_condition, errcode, status, unreachable or budget_spent. */
  get outcome(): string {
    return this.field("outcome");
  }
  /** The sentence the checker wrote about the outcome (the error_message when it failed). */
  get message(): string {
    return this.field("message");
  }
  /** WeChat's errcode as a string ("0" on success, "" when WeChat was not reached). */
  get errcode(): string {
    return this.field("errcode");
  }
  /** WeChat's errmsg of a failed call. */
  get errmsg(): string {
    return this.field("errmsg");
  }
  /** WeChat's request id of a failed call (for WeChat support). */
  get rid(): string {
    return this.field("rid");
  }
  /** Catalogue meaning of the errcode, from @wxa-audit/core. */
  get meaning(): string {
    return this.field("meaning");
  }
  /** WeChat interface of the failing call. */
  get endpoint(): string {
    return this.field("endpoint");
  }

  protected numberField(name: string): number {
    return Token.asNumber(this.dataSource.resultField(name));
  }
}

/** `lookup(result, field, "false") == "true"`: a missing field fails. */
export function isTrue(result: Record<string, unknown>, field: string): string {
  return Op.eq(Fn.lookup(result, field, "false"), "true") as unknown as string;
}

/** `lookup(result, field, "true") != "true"`: a missing field fails. */
export function isNotTrue(result: Record<string, unknown>, field: string): string {
  return Op.neq(Fn.lookup(result, field, "true"), "true") as unknown as string;
}

export function validateSeverity(value: string, prop: string): void {
  if (value !== "error" && value !== "warning")
    throw new Error(`${prop} must be "error" or "warning", got ${value}`);
}

/** Query entries for the common props: only what was set, and only names, never values. */
function commonQuery(props: WechatCheckCommonProps): Record<string, string> {
  const q: Record<string, string> = {};
  const put = (key: string, v: string | number | undefined) => {
    if (v !== undefined) q[key] = String(v);
  };
  put(QUERY.baseUrl, props.baseUrl);
  put(QUERY.accessTokenVar, props.accessTokenVar);
  put(QUERY.componentAppIdVar, props.platformVars?.componentAppId);
  put(QUERY.componentAppSecretVar, props.platformVars?.componentAppSecret);
  put(QUERY.componentVerifyTicketVar, props.platformVars?.componentVerifyTicket);
  put(QUERY.authorizerAppIdVar, props.platformVars?.authorizerAppId);
  put(QUERY.authorizerRefreshTokenVar, props.platformVars?.authorizerRefreshToken);
  put(QUERY.timeBudgetMs, props.timeBudgetMs);
  put(QUERY.retryBaseDelayMs, props.retryBaseDelayMs);
  put(QUERY.retryMaxAttempts, props.retryMaxAttempts);
  put(QUERY.requestTimeoutMs, props.requestTimeoutMs);
  return q;
}

/** A positive integer id as WeChat takes it, as a digit string. */
export function auditIdString(value: number | string, path: string): string {
  // Core's NumericId is the one definition of an id WeChat accepts.
  const parsed = NumericId.safeParse(typeof value === "string" ? value.trim() : value);
  if (!parsed.success)
    throw new Error(`${path}: auditId must be a positive integer, got ${JSON.stringify(value)}`);
  return String(parsed.data);
}

/** The base URL goes into the query, which plan output shows: refuse anything that looks secret. */
function validateBaseUrl(value: string, path: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${path}: baseUrl is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.username || url.password || url.search) {
    throw new Error(
      `${path}: baseUrl must carry no credentials or query string (it is shown in plan output)`,
    );
  }
}
