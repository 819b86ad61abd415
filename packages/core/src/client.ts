/**
 * The typed client: one method per WeChat interface, each a composition over the endpoint table:
 * input check -> limiter -> retry (with token refresh) -> transport. Every secret it handles is
 * registered in its SecretRegistry, and what it returns or throws is scrubbed against it.
 */
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { type Clock, systemClock } from "./clock.js";
import {
  ENDPOINTS,
  type EndpointDef,
  type EndpointName,
  type RequestOf,
  type ResponseOf,
} from "./endpoints.js";
import { WechatConfigError, WechatInputError } from "./errors.js";
import { Limiter, type LimiterOptions } from "./limiter.js";
import { checkOption, checkOptions } from "./ranges.js";
import { SecretRegistry } from "./redact.js";
import { DEFAULT_RETRY, type RetryOptions, withRetry } from "./retry.js";
import {
  DEFAULT_ACCESS_TOKEN_ENV,
  DEFAULT_PLATFORM_ENV,
  staticToken,
  type TokenContext,
  type TokenEnvOptions,
  type TokenProvider,
  tokenProviderFromEnv,
} from "./tokens.js";
import { DEFAULT_BASE_URL, type SendArgs, Transport, type TransportEvent } from "./transport.js";

export interface WechatClientOptions {
  /** Default `https://api.weixin.qq.com`. */
  baseUrl?: string;
  /** A token string or a provider. Needed by every endpoint except the token endpoints. */
  token?: string | TokenProvider;
  /** Per-request timeout, ms. Default 10 s; at most 2^31 - 1 (MAX_TIMER_MS). */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  limiter?: LimiterOptions;
  clock?: Clock;
  random?: () => number;
  /** Send through this undici Dispatcher (proxy, MockAgent, own pool); default node:http(s). */
  dispatcher?: Dispatcher;
  /** Answers past this many bytes fail (`failure: "too_large"`). Default 1 MiB. */
  maxResponseBytes?: number;
  /** Called once per HTTP exchange, with the URL redacted. */
  onEvent?: (event: TransportEvent) => void;
  /**
   * Where the client registers every secret it handles: the token it is given, every token it
   * fetches (or its token provider reads from a store), every secret it sends. Answers and errors
   * are scrubbed against it. Default: a registry of its own (`client.secrets`); pass one to scrub
   * your own output with the same list.
   */
  secrets?: SecretRegistry;
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * This call's retry settings over the client's: one client (one pool, one limiter, one token
   * cache) can serve callers with different budgets, as a Terraform provider's data sources do.
   */
  retry?: Partial<RetryOptions>;
  /** This call's per-request timeout, ms; still capped by the client's `timeoutMs`. */
  timeoutMs?: number;
}

/**
 * What the client sends for an app token. The wire schema takes less (no secret, another
 * grant_type), so the emulator can answer WeChat's 41004/40002; the client never sends that.
 */
export interface AppCredentials {
  appid: string;
  secret: string;
}

export class WechatClient {
  readonly baseUrl: string;
  /** Every secret this client has handled; see WechatClientOptions.secrets. */
  readonly secrets: SecretRegistry;
  readonly #transport: Transport;
  readonly #tokens: TokenProvider | undefined;
  readonly #retry: RetryOptions;
  readonly #limiter: Limiter | undefined;
  readonly #clock: Clock;
  readonly #random: () => number;

  constructor(opts: WechatClientOptions = {}) {
    if (opts.timeoutMs !== undefined) checkOption("timeoutMs", opts.timeoutMs);
    checkOptions("retry", opts.retry);
    this.#transport = new Transport({
      baseUrl: opts.baseUrl ?? DEFAULT_BASE_URL,
      // Stryker disable next-line ConditionalExpression: `timeoutMs: undefined` is the same as no timeoutMs (the default applies)
      ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
      ...(opts.dispatcher && { dispatcher: opts.dispatcher }),
      // Stryker disable next-line ConditionalExpression: `maxResponseBytes: undefined` is the same as none (the default applies)
      ...(opts.maxResponseBytes !== undefined && { maxResponseBytes: opts.maxResponseBytes }),
      ...(opts.onEvent && { onEvent: opts.onEvent }),
    });
    this.baseUrl = this.#transport.baseUrl;
    this.secrets = opts.secrets ?? new SecretRegistry();
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the registry ignores what is not a string: adding a provider is a no-op
    if (typeof opts.token === "string") this.secrets.add(opts.token);
    this.#tokens = typeof opts.token === "string" ? staticToken(opts.token) : opts.token;
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.#clock = opts.clock ?? systemClock;
    this.#random = opts.random ?? Math.random;
    this.#limiter = opts.limiter ? new Limiter(opts.limiter, this.#clock) : undefined;
  }

  /** Calls any endpoint of the table by its interface name. */
  call<N extends EndpointName>(
    name: N,
    request: RequestOf<N>,
    opts: CallOptions = {},
  ): Promise<ResponseOf<N>> {
    return this.#call(name, request, opts);
  }

  /** POST /wxa/api_wxa_querynickname: state of a nickname audit. */
  getNickNameStatus(req: RequestOf<"getNickNameStatus">, opts?: CallOptions) {
    return this.call("getNickNameStatus", req, opts);
  }
  /** POST /wxa/get_auditstatus: state of a code release audit. */
  getAuditStatus(req: RequestOf<"getAuditStatus">, opts?: CallOptions) {
    return this.call("getAuditStatus", req, opts);
  }
  /** POST /cgi-bin/wxverify/checkwxverifynickname: may this name be used? */
  checkNickName(req: RequestOf<"checkNickName">, opts?: CallOptions) {
    return this.call("checkNickName", req, opts);
  }
  /** POST /wxa/setnickname: rename; `audit_id` only when the name needs review. */
  setNickName(req: RequestOf<"setNickName">, opts?: CallOptions) {
    return this.call("setNickName", req, opts);
  }
  /** POST /wxa/submit_audit: submit code for release audit. */
  submitAudit(req: RequestOf<"submitAudit">, opts?: CallOptions) {
    return this.call("submitAudit", req, opts);
  }
  /** GET /wxa/undocodeaudit: withdraw the open release audit. */
  undoCodeAudit(opts?: CallOptions) {
    return this.call("undoCodeAudit", {}, opts);
  }
  /** POST /wxa/speedupaudit: ask for a faster audit. */
  speedupCodeAudit(req: RequestOf<"speedupCodeAudit">, opts?: CallOptions) {
    return this.call("speedupCodeAudit", req, opts);
  }
  /** GET /wxa/get_latest_auditstatus: the newest release audit. */
  getLatestAuditStatus(opts?: CallOptions) {
    return this.call("getLatestAuditStatus", {}, opts);
  }
  /** GET /wxa/queryquota: remaining audit and speed-up quota. */
  queryQuota(opts?: CallOptions) {
    return this.call("queryQuota", {}, opts);
  }
  /** POST /wxa/commit: upload a code version from a template (it becomes the experience version). */
  commit(req: RequestOf<"commit">, opts?: CallOptions) {
    return this.call("commit", req, opts);
  }
  /** GET /wxa/get_page: the pages of the uploaded code. */
  getCodePage(opts?: CallOptions) {
    return this.call("getCodePage", {}, opts);
  }
  /** POST /wxa/release: publish the last approved version. */
  release(opts?: CallOptions) {
    return this.call("release", {}, opts);
  }
  /**
   * GET /wxa/revertcoderelease: go back to the previous live version (or to `app_version`);
   * with `action: "get_history_version"`, list the versions it can go back to instead.
   */
  revertCodeRelease(req: RequestOf<"revertCodeRelease"> = {}, opts?: CallOptions) {
    return this.call("revertCodeRelease", req, opts);
  }
  /** POST /wxa/grayrelease: publish the approved version to a share of users. */
  grayRelease(req: RequestOf<"grayRelease">, opts?: CallOptions) {
    return this.call("grayRelease", req, opts);
  }
  /** GET /wxa/getgrayreleaseplan: the phased release plan. */
  getGrayReleasePlan(opts?: CallOptions) {
    return this.call("getGrayReleasePlan", {}, opts);
  }
  /** GET /wxa/revertgrayrelease: cancel the phased release. */
  revertGrayRelease(opts?: CallOptions) {
    return this.call("revertGrayRelease", {}, opts);
  }
  /** POST /wxa/change_visitstatus: pause ("close") or resume ("open") the live mini program. */
  setVisitStatus(req: RequestOf<"setVisitStatus">, opts?: CallOptions) {
    return this.call("setVisitStatus", req, opts);
  }
  /** GET /cgi-bin/account/getaccountbasicinfo: appid, account type, the current name. */
  getAccountBasicInfo(opts?: CallOptions) {
    return this.call("getAccountBasicInfo", {}, opts);
  }
  /** GET /cgi-bin/token: a plain app token. */
  getAccessToken(req: AppCredentials, opts?: CallOptions) {
    return this.call("getAccessToken", { grant_type: "client_credential", ...req }, opts);
  }
  /** POST /cgi-bin/stable_token: a stable app token. */
  getStableAccessToken(req: AppCredentials & { force_refresh?: boolean }, opts?: CallOptions) {
    return this.call("getStableAccessToken", { grant_type: "client_credential", ...req }, opts);
  }
  /** POST /cgi-bin/component/api_component_token: the platform's token. */
  getComponentAccessToken(
    req: { component_appid: string; component_appsecret: string; component_verify_ticket: string },
    opts?: CallOptions,
  ) {
    return this.call("getComponentAccessToken", req, opts);
  }
  /** POST /cgi-bin/component/api_authorizer_token: a mini program's token, given the platform's. */
  getAuthorizerAccessToken(
    req: RequestOf<"getAuthorizerAccessToken">,
    componentAccessToken: string,
    opts: CallOptions = {},
  ) {
    return this.#call("getAuthorizerAccessToken", req, opts, componentAccessToken);
  }

  /** Closes the keep-alive pool. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  async #call<N extends EndpointName>(
    name: N,
    request: RequestOf<N>,
    opts: CallOptions,
    explicitToken?: string,
  ): Promise<ResponseOf<N>> {
    try {
      const def = ENDPOINTS[name];
      const answer = await this.#attempts(def, request, opts, explicitToken);
      // A token endpoint's own token is its answer; anywhere else a known secret is an echo.
      return this.secrets.scrubDeep(answer, def.secretResponseFields) as ResponseOf<N>;
    } catch (err) {
      throw this.secrets.scrubError(err);
    }
  }

  async #attempts(
    def: EndpointDef,
    request: unknown,
    opts: CallOptions,
    explicitToken: string | undefined,
  ): Promise<Record<string, unknown>> {
    const name = def.name as EndpointName;
    if (opts.timeoutMs !== undefined) checkOption("timeoutMs", opts.timeoutMs);
    checkOptions("retry", opts.retry);
    const fields = checkInput(name, def.clientRequest, def.request, request);
    this.secrets.add(explicitToken, ...def.secretRequestFields.map((f) => fields[f]));
    const needsToken = def.auth === "access_token" && explicitToken === undefined;
    if (needsToken && !this.#tokens) throw new WechatConfigError(`${name}: no access token configured`);
    let token = explicitToken;
    // Token fetches made for this call share its signal, so a caller's abort stops them too.
    const tokenContext: TokenContext = {
      call: (n, r, t) => this.#call(n, r, opts, t),
      clock: this.#clock,
      secrets: this.secrets,
      ...(opts.signal && { signal: opts.signal }),
    };
    const retry = opts.retry ? { ...this.#retry, ...opts.retry } : this.#retry;
    /** The provider's fetch failed (wrong secret, ticket, refresh token): no fresh token to retry with. */
    // Stryker disable next-line BooleanLiteral: set before every read (each attempt sets it before fetching when a token is needed)
    let fetchFailed = false;
    const attempt = () =>
      withRetry(
        name,
        async ({ remainingMs }) => {
          if (needsToken) {
            fetchFailed = true;
            token = await this.#tokens!.getToken(tokenContext);
            fetchFailed = false;
            this.secrets.add(token);
          }
          return this.#send(def, {
            // Stryker disable next-line ConditionalExpression: `token: undefined` is the same as no token
            ...(token !== undefined && { token }),
            fields,
            timeoutMs: opts.timeoutMs === undefined ? remainingMs : Math.min(remainingMs, opts.timeoutMs),
            ...(opts.signal && { signal: opts.signal }),
          });
        },
        retry,
        {
          clock: this.#clock,
          random: this.#random,
          onCredentialError: () => {
            // Stryker disable next-line ConditionalExpression,LogicalOperator: only called when canRefresh() held, which needs needsToken and a fetched token
            if (needsToken && token) this.#tokens!.invalidate(token);
          },
          canRefresh: () => needsToken && !fetchFailed,
          ...(opts.signal && { signal: opts.signal }),
        },
      );
    return this.#limiter ? await this.#limiter.run(name, attempt) : await attempt();
  }

  /** One exchange; the secrets its answer carries are registered before anyone else sees it. */
  async #send(def: EndpointDef, args: SendArgs): Promise<Record<string, unknown>> {
    const answer = await this.#transport.send(def, args);
    this.secrets.add(...def.secretResponseFields.map((f) => answer[f]));
    return answer;
  }
}

/** Validates before sending; the error names the field. Returns the wire fields. */
function checkInput(
  endpoint: string,
  strict: z.ZodType | undefined,
  wire: z.ZodType,
  request: unknown,
): Record<string, unknown> {
  for (const schema of strict ? [strict, wire] : [wire]) {
    const parsed = schema.safeParse(request ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new WechatInputError(endpoint, issue.path.join("."), issue.message);
    }
    if (schema === wire) return parsed.data as Record<string, unknown>;
  }
  throw new Error("unreachable");
}

export interface ClientFromEnvOptions extends Omit<WechatClientOptions, "token">, TokenEnvOptions {}

/**
 * A client configured from the environment: `WECHAT_API_BASE_URL`, and `WECHAT_ACCESS_TOKEN` or
 * the platform flow's `WECHAT_COMPONENT_*` / `WECHAT_AUTHORIZER_*` variables.
 */
export function clientFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  opts: ClientFromEnvOptions = {},
): WechatClient {
  const { accessTokenVar, platformVars, store, onRefreshTokenRotated, ...rest } = opts;
  // Every credential variable's value is a secret from the start, before any call uses it.
  const secrets = rest.secrets ?? new SecretRegistry();
  const names = { ...DEFAULT_PLATFORM_ENV, ...platformVars };
  secrets.add(
    env[accessTokenVar ?? DEFAULT_ACCESS_TOKEN_ENV],
    env[names.componentAppSecret],
    env[names.componentVerifyTicket],
    env[names.authorizerRefreshToken],
  );
  return new WechatClient({
    baseUrl: env.WECHAT_API_BASE_URL || DEFAULT_BASE_URL,
    ...rest,
    secrets,
    token: tokenProviderFromEnv(env, {
      ...(accessTokenVar && { accessTokenVar }),
      ...(platformVars && { platformVars }),
      ...(store && { store }),
      ...(onRefreshTokenRotated && { onRefreshTokenRotated }),
    }),
  });
}
