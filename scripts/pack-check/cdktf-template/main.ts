// `cdktf init --template=typescript`'s main.ts, with the stack declaring the checks.

import { WechatNicknameCheck } from "@wxa-audit/cdktf-provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

export class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const name = new WechatNicknameCheck(this, "name", { nickName: "Quiet Harbor Books" });
    new TerraformOutput(this, "ok", { value: name.ok });
  }
}

const app = new App();
new MyStack(app, "app");
app.synth();
