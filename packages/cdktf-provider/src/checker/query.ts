/**
 * Reads Terraform's external-program input (a flat JSON object of strings) into a typed request.
 * Anything wrong here is misuse, not a WeChat outcome: the construct wrote the query.
 */
import type { PlatformEnvNames } from "@wxa-audit/core";
import {
  CHECK_KINDS,
  type CheckKind,
  NICKNAME_AUDIT_EXPECTATIONS,
  type NicknameAuditExpectation,
  QUERY,
} from "../protocol.js";
import { CheckerUsageError } from "./usage-error.js";

export interface CheckRequest {
  kind: CheckKind;
  nickName?: string;
  auditId?: string;
  expect: NicknameAuditExpectation;
  allowedStatuses: number[];
  baseUrl?: string;
  accessTokenVar?: string;
  platformVars: Partial<PlatformEnvNames>;
  timeBudgetMs: number;
  retryBaseDelayMs?: number;
  retryMaxAttempts?: number;
  requestTimeoutMs?: number;
}

export const DEFAULT_TIME_BUDGET_MS = 30_000;

export function parseQuery(text: string): CheckRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CheckerUsageError("stdin is not a JSON object (Terraform's external protocol sends one)");
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new CheckerUsageError("stdin is not a JSON object (Terraform's external protocol sends one)");
  }
  const q = raw as Record<string, unknown>;
  for (const [k, v] of Object.entries(q)) {
    if (typeof v !== "string") throw new CheckerUsageError(`query.${k} must be a string`);
  }
  const str = (key: string): string | undefined => {
    const v = q[key] as string | undefined;
    return v === undefined || v === "" ? undefined : v;
  };
  const int = (key: string, min: number): number | undefined => {
    const v = str(key);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min)
      throw new CheckerUsageError(`query.${key} must be an integer >= ${min}`);
    return Number(v);
  };

  const kind = str(QUERY.kind);
  if (!kind || !(CHECK_KINDS as readonly string[]).includes(kind)) {
    throw new CheckerUsageError(`query.${QUERY.kind} must be one of ${CHECK_KINDS.join(", ")}`);
  }
  const expect = str(QUERY.expect) ?? "succeeded";
  if (!(NICKNAME_AUDIT_EXPECTATIONS as readonly string[]).includes(expect)) {
    throw new CheckerUsageError(
      `query.${QUERY.expect} must be one of ${NICKNAME_AUDIT_EXPECTATIONS.join(", ")}`,
    );
  }
  const allowed = (str(QUERY.allowedStatuses) ?? "0").split(",").map((s) => s.trim());
  if (allowed.some((s) => !/^\d+$/.test(s))) {
    throw new CheckerUsageError(`query.${QUERY.allowedStatuses} must be comma-separated status numbers`);
  }
  const req: CheckRequest = {
    kind: kind as CheckKind,
    expect: expect as NicknameAuditExpectation,
    allowedStatuses: allowed.map(Number),
    platformVars: {},
    timeBudgetMs: int(QUERY.timeBudgetMs, 1) ?? DEFAULT_TIME_BUDGET_MS,
  };
  const optional = {
    nickName: str(QUERY.nickName),
    auditId: str(QUERY.auditId),
    baseUrl: str(QUERY.baseUrl),
    accessTokenVar: str(QUERY.accessTokenVar),
    retryBaseDelayMs: int(QUERY.retryBaseDelayMs, 0),
    retryMaxAttempts: int(QUERY.retryMaxAttempts, 1),
    requestTimeoutMs: int(QUERY.requestTimeoutMs, 1),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(req, { [k]: v });
  const platformKeys: Record<keyof PlatformEnvNames, string> = {
    componentAppId: QUERY.componentAppIdVar,
    componentAppSecret: QUERY.componentAppSecretVar,
    componentVerifyTicket: QUERY.componentVerifyTicketVar,
    authorizerAppId: QUERY.authorizerAppIdVar,
    authorizerRefreshToken: QUERY.authorizerRefreshTokenVar,
  };
  for (const [name, key] of Object.entries(platformKeys)) {
    const v = str(key);
    if (v) req.platformVars[name as keyof PlatformEnvNames] = v;
  }
  if (req.kind === "nickname_check" && !req.nickName)
    throw new CheckerUsageError(`query.${QUERY.nickName} is required`);
  if ((req.kind === "nickname_audit" || req.kind === "code_audit") && !req.auditId) {
    throw new CheckerUsageError(`query.${QUERY.auditId} is required`);
  }
  if (req.baseUrl) {
    try {
      new URL(req.baseUrl);
    } catch {
      throw new CheckerUsageError(`query.${QUERY.baseUrl} is not a URL`);
    }
  }
  return req;
}
