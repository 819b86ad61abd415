// As the template's __tests__/main-test.ts: cdktf's jest adapter, and this package's matchers.
import "cdktf/lib/testing/adapters/jest";
// The matchers' types (setup.js registers them), as cdktf's adapter line above does for its own.
import "@wxa-audit/cdktf-provider/testing";
import { DataWechatNicknameCheck, WechatNicknameCheck, WechatProvider } from "@wxa-audit/cdktf-provider";
import { WechatClient } from "@wxa-audit/core";
import { startEmulator } from "@wxa-audit/emulator";
import { Testing } from "cdktf";

describe("the stack's checks", () => {
  const synthesized = Testing.synthScope((scope) => {
    new WechatNicknameCheck(scope, "name", { nickName: "Quiet Harbor Books" });
  });

  it("declares one nickname check and one provider", () => {
    expect(synthesized).toHaveWechatCheck({
      kind: "nickname_check",
      severity: "error",
      attributes: { nick_name: "Quiet Harbor Books" },
    });
    expect(synthesized).toHaveDataSourceWithProperties(DataWechatNicknameCheck, {
      nick_name: expect.stringContaining("Harbor"),
    });
    expect(synthesized).toHaveProviderCount(WechatProvider, 1);
    expect(synthesized).not.toHaveWechatCheck({ kind: "code_audit" });
  });

  it("core's client and the emulator load under jest too", async () => {
    const emu = await startEmulator({ port: 0 });
    try {
      const wx = new WechatClient({ token: "jest-app", baseUrl: emu.url });
      const answer = await wx.checkNickName({ nick_name: "Quiet Harbor Books" });
      expect(answer.errcode).toBe(0);
    } finally {
      await emu.close();
    }
  });
});
