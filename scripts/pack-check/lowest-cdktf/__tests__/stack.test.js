const { Testing } = require("cdktf");
const { WechatCodeAudit, WechatNicknameCheck, WechatProvider } = require("@wxa-audit/cdktf-provider");

test("the constructs synthesize on this cdktf, and the matchers see them", () => {
  const synthesized = Testing.synthScope((scope) => {
    new WechatNicknameCheck(scope, "name", { nickName: "Quiet Harbor Books" });
    new WechatCodeAudit(scope, "audit", { auditId: 1234567, severity: "warning" });
  });
  expect(synthesized).toHaveWechatCheck({
    kind: "nickname_check",
    attributes: { nick_name: "Quiet Harbor Books" },
  });
  expect(synthesized).toHaveWechatCheck({ kind: "code_audit", severity: "warning" });
  expect(synthesized).toHaveProviderCount(WechatProvider, 1);
});
