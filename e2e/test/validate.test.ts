/**
 * `validate` catches every bad input offline (no WECHAT_* set, WeChat unreachable), each error
 * pointing at the attribute: an empty nickname, a non-positive and a non-numeric audit id, an
 * unknown severity, an unknown status name, and a bad base URL in the provider configuration.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRun, type Engine, enginesOrSkip, Workspace } from "../support/harness.js";

const engines = enginesOrSkip();
let ws: Workspace;

beforeAll(() => {
  ws = new Workspace("validate");
});
afterAll(() => ws?.dispose());

/** Nothing to reach: validate must not need WeChat. */
const OFFLINE = { WECHAT_API_BASE_URL: "http://127.0.0.1:9", WECHAT_ACCESS_TOKEN: "validate-only" };

describe.each(engines)("$name", (engine: Engine) => {
  const key = engine.id.replace(/[^a-z0-9]/gi, "-");

  it("each bad data source input is an error naming its attribute", async () => {
    const r = await ws.hcl(`invalid-${key}`, "invalid").on(engine).validate({ env: OFFLINE });
    expect(r.code, describeRun(r)).toBe(1);
    // Each diagnostic is reported against its data source and shows the offending attribute line.
    const at = (address: string, line: string) =>
      new RegExp(`Error: .{0,600}?with ${address.replace(/\./g, "\\.")},.{0,300}?${line}`);
    expect(r.text).toMatch(at("data.wechat_nickname_check.empty_name", 'nick_name = ""'));
    expect(r.text).toMatch(at("data.wechat_nickname_check.bad_severity", 'severity = "fatal"'));
    expect(r.text).toMatch(at("data.wechat_code_audit.non_positive_id", "audit_id = 0"));
    expect(r.text).toMatch(
      at("data.wechat_code_audit.bad_status", 'allowed_statuses = \\["approved", "published"\\]'),
    );
    // A string where a number belongs is the engine's own type error, still at the attribute.
    expect(r.text).toMatch(
      /Error: Incorrect attribute value type on main\.tf line \d+, in data "wechat_nickname_audit" "non_numeric_id": \d+: audit_id = "abc" Inappropriate value for attribute "audit_id": a number is required/,
    );
    expect(r.text).toContain("published");
  });

  it("a bad base_url is an error naming base_url", async () => {
    const r = await ws.hcl(`invalid-url-${key}`, "invalid-base-url").on(engine).validate({ env: OFFLINE });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.text).toMatch(/Error: .{0,600}?base_url = "not a url"/);
  });
});
