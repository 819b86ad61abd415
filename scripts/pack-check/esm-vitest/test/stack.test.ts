import { DataWechatAuditQuota, WechatAuditQuota, WechatProvider } from "@wxa-audit/cdktf-provider";
import { WechatClient } from "@wxa-audit/core";
import { startEmulator } from "@wxa-audit/emulator";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";

describe("the stack's checks", () => {
  it("declares the quota check with this package's matchers", () => {
    const synthesized = Testing.synthScope((scope) => {
      new WechatAuditQuota(scope, "quota", { minRest: 1 });
    });
    expect(synthesized).toHaveWechatCheck({ kind: "audit_quota", attributes: { min_rest: 1 } });
    expect(synthesized).toHaveDataSourceWithProperties(DataWechatAuditQuota, { min_rest: 1 });
    expect(synthesized).toHaveProviderCount(WechatProvider, 1);
  });

  it("core's client against the emulator", async () => {
    const emu = await startEmulator({ port: 0 });
    try {
      const answer = await new WechatClient({ token: "esm-app", baseUrl: emu.url }).queryQuota();
      expect(answer.errcode).toBe(0);
    } finally {
      await emu.close();
    }
  });
});
