/**
 * What one configured provider owns for the life of its process: one core WechatClient (one
 * keep-alive pool, one Limiter shared by every data source, one token provider whose fetches
 * are single-flight), the token store, the secrets to scrub (the provider's SecretRegistry, which
 * the client registers every token it fetches or reads from the store into), and the cache that
 * answers identical reads once. Data sources only ask `call()`.
 */
import { setMaxListeners } from "node:events";
import {
  type Clock,
  type EndpointName,
  type LimiterOptions,
  MAX_TIMER_MS,
  platformToken,
  type RequestOf,
  type SecretRegistry,
  staticToken,
  type TokenProvider,
  type TokenStore,
  WechatClient,
  type WechatClientOptions,
  WechatConfigError,
  WechatInputError,
} from "@wxa-audit/core";
import type { CallSettings } from "./call-settings.js";
import { defaultTokenCacheDir, FileTokenStore, prepareCacheDir } from "./file-token-store.js";
import type { ResolvedConfig } from "./provider-config.js";
import { ReadCache } from "./read-cache.js";

/** How one call ended; never a thrown error, so waiters of a shared call all see the same. */
export type CallResult =
  | { ok: true; answer: Record<string, unknown> }
  | { ok: false; error: unknown; budgetSpent: boolean; settings: CallSettings };

export interface SessionOptions {
  env: NodeJS.ProcessEnv;
  clock: Clock;
  secrets: SecretRegistry;
  /** Token store of the platform flow; default a FileTokenStore in the user's cache directory. */
  tokenStore?: TokenStore | null;
  /** Rules of the one Limiter; default at most 4 calls in flight per endpoint. */
  limiter?: LimiterOptions;
  /** How long a successful answer answers identical reads. Default 5 minutes. */
  resultTtlMs?: number;
}

/**
 * Terraform reads 10 data sources at once by default; 4 calls per endpoint in flight keeps a plan
 * of many checks well under WeChat's per-minute quotas without serializing it.
 */
export const DEFAULT_LIMITER: LimiterOptions = { "*": { concurrency: 4 } };

/**
 * The reason the budget timer is cancelled with once a call settled. `abort()` without a reason
 * builds a DOMException (stack trace captured) for every call; DOMException construction was
 * ~3.5% of the provider's CPU in a profiled 1,000-check plan (this and Connect's own aborts).
 */
const CALL_SETTLED = Object.freeze({ name: "CallSettled" });

export class Session {
  readonly baseUrl: string;
  readonly settings: CallSettings;
  readonly #clientOptions: WechatClientOptions;
  #client: WechatClient | undefined;
  readonly #clock: Clock;
  readonly #cache: ReadCache<CallResult>;
  readonly #stopped = new AbortController();
  readonly #fileStore: FileTokenStore | undefined;
  /** Token-cache problems met since the last read took them (each said once per process). */
  readonly #warnings = new Set<string>();
  readonly #warned = new Set<string>();

  constructor(config: ResolvedConfig, opts: SessionOptions) {
    this.baseUrl = config.baseUrl;
    this.settings = config.settings;
    this.#clock = opts.clock;
    // One abort listener per call in flight (removed when it settles): a plan of many checks
    // has more than the default 10, and Node's leak warning would land in the engine's log.
    setMaxListeners(0, this.#stopped.signal);
    for (const v of config.secretValues) opts.secrets.add(v);
    this.#cache = new ReadCache(opts.clock, opts.resultTtlMs ?? 5 * 60_000, (r) => r.ok);
    let token: TokenProvider;
    if (config.credentials.kind === "access_token") {
      token = staticToken(config.credentials.accessToken);
    } else {
      let inner: TokenStore | undefined;
      if (opts.tokenStore === undefined) {
        const dir = prepareCacheDir(defaultTokenCacheDir(opts.env));
        if (dir) {
          this.#fileStore = new FileTokenStore({
            dir,
            namespace: config.baseUrl,
            lockWaitMs: config.settings.timeBudgetMs,
            onWarning: (message) => {
              if (this.#warned.has(message)) return;
              this.#warned.add(message);
              this.#warnings.add(message);
            },
          });
          inner = this.#fileStore;
        }
      } else if (opts.tokenStore) {
        inner = opts.tokenStore;
      }
      const { kind: _kind, ...creds } = config.credentials;
      // A rotated refresh token is used for the rest of this process only (there is nowhere to
      // write it back to); core registers it, and every token it fetches or reads, as a secret.
      token = platformToken({ ...creds, ...(inner && { store: inner }) });
    }
    this.#clientOptions = {
      baseUrl: config.baseUrl,
      token,
      // Each call passes its own timeout (a data source may override it); this is only the cap.
      timeoutMs: MAX_TIMER_MS,
      limiter: opts.limiter ?? DEFAULT_LIMITER,
      clock: opts.clock,
      secrets: opts.secrets,
    };
  }

  /** The client (and its connection pool) is made at the first call: most starts never read. */
  get #wechat(): WechatClient {
    this.#client ??= new WechatClient(this.#clientOptions);
    return this.#client;
  }

  /**
   * One WeChat call within `settings.timeBudgetMs`, token fetches included, shared with every
   * identical call (same endpoint, request and settings) of this session.
   */
  call<N extends EndpointName>(
    endpoint: N,
    request: RequestOf<N>,
    settings: CallSettings,
  ): Promise<CallResult> {
    const key = JSON.stringify([endpoint, request, settings]);
    return this.#cache.get(key, () => this.#run(endpoint, request, settings));
  }

  async #run<N extends EndpointName>(
    endpoint: N,
    request: RequestOf<N>,
    settings: CallSettings,
  ): Promise<CallResult> {
    const budget = new AbortController();
    const stopTimer = new AbortController();
    const onStop = () => budget.abort(this.#stopped.signal.reason);
    this.#stopped.signal.addEventListener("abort", onStop, { once: true });
    const spent = this.#clock.sleep(settings.timeBudgetMs, stopTimer.signal).then(
      () => {
        budget.abort(new Error("time budget spent"));
        return "spent" as const;
      },
      () => "cancelled" as const,
    );
    try {
      // The signal stops the call (token fetches included); the race holds the budget even if
      // something below ignored the signal.
      const settled = await Promise.race([
        this.#wechat
          .call(endpoint, request, {
            signal: budget.signal,
            timeoutMs: Math.min(settings.requestTimeoutMs, settings.timeBudgetMs),
            retry: {
              deadlineMs: settings.timeBudgetMs,
              maxAttempts: settings.retryMaxAttempts,
              baseDelayMs: settings.retryBaseDelayMs,
            },
          })
          .then(
            (answer) => ({ ok: true as const, answer: answer as Record<string, unknown> }),
            (error: unknown) => ({ ok: false as const, error }),
          ),
        spent,
      ]);
      if (settled === "spent" || settled === "cancelled") {
        return { ok: false, error: undefined, budgetSpent: true, settings };
      }
      if (settled.ok) return settled;
      // Misuse is the provider's bug or the user's config, not a WeChat outcome: let it surface.
      if (settled.error instanceof WechatConfigError || settled.error instanceof WechatInputError)
        throw settled.error;
      return { ok: false, error: settled.error, budgetSpent: budget.signal.aborted, settings };
    } finally {
      stopTimer.abort(CALL_SETTLED);
      this.#stopped.signal.removeEventListener("abort", onStop);
    }
  }

  /** The token-cache warnings not yet shown, for the read that shows them. */
  takeWarnings(): string[] {
    const out = [...this.#warnings];
    this.#warnings.clear();
    return out;
  }

  /** StopProvider / shutdown: cancel what is in flight, free the pool and the store's locks. */
  async close(): Promise<void> {
    this.#stopped.abort(new Error("provider stopped"));
    this.#cache.clear();
    this.#fileStore?.releaseAll();
    await this.#client?.close().catch(() => {});
  }
}
