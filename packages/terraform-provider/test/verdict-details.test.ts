/**
 * The details of a verdict a user reads in `plan`: the hint lines under a failure (the errcode
 * catalogue's action, and how to let the plan go on, only when it is an error), a failure of the
 * platform flow's token fetch (named by its own interface, not pinned on nick_name), a garbage
 * answer, a budget spent between retries, and the keyword-policy notice in each of its modes.
 */
import { describeErrcode } from "@wxa-audit/core";
import { type RunningEmulator, SUBJECT_NAME_WORDING, startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TfObject } from "../src/provider/contract.js";
import { dsConfig, type Harness, only, provider } from "./helpers.js";

let emu: RunningEmulator;
const open: Harness[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "tfp-verdict-details" });
  await emu.admin.setNameRules({
    forbiddenWords: ["Casino"],
    keywordPolicies: [
      { keyword: "腾讯", wording: SUBJECT_NAME_WORDING },
      { keyword: "Quiet", wording: "" },
    ],
  });
});
afterAll(async () => {
  for (const h of open) await h.logic.stop();
  await emu?.close();
});

async function as(token: string | undefined, config = {}): Promise<Harness> {
  const h = await provider(emu.url, token, config);
  open.push(h);
  return h;
}

const SEVERITY_HINT = 'Set severity = "warning" to let the plan go on with a warning.';

describe("the hints under a failure", () => {
  it("error: the message, the catalogue's action, then how to make it a warning", async () => {
    const r = await (await as("tfp-details-hint-error")).read("wechat_nickname_check", {
      nick_name: "Casino Royale",
    });
    const d = only(r.diagnostics);
    expect(d.severity).toBe("error");
    expect(d.detail).toBe(`${String(r.state?.message)}\n\nChoose another name.\n\n${SEVERITY_HINT}`);
    expect(r.state).toMatchObject({ severity: "error", ok: false, outcome: "errcode" });
  });

  it("warning: the message and the action only", async () => {
    const r = await (await as("tfp-details-hint-warning")).read("wechat_nickname_check", {
      nick_name: "Casino Royale",
      severity: "warning",
    });
    const d = only(r.diagnostics);
    expect(d.severity).toBe("warning");
    expect(d.detail).toBe(`${String(r.state?.message)}\n\nChoose another name.`);
  });
});

describe("failures that are not the checked interface's answer", () => {
  it("the platform flow's token fetch fails: its errcode, its interface, no attribute", async () => {
    const rule = await emu.admin.addFault({ endpoint: "getComponentAccessToken", errcode: 61004 });
    try {
      const h = await as(undefined, {
        component_appid: "wxcomponentdetails",
        component_appsecret: "component-secret-details",
        component_verify_ticket: "ticket@@@details-1",
        authorizer_appid: "wxappdetails",
        authorizer_refresh_token: "refreshtoken@@@details-1",
      });
      const r = await h.read("wechat_nickname_check", { nick_name: "Lighthouse" });
      const d = only(r.diagnostics);
      expect(d.attribute).toBeUndefined();
      expect(d.summary).toBe('WeChat nickname check failed for "Lighthouse": errcode 61004');
      expect(r.state?.message).toMatch(
        /^WeChat nickname check failed for "Lighthouse": errcode 61004 from getComponentAccessToken \(/,
      );
      expect(d.detail).toContain("Add the server's IP to the platform's whitelist.");
      expect(r.state).toMatchObject({
        ok: false,
        outcome: "errcode",
        errcode: 61004,
        meaning: describeErrcode(61004),
        category: "credential",
        endpoint: "getComponentAccessToken",
        hit_condition: null,
      });
    } finally {
      await emu.admin.removeFault(rule.id);
    }
  });

  it("an answer that is not JSON: unreachable, the failure kind without the URL, errcode null", async () => {
    await emu.admin.addFault({
      endpoint: "checkNickName",
      match: { nick_name: "Garbled" },
      body: "malformed",
    });
    const r = await (await as("tfp-details-garbage")).read("wechat_nickname_check", {
      nick_name: "Garbled",
      retry_max_attempts: 1,
    });
    const d = only(r.diagnostics);
    expect(d.summary).toBe('WeChat nickname check for "Garbled": WeChat unreachable');
    const message = String(r.state?.message);
    expect(
      message.startsWith(
        `WeChat nickname check for "Garbled" could not reach WeChat at ${new URL(emu.url).host} (bad_json: checkNickName: `,
      ),
    ).toBe(true);
    expect(message.endsWith("); failing closed")).toBe(true);
    // The URL (with its redacted token) is left out: the host is said once, up front.
    expect(message).not.toContain("http");
    expect(message).not.toContain("access_token");
    expect(r.state).toMatchObject({
      ok: false,
      outcome: "unreachable",
      errcode: null,
      errmsg: null,
      rid: null,
      meaning: null,
      category: null,
      endpoint: "checkNickName",
    });
  });

  it("a budget spent between retries names the attempts and the last error", async () => {
    await emu.admin.addFault({ endpoint: "checkNickName", match: { nick_name: "Busy" }, errcode: -1 });
    const r = await (await as("tfp-details-deadline")).read("wechat_nickname_check", {
      nick_name: "Busy",
      time_budget_ms: 100,
      retry_max_attempts: 10,
      retry_base_delay_ms: 60_000,
    });
    expect(only(r.diagnostics).summary).toBe('WeChat nickname check for "Busy": time budget spent');
    expect(r.state?.message).toMatch(
      /^WeChat nickname check for "Busy" did not finish within its 100 ms time budget after [1-9]\d* attempt\(s\); last error: .*-1.*; failing closed$/,
    );
    expect(r.state).toMatchObject({
      ok: false,
      outcome: "budget_spent",
      errcode: null,
      endpoint: "checkNickName",
    });
  });
});

describe("a name that hits a keyword policy", () => {
  it('on_hit_condition unset: a warning, applied as "warning" in state', async () => {
    const r = await (await as("tfp-details-hit-default")).read("wechat_nickname_check", {
      nick_name: "腾讯 Default",
    });
    const d = only(r.diagnostics);
    expect(d).toMatchObject({
      severity: "warning",
      attribute: ["on_hit_condition"],
      summary: 'WeChat nickname "腾讯 Default" hits a keyword policy',
    });
    const hit = `WeChat nickname "腾讯 Default" hits a keyword policy and needs supporting material: ${SUBJECT_NAME_WORDING}`;
    expect(d.detail).toBe(`${hit}\n\non_hit_condition = "warning".`);
    expect(r.state).toMatchObject({
      ok: true,
      outcome: "hit_condition",
      on_hit_condition: "warning",
      hit_condition: true,
      wording: SUBJECT_NAME_WORDING,
      hit_message: hit,
      message: 'WeChat nickname check passed for "腾讯 Default", but the name hits a keyword policy',
      errcode: 0,
      endpoint: "checkNickName",
    });
  });

  it("on_hit_condition error: says how to let the plan go on", async () => {
    const r = await (await as("tfp-details-hit-error")).read("wechat_nickname_check", {
      nick_name: "腾讯 Strict",
      on_hit_condition: "error",
      severity: "warning",
    });
    expect(only(r.diagnostics).detail).toMatch(
      /\n\non_hit_condition = "error"; set it to "warning" or "ignore" to let the plan go on\.$/,
    );
  });

  it("on_hit_condition ignore: nothing said, the state still tells", async () => {
    const r = await (await as("tfp-details-hit-ignore")).read("wechat_nickname_check", {
      nick_name: "腾讯 Silent",
      on_hit_condition: "ignore",
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toMatchObject({ ok: true, outcome: "hit_condition", on_hit_condition: "ignore" });
    expect(r.state?.hit_message).toContain("hits a keyword policy");
  });

  it("a policy without wording: the sentence ends at the name", async () => {
    const r = await (await as("tfp-details-hit-quiet")).read("wechat_nickname_check", {
      nick_name: "Quiet Harbour",
    });
    expect(r.state?.hit_message).toBe(
      'WeChat nickname "Quiet Harbour" hits a keyword policy and needs supporting material',
    );
  });

  it("a name that passes: no diagnostic, no hit message", async () => {
    const r = await (await as("tfp-details-pass")).read("wechat_nickname_check", { nick_name: "Harbour" });
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toMatchObject({
      ok: true,
      outcome: "passed",
      message: 'WeChat nickname check passed for "Harbour"',
      hit_condition: false,
      hit_message: null,
      on_hit_condition: "warning",
      errcode: 0,
      errmsg: "ok",
      rid: null,
      meaning: null,
      category: null,
      endpoint: "checkNickName",
    });
  });
});

describe("nick_name checks offline", () => {
  it("an invalid name is an error at nick_name; null is left to Terraform (a required attribute)", async () => {
    const h = await as("tfp-details-validate");
    const v = (values: TfObject) =>
      h.logic.validateDataSourceConfig("wechat_nickname_check", dsConfig("wechat_nickname_check", values));
    expect(v({ nick_name: " " })).toMatchObject([{ attribute: ["nick_name"], summary: "Invalid nick_name" }]);
    expect(v({ nick_name: null })).toEqual([]);
  });
});
