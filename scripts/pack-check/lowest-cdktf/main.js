// A CommonJS JavaScript app on the lowest cdktf and constructs the peer ranges admit.
const { App, TerraformOutput, TerraformStack } = require("cdktf");
const { WechatNicknameCheck } = require("@wxa-audit/cdktf-provider");

const app = new App();
const stack = new TerraformStack(app, "app");
const name = new WechatNicknameCheck(stack, "name", { nickName: "Quiet Harbor Books" });
new TerraformOutput(stack, "ok", { value: name.ok });
app.synth();
