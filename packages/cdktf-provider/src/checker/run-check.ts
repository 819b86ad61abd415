/**
 * One check, start to end: a core client from the environment (credentials never leave it),
 * the call for the kind, bounded by the total time budget, described as a flat result.
 */
import {
  clientFromEnv,
  DEFAULT_ACCESS_TOKEN_ENV,
  DEFAULT_PLATFORM_ENV,
  scrubText,
  type WechatClient,
  WechatConfigError,
  WechatInputError,
} from "@wxa-audit/core";
import {
  describeCodeAudit,
  describeFailure,
  describeNicknameAudit,
  describeNicknameCheck,
  emptyResult,
  type Result,
} from "./describe.js";
import { defaultTokenCacheDir, FileTokenStore, prepareCacheDir } from "./file-token-store.js";
import type { CheckRequest } from "./query.js";
import { CheckerUsageError } from "./usage-error.js";

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export async function runCheck(req: CheckRequest, opts: RunOptions = {}): Promise<Result> {
  const env = opts.env ?? process.env;
  const budgetMs = req.timeBudgetMs;
  const baseUrl = req.baseUrl ?? (env.WECHAT_API_BASE_URL || undefined);
  const cacheDir = prepareCacheDir(defaultTokenCacheDir(env));
  const store = cacheDir
    ? new FileTokenStore({ dir: cacheDir, namespace: baseUrl ?? "default", lockWaitMs: budgetMs })
    : undefined;
  let client: WechatClient;
  try {
    client = clientFromEnv(env, {
      ...(baseUrl && { baseUrl }),
      timeoutMs: Math.min(req.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, budgetMs),
      retry: {
        deadlineMs: budgetMs,
        ...(req.retryBaseDelayMs !== undefined && { baseDelayMs: req.retryBaseDelayMs }),
        ...(req.retryMaxAttempts !== undefined && { maxAttempts: req.retryMaxAttempts }),
      },
      // One process makes one query; the limiter keeps a burst of token refreshes in order.
      limiter: { "*": { concurrency: 1 } },
      ...(req.accessTokenVar && { accessTokenVar: req.accessTokenVar }),
      // A refresh token WeChat rotates is used for the rest of this run only: the checker has no
      // way to write back to where the user keeps secrets, and printing it would leak it.
      platformVars: req.platformVars,
      ...(store && { store }),
    });
  } catch (err) {
    throw asUsageError(err);
  }

  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(), budgetMs);
  const spent = new Promise<"spent">((resolve) =>
    budget.signal.addEventListener("abort", () => resolve("spent")),
  );
  const result = emptyResult(req);
  try {
    // The signal stops the calls (token fetches included); the race guarantees the budget even
    // if something below ignores the signal.
    const settled = await Promise.race([
      call(client, req, result, budget.signal).then(
        (r) => ({ r }),
        (err: unknown) => ({ err }),
      ),
      spent,
    ]);
    if (settled === "spent") return describeFailure(req, result, undefined, true);
    if ("r" in settled) return settled.r;
    if (settled.err instanceof WechatConfigError || settled.err instanceof WechatInputError) {
      throw asUsageError(settled.err);
    }
    return describeFailure(req, result, settled.err, budget.signal.aborted);
  } finally {
    clearTimeout(timer);
    store?.releaseAll();
    void client.close().catch(() => {});
  }
}

async function call(
  client: WechatClient,
  req: CheckRequest,
  r: Result,
  signal: AbortSignal,
): Promise<Result> {
  const opts = { signal };
  switch (req.kind) {
    case "nickname_check":
      return describeNicknameCheck(req, r, await client.checkNickName({ nick_name: req.nickName! }, opts));
    case "nickname_audit":
      return describeNicknameAudit(req, r, await client.getNickNameStatus({ audit_id: req.auditId! }, opts));
    case "code_audit":
      return describeCodeAudit(req, r, await client.getAuditStatus({ auditid: req.auditId! }, opts));
    case "latest_code_audit": {
      const a = await client.getLatestAuditStatus(opts);
      const { ScreenShot, ...rest } = a;
      return describeCodeAudit(req, r, { ...rest, screenshot: ScreenShot });
    }
  }
}

function asUsageError(err: unknown): unknown {
  if (err instanceof WechatConfigError || err instanceof WechatInputError)
    return new CheckerUsageError(err.message);
  return err;
}

/** Values of every variable that may hold a secret, so no output can carry one by accident. */
export function secretValues(req: CheckRequest, env: NodeJS.ProcessEnv = process.env): string[] {
  const names = [
    req.accessTokenVar ?? DEFAULT_ACCESS_TOKEN_ENV,
    DEFAULT_ACCESS_TOKEN_ENV,
    DEFAULT_PLATFORM_ENV.componentAppSecret,
    DEFAULT_PLATFORM_ENV.componentVerifyTicket,
    DEFAULT_PLATFORM_ENV.authorizerRefreshToken,
    req.platformVars.componentAppSecret,
    req.platformVars.componentVerifyTicket,
    req.platformVars.authorizerRefreshToken,
  ].filter((n): n is string => Boolean(n));
  return names.map((n) => env[n]).filter((v): v is string => Boolean(v));
}

export function scrubResult(result: Result, secrets: string[]): Result {
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, scrubText(v, secrets)]));
}
