/**
 * Token providers. A provider is asked for a token before each call and told when WeChat refused
 * one (40001/40014/42001). A failed fetch (40125 a wrong secret, 61005/61006 a bad ticket, 61023
 * a wrong refresh token...) is surfaced at once as a WechatApiError: no fresh token could fix it.
 * Providers that fetch tokens cache them until `expires_in` minus a margin, keep one refresh in
 * flight however many callers wait, and can share their cache through a TokenStore (the
 * plan-time checker keeps one on disk).
 */
import type { Clock } from "./clock.js";
import type { EndpointName, RequestOf, ResponseOf } from "./endpoints.js";
import { TOKEN_REFRESH_ERRCODES } from "./errcodes.js";
import { WechatApiError, WechatConfigError } from "./errors.js";
import { checkOption } from "./ranges.js";
import type { SecretRegistry } from "./redact.js";

/** How a provider calls WeChat: the client lends its own call, retries and redaction included. */
export type TokenCall = <N extends EndpointName>(
  name: N,
  request: RequestOf<N>,
  token?: string,
) => Promise<ResponseOf<N>>;

export interface TokenContext {
  call: TokenCall;
  clock: Clock;
  /** The caller's signal: a token fetch made on its behalf stops when it aborts. */
  signal?: AbortSignal;
  /**
   * The client's secret registry: a provider registers every token it fetches or reads from a
   * store (and every credential it holds), so no output of the client ever shows one.
   */
  secrets?: SecretRegistry;
}

/** Cached tokens are refreshed this long before `expires_in` runs out. */
export const DEFAULT_TOKEN_MARGIN_MS = 5 * 60_000;

export interface TokenProvider {
  getToken(ctx: TokenContext): Promise<string>;
  /** WeChat refused `token`: drop it so the next getToken fetches a fresh one. */
  invalidate(token: string): void;
}

export interface StoredToken {
  token: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/** Somewhere to share tokens beyond one process. Keys name an appid, never a secret. */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, value: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
}

export function staticToken(token: string): TokenProvider {
  if (!token) throw new WechatConfigError("access token is empty");
  return { getToken: async () => token, invalidate: () => {} };
}

/** The variable a ready access token is read from, unless renamed. */
export const DEFAULT_ACCESS_TOKEN_ENV = "WECHAT_ACCESS_TOKEN";

/** Reads the variable at each call, so a rotated value is picked up. */
export function envToken(
  name = DEFAULT_ACCESS_TOKEN_ENV,
  env: NodeJS.ProcessEnv = process.env,
): TokenProvider {
  return {
    getToken: async () => {
      const value = env[name];
      if (!value) throw new WechatConfigError(`environment variable ${name} is not set`);
      return value;
    },
    invalidate: () => {},
  };
}

/**
 * Your own source of tokens. It is asked once, and again (with `forceRefresh: true`) only after
 * WeChat refused the token it gave; however many calls saw the refusal, one call is made.
 * To manage expiry yourself, implement TokenProvider directly.
 */
export function functionToken(fn: (opts: { forceRefresh: boolean }) => Promise<string>): TokenProvider {
  let cached: string | undefined;
  let stale = false;
  let inflight: Promise<string> | undefined;
  return {
    getToken: () => {
      if (cached !== undefined && !stale) return Promise.resolve(cached);
      inflight ??= fn({ forceRefresh: stale })
        .then((token) => {
          cached = token;
          stale = false;
          return token;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    invalidate: (token) => {
      if (token === cached) stale = true;
    },
  };
}

/**
 * One cached token: single-flight refresh, expiry minus a margin on the injected clock, and an
 * optional shared store consulted before fetching.
 */
class CachedToken {
  #value: StoredToken | undefined;
  #inflight: Promise<string> | undefined;

  constructor(
    private readonly key: string,
    private readonly marginMs: number,
    private readonly store: TokenStore | undefined,
    private readonly fetch: (ctx: TokenContext) => Promise<{ token: string; expiresIn: number }>,
  ) {}

  get(ctx: TokenContext): Promise<string> {
    const now = ctx.clock.now();
    if (this.#value && this.#value.expiresAt - this.marginMs > now) return Promise.resolve(this.#value.token);
    this.#inflight ??= this.#refresh(ctx).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  invalidate(token: string): void {
    if (this.#value?.token !== token) return;
    this.#value = undefined;
    void this.store?.delete(this.key).catch(() => {});
  }

  async #refresh(ctx: TokenContext): Promise<string> {
    const shared = await this.store?.get(this.key).catch(() => undefined);
    // Even a stale one: whoever issued it may still echo it back.
    ctx.secrets?.add(shared?.token);
    if (shared && shared.expiresAt - this.marginMs > ctx.clock.now()) {
      this.#value = shared;
      return shared.token;
    }
    const { token, expiresIn } = await this.fetch(ctx);
    ctx.secrets?.add(token);
    this.#value = { token, expiresAt: ctx.clock.now() + expiresIn * 1000 };
    await this.store?.set(this.key, this.#value).catch(() => {});
    return token;
  }
}

export interface PlatformCredentials {
  componentAppId: string;
  componentAppSecret: string;
  componentVerifyTicket: string;
  authorizerAppId: string;
  authorizerRefreshToken: string;
}

export interface PlatformTokenOptions extends PlatformCredentials {
  /** Refresh this long before `expires_in` runs out. Default DEFAULT_TOKEN_MARGIN_MS (5 minutes). */
  marginMs?: number;
  store?: TokenStore;
  /** WeChat rotated the authorizer refresh token: persist the new one where you keep secrets. */
  onRefreshTokenRotated?: (appid: string, refreshToken: string) => void;
}

/**
 * The third-party platform flow: component_access_token from the verify ticket, then the mini
 * program's authorizer_access_token from its refresh token (kept when WeChat rotates it).
 */
export function platformToken(opts: PlatformTokenOptions): TokenProvider {
  const marginMs = checkOption("marginMs", opts.marginMs ?? DEFAULT_TOKEN_MARGIN_MS);
  let refreshToken = opts.authorizerRefreshToken;
  const component = new CachedToken(`component:${opts.componentAppId}`, marginMs, opts.store, async (ctx) => {
    const res = await ctx.call("getComponentAccessToken", {
      component_appid: opts.componentAppId,
      component_appsecret: opts.componentAppSecret,
      component_verify_ticket: opts.componentVerifyTicket,
    });
    return { token: res.component_access_token, expiresIn: res.expires_in };
  });
  const authorizer = new CachedToken(
    `authorizer:${opts.componentAppId}:${opts.authorizerAppId}`,
    marginMs,
    opts.store,
    async (ctx) => {
      const ask = async (componentToken: string) =>
        ctx.call(
          "getAuthorizerAccessToken",
          {
            component_appid: opts.componentAppId,
            authorizer_appid: opts.authorizerAppId,
            authorizer_refresh_token: refreshToken,
          },
          componentToken,
        );
      const componentToken = await component.get(ctx);
      let res: Awaited<ReturnType<typeof ask>>;
      try {
        res = await ask(componentToken);
      } catch (err) {
        // The component token was refused (40001/42001): the only credential a fresh fetch can
        // fix. Anything else (61023 a wrong refresh token, say) is surfaced as it is.
        if (!(err instanceof WechatApiError && TOKEN_REFRESH_ERRCODES.has(err.errcode))) throw err;
        component.invalidate(componentToken);
        res = await ask(await component.get(ctx));
      }
      if (res.authorizer_refresh_token && res.authorizer_refresh_token !== refreshToken) {
        refreshToken = res.authorizer_refresh_token;
        ctx.secrets?.add(refreshToken);
        opts.onRefreshTokenRotated?.(opts.authorizerAppId, refreshToken);
      }
      return { token: res.authorizer_access_token, expiresIn: res.expires_in };
    },
  );
  return {
    getToken: (ctx) => {
      ctx.secrets?.add(opts.componentAppSecret, opts.componentVerifyTicket, refreshToken);
      return authorizer.get(ctx);
    },
    invalidate: (token) => authorizer.invalidate(token),
  };
}

/** Names of the environment variables the platform flow reads; a construct may rename them. */
export interface PlatformEnvNames {
  componentAppId: string;
  componentAppSecret: string;
  componentVerifyTicket: string;
  authorizerAppId: string;
  authorizerRefreshToken: string;
}

export const DEFAULT_PLATFORM_ENV: PlatformEnvNames = {
  componentAppId: "WECHAT_COMPONENT_APPID",
  componentAppSecret: "WECHAT_COMPONENT_APPSECRET",
  componentVerifyTicket: "WECHAT_COMPONENT_VERIFY_TICKET",
  authorizerAppId: "WECHAT_AUTHORIZER_APPID",
  authorizerRefreshToken: "WECHAT_AUTHORIZER_REFRESH_TOKEN",
};

export interface TokenEnvOptions {
  accessTokenVar?: string;
  platformVars?: Partial<PlatformEnvNames>;
  store?: TokenStore;
  /** Platform flow: WeChat rotated the authorizer refresh token. */
  onRefreshTokenRotated?: (appid: string, refreshToken: string) => void;
}

/**
 * `WECHAT_ACCESS_TOKEN` when set; otherwise the platform flow when all of its variables are set;
 * otherwise a WechatConfigError naming what is missing (names only, never values).
 */
export function tokenProviderFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  opts: TokenEnvOptions = {},
): TokenProvider {
  const accessTokenVar = opts.accessTokenVar ?? DEFAULT_ACCESS_TOKEN_ENV;
  if (env[accessTokenVar]) return envToken(accessTokenVar, env);
  const names = { ...DEFAULT_PLATFORM_ENV, ...opts.platformVars };
  const present = Object.values(names).filter((n) => env[n]);
  if (present.length === 0) {
    throw new WechatConfigError(
      `no WeChat credentials: set ${accessTokenVar}, or the platform flow's ${Object.values(names).join(", ")}`,
    );
  }
  const missing = Object.values(names).filter((n) => !env[n]);
  if (missing.length > 0) {
    throw new WechatConfigError(`platform flow incomplete: ${missing.join(", ")} not set`);
  }
  return platformToken({
    componentAppId: env[names.componentAppId]!,
    componentAppSecret: env[names.componentAppSecret]!,
    componentVerifyTicket: env[names.componentVerifyTicket]!,
    authorizerAppId: env[names.authorizerAppId]!,
    authorizerRefreshToken: env[names.authorizerRefreshToken]!,
    ...(opts.store && { store: opts.store }),
    ...(opts.onRefreshTokenRotated && { onRefreshTokenRotated: opts.onRefreshTokenRotated }),
  });
}
