import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DataWechatNicknameCheck,
  WechatLatestCodeAudit,
  WechatNicknameCheck,
  WechatProvider,
} from "../src/index.js";
import { partialMatch, toHaveWechatCheck, wxaMatchers } from "../src/testing/index.js";
import { synth } from "./helpers.js";

describe("testing matchers", () => {
  const { text } = synth((s) => {
    new WechatNicknameCheck(s, "n", { nickName: "Foo", severity: "warning" });
    new WechatLatestCodeAudit(s, "l", { baseUrl: "http://127.0.0.1:1" });
  });

  it("are framework-free functions returning { pass, message }", () => {
    const yes = toHaveWechatCheck(text, { kind: "latest_code_audit", severity: "error" });
    expect(yes.pass).toBe(true);
    const no = toHaveWechatCheck(text, { kind: "nickname_check", severity: "error" });
    expect(no.pass).toBe(false);
    expect(no.message()).toMatch(/^Expected WeChat check \{/);
    expect(no.message()).toContain("data.wechat_nickname_check:");
    expect(Object.keys(wxaMatchers)).toEqual(
      expect.arrayContaining([
        "toHaveWechatCheck",
        "toHaveDataSourceWithProperties",
        "toHaveProviderWithProperties",
        "toHaveProviderCount",
        "toNotContainText",
        "toBeValidTerraform",
      ]),
    );
  });

  it("find data.wechat_* blocks by kind, severity, attributes and provider", () => {
    expect(text).toHaveWechatCheck({
      kind: "nickname_check",
      severity: "warning",
      attributes: { nick_name: "Foo" },
    });
    expect(text).not.toHaveWechatCheck({ kind: "nickname_check", attributes: { nick_name: "Bar" } });
    expect(text).toHaveWechatCheck({
      kind: "latest_code_audit",
      provider: expect.stringMatching(/^wechat\.wxa_/),
    });
    expect(text).not.toHaveWechatCheck({ kind: "code_audit" });
  });

  it("honour asymmetric matchers and regular expressions", () => {
    expect(text).toHaveDataSourceWithProperties(DataWechatNicknameCheck, {
      nick_name: expect.stringContaining("Fo"),
      severity: /^warn/,
    });
    expect(text).not.toHaveDataSourceWithProperties("wechat_nickname_check", { nick_name: "nope" });
    expect(text).toHaveProviderWithProperties(WechatProvider, { base_url: "http://127.0.0.1:1" });
    expect(text).toHaveProviderCount(WechatProvider, 2);
    expect(partialMatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2, c: 3 }], d: 4 })).toBe(true);
    expect(partialMatch({ a: [1] }, { a: [1, 2] })).toBe(false);
  });

  it("accept a path to cdk.tf.json as well as the JSON text", () => {
    const file = join(mkdtempSync(join(tmpdir(), "wxa-m-")), "cdk.tf.json");
    writeFileSync(file, text);
    expect(file).toHaveWechatCheck({
      kind: "nickname_check",
      severity: "warning",
      attributes: { nick_name: "Foo" },
    });
    expect(file).toNotContainText("secret-value");
  });
});
