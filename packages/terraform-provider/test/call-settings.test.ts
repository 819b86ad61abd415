/**
 * Time and retry settings: a data source's own value overrides the provider's, one left unset
 * keeps the provider's, and the provider's unset ones are the documented defaults. Shown on the
 * wire: how many times a persisting -1 is asked again.
 */
import { DEFAULT_RETRY } from "@wxa-audit/core";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CALL_SETTINGS,
  callSettingsOf,
  DEFAULT_CALL_SETTINGS,
  integerInRange,
  validateCallSettings,
} from "../src/provider/call-settings.js";
import { type TfObject, UNKNOWN } from "../src/provider/contract.js";
import { codeAuditIn, type Harness, provider } from "./helpers.js";

describe("call settings, offline", () => {
  it("defaults: a 30 s budget, 10 s per exchange, core's retry defaults", () => {
    expect(DEFAULT_CALL_SETTINGS).toEqual({
      timeBudgetMs: 30_000,
      requestTimeoutMs: 10_000,
      retryMaxAttempts: DEFAULT_RETRY.maxAttempts,
      retryBaseDelayMs: DEFAULT_RETRY.baseDelayMs,
    });
    expect(Object.keys(CALL_SETTINGS)).toEqual([
      "time_budget_ms",
      "request_timeout_ms",
      "retry_max_attempts",
      "retry_base_delay_ms",
    ]);
  });

  it("a value set overrides; null and unknown keep the base's", () => {
    const base = { timeBudgetMs: 1, requestTimeoutMs: 2, retryMaxAttempts: 3, retryBaseDelayMs: 4 };
    expect(
      callSettingsOf(
        {
          time_budget_ms: 500,
          request_timeout_ms: null,
          retry_max_attempts: 7,
          retry_base_delay_ms: UNKNOWN,
        },
        base,
      ),
    ).toEqual({ timeBudgetMs: 500, requestTimeoutMs: 2, retryMaxAttempts: 7, retryBaseDelayMs: 4 });
    expect(callSettingsOf({}, base)).toEqual(base);
    expect(base).toEqual({ timeBudgetMs: 1, requestTimeoutMs: 2, retryMaxAttempts: 3, retryBaseDelayMs: 4 });
    expect(callSettingsOf({ request_timeout_ms: 9, retry_base_delay_ms: 8 }, base)).toEqual({
      ...base,
      requestTimeoutMs: 9,
      retryBaseDelayMs: 8,
    });
  });

  it("integers within the bounds only, each error at its attribute with the bounds and the value", () => {
    expect(integerInRange({ n: 5 }, "n", 1, 10)).toBeUndefined();
    expect(integerInRange({ n: 1 }, "n", 1, 10)).toBeUndefined();
    expect(integerInRange({ n: 10 }, "n", 1, 10)).toBeUndefined();
    expect(integerInRange({ n: null }, "n", 1, 10)).toBeUndefined();
    expect(integerInRange({}, "n", 1, 10)).toBeUndefined();
    expect(integerInRange({ n: UNKNOWN }, "n", 1, 10)).toBeUndefined();
    for (const bad of [0, 11, 2.5, "5", true] as const)
      expect(integerInRange({ n: bad }, "n", 1, 10)).toEqual({
        severity: "error",
        attribute: ["n"],
        summary: "Invalid n",
        detail: `n must be an integer from 1 to 10, got ${JSON.stringify(bad)}.`,
      });
    expect(validateCallSettings({ retry_max_attempts: 0, time_budget_ms: 100 })).toMatchObject([
      { attribute: ["retry_max_attempts"] },
    ]);
  });
});

describe("call settings on the wire", () => {
  let emu: RunningEmulator;
  const open: Harness[] = [];
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: "tfp-call-settings" });
  });
  afterAll(async () => {
    for (const h of open) await h.logic.stop();
    await emu?.close();
  });

  async function attemptsFor(
    token: string,
    providerSettings: TfObject,
    dsSettings: TfObject,
  ): Promise<number> {
    const id = await codeAuditIn(emu, token, "approved");
    await emu.admin.addFault({ endpoint: "getAuditStatus", match: { auditid: id }, errcode: -1 });
    const h = await provider(emu.url, token, providerSettings);
    open.push(h);
    const r = await h.read("wechat_code_audit", { audit_id: id, ...dsSettings });
    expect(r.state).toMatchObject({ ok: false, errcode: -1 });
    return emu.admin.journalCount({ endpoint: "getAuditStatus", tenant: emu.admin.tenantOf(token) });
  }

  it("the provider's retry_max_attempts applies where a data source leaves it unset", async () => {
    expect(await attemptsFor("tfp-settings-provider", { retry_max_attempts: 4 }, {})).toBe(4);
  });

  it("a data source's retry_max_attempts overrides the provider's", async () => {
    expect(
      await attemptsFor("tfp-settings-override", { retry_max_attempts: 4 }, { retry_max_attempts: 2 }),
    ).toBe(2);
  });
});
