import { describe, expect, it } from "vitest";
import { ExternalDataSource, WechatLatestCodeAudit, WechatNicknameCheck } from "../src/index.js";
import {
  partialMatch,
  toHaveCheckWithAssertion,
  toHaveWechatCheck,
  wxaMatchers,
} from "../src/testing/index.js";
import { synth } from "./helpers.js";

describe("testing matchers", () => {
  const { text } = synth((s) => {
    new WechatNicknameCheck(s, "n", { nickName: "Foo", severity: "warning" });
    new WechatLatestCodeAudit(s, "l");
  });

  it("are framework-free functions returning { pass, message }", () => {
    const yes = toHaveWechatCheck(text, { kind: "latest_code_audit", severity: "error" });
    expect(yes.pass).toBe(true);
    const no = toHaveCheckWithAssertion(text, { errorMessage: "nope" });
    expect(no.pass).toBe(false);
    expect(no.message()).toMatch(/^Expected check block with an assert matching/);
    expect(Object.keys(wxaMatchers)).toContain("toHaveCheckWithAssertion");
  });

  it("honour asymmetric matchers and regular expressions", () => {
    expect(text).toHaveDataSourceWithProperties(ExternalDataSource, {
      query: expect.objectContaining({ kind: "nickname_check" }),
      program: ["node", /wxa-check\.cjs$/],
    });
    expect(text).not.toHaveDataSourceWithProperties("external", { query: { kind: "nope" } });
    expect(text).toHaveProviderWithProperties("external", {});
    expect(text).toHaveCheckWithAssertion({ condition: expect.stringContaining('"hit_condition"') });
    expect(partialMatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2, c: 3 }], d: 4 })).toBe(true);
    expect(partialMatch({ a: [1] }, { a: [1, 2] })).toBe(false);
  });

  it("accept a path to cdk.tf.json as well as the JSON text", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "wxa-m-")), "cdk.tf.json");
    writeFileSync(file, text);
    expect(file).toHaveWechatCheck({
      kind: "nickname_check",
      severity: "warning",
      query: { nick_name: "Foo" },
    });
  });
});
