// An ESM app (package.json "type": "module"), synthesized with `node main.mjs`.

import { WechatAuditQuota, WechatNicknameCheck } from "@wxa-audit/cdktf-provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";

const app = new App();
const stack = new TerraformStack(app, "app");
const name = new WechatNicknameCheck(stack, "name", { nickName: "Quiet Harbor Books" });
new WechatAuditQuota(stack, "quota", { minRest: 1 });
new TerraformOutput(stack, "ok", { value: name.ok });
app.synth();
