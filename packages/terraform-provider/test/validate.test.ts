/**
 * validateProviderConfig / validateDataSourceConfig work offline (no provider is configured and
 * nothing listens): every bad value is an error at its attribute path; unknown values are skipped.
 */
import { OPTION_RANGES } from "@wxa-audit/core";
import { describe, expect, it } from "vitest";
import { createProviderLogic, type TfObject, UNKNOWN } from "../src/provider/index.js";
import { dsConfig, only, providerConfig } from "./helpers.js";

const logic = createProviderLogic({ env: {} });
const ds = (type: string, values: Parameters<typeof dsConfig>[1]) =>
  logic.validateDataSourceConfig(type, dsConfig(type, values));

describe("data source config", () => {
  it.each([
    ["wechat_nickname_check", { nick_name: "" }, ["nick_name"], "nick_name must be a non-empty string."],
    ["wechat_nickname_check", { nick_name: "   " }, ["nick_name"], "nick_name must be a non-empty string."],
    [
      "wechat_nickname_check",
      { nick_name: "x", on_hit_condition: "fail" },
      ["on_hit_condition"],
      'on_hit_condition must be one of "error", "warning", "ignore", got "fail".',
    ],
    ["wechat_code_audit", { audit_id: 0 }, ["audit_id"], "audit_id must be a positive integer, got 0."],
    ["wechat_code_audit", { audit_id: -5 }, ["audit_id"], "audit_id must be a positive integer, got -5."],
    [
      "wechat_nickname_audit",
      { audit_id: 1.5 },
      ["audit_id"],
      "audit_id must be a positive integer, got 1.5.",
    ],
    [
      "wechat_nickname_audit",
      { audit_id: 1, expect: "not-failed" },
      ["expect"],
      'expect must be one of "succeeded", "not_failed", "any", got "not-failed".',
    ],
    [
      "wechat_code_audit",
      { audit_id: 1, allowed_statuses: ["approved", "done"] },
      ["allowed_statuses", 1],
      '"done" is not a status name; use approved, rejected, in_review, withdrawn, deferred.',
    ],
    ["wechat_latest_code_audit", { allowed_statuses: [] }, ["allowed_statuses"], undefined],
    [
      "wechat_audit_quota",
      { severity: "fatal" },
      ["severity"],
      'severity must be one of "error", "warning", got "fatal".',
    ],
    ["wechat_audit_quota", { min_rest: -1 }, ["min_rest"], undefined],
    [
      "wechat_audit_quota",
      { time_budget_ms: 2 ** 31 },
      ["time_budget_ms"],
      `time_budget_ms must be an integer from 1 to ${2 ** 31 - 1}, got ${2 ** 31}.`,
    ],
    ["wechat_audit_quota", { retry_max_attempts: 0 }, ["retry_max_attempts"], undefined],
    ["wechat_audit_quota", { request_timeout_ms: 2.5 }, ["request_timeout_ms"], undefined],
  ] as const)("%s %j: error at %j", (type, values, path, detail) => {
    const d = only(ds(type, values as unknown as TfObject));
    expect(d.severity).toBe("error");
    expect(d.attribute).toEqual(path);
    if (detail) expect(d.detail).toBe(detail);
  });

  it("accepts good values and skips unknown ones", () => {
    expect(
      ds("wechat_nickname_check", { nick_name: "Foo", on_hit_condition: "ignore", severity: "warning" }),
    ).toEqual([]);
    expect(ds("wechat_code_audit", { audit_id: 123, allowed_statuses: ["approved", "deferred"] })).toEqual(
      [],
    );
    expect(ds("wechat_nickname_check", { nick_name: UNKNOWN, on_hit_condition: UNKNOWN })).toEqual([]);
    expect(ds("wechat_code_audit", { audit_id: UNKNOWN, allowed_statuses: ["approved", UNKNOWN] })).toEqual(
      [],
    );
    expect(
      ds("wechat_code_audit", { audit_id: 1, allowed_statuses: UNKNOWN, time_budget_ms: UNKNOWN }),
    ).toEqual([]);
  });

  it("an unknown data source type is an error, not a crash", () => {
    expect(only(logic.validateDataSourceConfig("wechat_nope", {})).summary).toBe("Unknown data source");
  });
});

describe("provider config", () => {
  const pv = (values: Parameters<typeof providerConfig>[0]) =>
    logic.validateProviderConfig(providerConfig(values));

  it.each([
    ["ftp://x.example", "base_url must use http or https, not ftp."],
    ["https://user:pw@api.example", "base_url must not carry credentials: it shows in plan output."],
    [
      "https://api.example/?access_token=x",
      "base_url must not carry a query string: it shows in plan output.",
    ],
    ["not a url", 'base_url must be an absolute http(s) URL, got "not a url".'],
  ])("base_url %s", (base_url, detail) => {
    expect(only(pv({ base_url }))).toMatchObject({ severity: "error", attribute: ["base_url"], detail });
  });

  it("ranges of the time and retry settings, with paths", () => {
    const diags = pv({
      time_budget_ms: 0,
      request_timeout_ms: 2 ** 31,
      retry_max_attempts: 1.5,
      retry_base_delay_ms: -1,
    });
    expect(diags.map((d) => d.attribute)).toEqual([
      ["time_budget_ms"],
      ["request_timeout_ms"],
      ["retry_max_attempts"],
      ["retry_base_delay_ms"],
    ]);
  });

  it("env_names: known keys and variable names only", () => {
    const diags = pv({ env_names: { access_token: "MY TOKEN", appsecret: "X" } });
    expect(diags.map((d) => d.attribute)).toEqual([
      ["env_names", "access_token"],
      ["env_names", "appsecret"],
    ]);
  });

  it("accepts good values and unknown ones", () => {
    expect(
      pv({
        base_url: "http://127.0.0.1:8080",
        env_names: { access_token: "MY_TOKEN" },
        time_budget_ms: 1000,
      }),
    ).toEqual([]);
    expect(pv({ base_url: UNKNOWN, env_names: UNKNOWN, access_token: UNKNOWN })).toEqual([]);
  });

  it("configure with an unknown value: reads say it is not known yet", async () => {
    const l = createProviderLogic({ env: { WECHAT_ACCESS_TOKEN: "tok-unknown-config" } });
    expect(await l.configure(providerConfig({ base_url: UNKNOWN }))).toEqual([]);
    const d = only(
      (await l.readDataSource("wechat_audit_quota", dsConfig("wechat_audit_quota"))).diagnostics,
    );
    expect(d).toMatchObject({ severity: "error", summary: "Provider configuration not known yet" });
    expect(d.detail).toContain("base_url is not known until apply");
  });

  it("a read with an unknown data source value says so at its path", async () => {
    const l = createProviderLogic({ env: { WECHAT_ACCESS_TOKEN: "tok-unknown-read" } });
    await l.configure(providerConfig({ base_url: "http://127.0.0.1:9" }));
    const d = only(
      (await l.readDataSource("wechat_code_audit", dsConfig("wechat_code_audit", { audit_id: UNKNOWN })))
        .diagnostics,
    );
    expect(d).toMatchObject({ severity: "error", summary: "Value not known yet", attribute: ["audit_id"] });
    await l.stop();
  });
});

describe("time, budget and retry bounds are core's", () => {
  const CORE_OPTION = {
    time_budget_ms: "retry.deadlineMs",
    request_timeout_ms: "timeoutMs",
    retry_max_attempts: "retry.maxAttempts",
    retry_base_delay_ms: "retry.baseDelayMs",
  } as const;
  for (const [name, option] of Object.entries(CORE_OPTION)) {
    const { min, max } = OPTION_RANGES[option];
    it(`${name}: ${min}..${max} (core's ${option}), an error at its path just outside, at validate and configure`, async () => {
      for (const bad of [min - 1, max + 1]) {
        expect(only(logic.validateProviderConfig(providerConfig({ [name]: bad }))).attribute).toEqual([name]);
        expect(only(ds("wechat_audit_quota", { [name]: bad } as never)).attribute).toEqual([name]);
        const configured = createProviderLogic({ env: { WECHAT_ACCESS_TOKEN: "range-token-123" } });
        expect(only(await configured.configure(providerConfig({ [name]: bad }))).attribute).toEqual([name]);
      }
      for (const good of [min, max])
        expect(logic.validateProviderConfig(providerConfig({ [name]: good }))).toEqual([]);
    });
  }
});
