/**
 * Scenario 8 of issue 5: with recognisable secrets (an access token, and the platform flow's
 * app secret, verify ticket and refresh token), none appears in plan output, `show -json` of the
 * saved plan, the state file, `.terraform/` or the synthesized output, even with TF_LOG=trace
 * (on stderr, and in a TF_LOG_PATH file).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WechatNicknameCheck } from "@wxa-audit/cdktf-provider";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";
import { TerraformOutput } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeRun,
  type Engine,
  enginesOrSkip,
  FAST,
  filesUnder,
  secretsInFiles,
  secretsInText,
  Workspace,
} from "../support/harness.js";

const engines = enginesOrSkip();

let emu: RunningEmulator;
let ws: Workspace;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "wxa-e2e-secrets" });
  await emu.admin.setNameRules({ forbiddenWords: ["Casino"] });
  ws = new Workspace("secrets");
});

afterAll(async () => {
  await emu?.close();
  ws?.dispose();
});

describe.each(engines)("$name", (engine: Engine) => {
  it("8. no secret in plan output, show -json, state, .terraform/ or the synthesized output, with TF_LOG=trace", async () => {
    const mark = randomBytes(6).toString("hex");
    const secrets = {
      WECHAT_ACCESS_TOKEN: `SECRET-access-token-${mark}`,
      WECHAT_COMPONENT_APPSECRET: `SECRET-component-appsecret-${mark}`,
      WECHAT_COMPONENT_VERIFY_TICKET: `SECRET-verify-ticket-${mark}`,
      WECHAT_AUTHORIZER_REFRESH_TOKEN: `SECRET-refresh-token-${mark}`,
    };
    const values = Object.values(secrets);
    const componentAppId = `wxcomponent${mark}`;
    const authorizerAppId = `wxauthorizer${mark}`;
    // Strict about these credentials: the platform flow passes only with exactly these values.
    await emu.admin.addPlatform({
      appid: componentAppId,
      secret: secrets.WECHAT_COMPONENT_APPSECRET,
      verifyTicket: secrets.WECHAT_COMPONENT_VERIFY_TICKET,
    });
    await emu.admin.createTenant({
      name: authorizerAppId,
      authorizer: { componentAppId, refreshToken: secrets.WECHAT_AUTHORIZER_REFRESH_TOKEN },
    });

    const name = `secrets-${engine.id.replace(/[^a-z0-9]/gi, "-")}`;
    const synthesized = ws.synth(name, (stack) => {
      // Token flow: passes, and (warning severity) a forbidden name, so a diagnostic is printed.
      const a = new WechatNicknameCheck(stack, "token_ok", { nickName: "Quiet Harbor Books", ...FAST });
      new WechatNicknameCheck(stack, "token_warn", {
        nickName: "Lucky Casino",
        severity: "warning",
        ...FAST,
      });
      // Platform flow: the token variable points at an unset name, so the platform variables are used.
      const platform = { accessTokenVar: "WXA_E2E_UNSET_TOKEN", ...FAST };
      const b = new WechatNicknameCheck(stack, "platform_ok", { nickName: "Quiet Harbor Tea", ...platform });
      new WechatNicknameCheck(stack, "platform_warn", {
        nickName: "Casino Harbor",
        severity: "warning",
        ...platform,
      });
      new TerraformOutput(stack, "token_flow_ok", { value: a.ok });
      new TerraformOutput(stack, "platform_flow_ok", { value: b.ok });
      new TerraformOutput(stack, "platform_message", { value: b.message });
    });
    const s = synthesized.on(engine);
    const traceFile = join(ws.dir(`${name}-logs`), "apply-trace.log");
    const tokenCache = ws.dir(`${name}-token-cache`);
    const env = {
      ...secrets,
      WECHAT_COMPONENT_APPID: componentAppId,
      WECHAT_AUTHORIZER_APPID: authorizerAppId,
      WECHAT_API_BASE_URL: emu.url,
      WXA_TOKEN_CACHE_DIR: tokenCache,
      TF_LOG: "trace",
    };

    const init = await s.run(["init", "-input=false", "-no-color"], { env });
    expect(init.code, describeRun(init)).toBe(0);
    const plan = await s.run(["plan", "-input=false", "-no-color", "-out=plan.bin"], { env });
    expect(plan.code, describeRun(plan)).toBe(0);
    // The checks really ran with these credentials, and trace logs really were on stderr.
    expect(plan.text).toContain('token_flow_ok = "true"');
    expect(plan.text).toContain('platform_flow_ok = "true"');
    expect(plan.text).toContain('WeChat nickname check failed for "Casino Harbor": errcode 53012');
    expect(plan.stderr).toMatch(/\[TRACE\]/);
    expect(await emu.admin.journalCount({ endpoint: "getComponentAccessToken" })).toBeGreaterThan(0);
    expect(await emu.admin.journalCount({ endpoint: "checkNickName", tenant: authorizerAppId })).toBe(2);

    const show = await s.run(["show", "-json", "plan.bin"], { env });
    expect(show.code, describeRun(show)).toBe(0);
    expect(show.stdout).toContain("WeChat nickname check passed for");

    // The state: apply (the checks pass, warnings do not block), trace logs to a file.
    const apply = await s.run(["apply", "-auto-approve", "-input=false", "-no-color"], {
      env: { ...env, TF_LOG_PATH: traceFile },
    });
    expect(apply.code, describeRun(apply)).toBe(0);
    const state = join(s.dir, "terraform.tfstate");
    expect(existsSync(state)).toBe(true);
    expect(readFileSync(state, "utf8")).toContain("WeChat nickname check passed for");
    expect(readFileSync(traceFile, "utf8")).toMatch(/\[TRACE\]/);

    const leaks = {
      "init output": secretsInText(init.stdout + init.stderr, values),
      "plan output (stdout, trace on stderr)": secretsInText(plan.stdout + plan.stderr, values),
      "show -json plan.bin": secretsInText(show.stdout + show.stderr, values),
      "apply output": secretsInText(apply.stdout + apply.stderr, values),
      "TF_LOG_PATH file": secretsInFiles([traceFile], values),
      "terraform.tfstate": secretsInFiles([state], values),
      ".terraform/": secretsInFiles(filesUnder(join(s.dir, ".terraform")), values),
      // The whole synthesized output: manifest, cdk.tf.json, the checker asset, lock file, plan.
      "synthesized output": secretsInFiles(filesUnder(synthesized.outdir), values),
      "token cache": secretsInFiles(filesUnder(tokenCache), values),
    };
    expect(leaks).toEqual(Object.fromEntries(Object.keys(leaks).map((k) => [k, []])));
  });
});
