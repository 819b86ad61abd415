/**
 * Scenario 8: recognisable secrets (an access token; the platform flow's app secret, verify ticket
 * and refresh token). The emulator is configured with them, so the checks pass only if they were
 * used. With TF_LOG=trace (which carries the provider's stderr), none appears in init/plan/apply
 * output, `plan -json`, `show -json` of the saved plan, the TF_LOG_PATH file, the state,
 * `.terraform/`, anything written for the configuration, or the token cache. HCL and CDKTF,
 * token flow and platform flow.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WechatNicknameCheck } from "@wxa-audit/cdktf-provider";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeRun,
  type Engine,
  enginesOrSkip,
  FAST,
  filesUnder,
  SOURCES,
  type Source,
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
  describe.each(SOURCES)("%s", (source: Source) => {
    it.each(["token", "platform"] as const)(
      "8. %s flow: no secret anywhere a user or a log can see, with TF_LOG=trace",
      async (flow) => {
        const mark = randomBytes(6).toString("hex");
        const name = `secrets-${flow}-${engine.id}-${source}`.replace(/[^a-z0-9]/gi, "-").toLowerCase();
        const vars = { clean_name: `Quiet Harbor ${mark}`, forbidden_name: `Casino ${mark}` };
        let secrets: Record<string, string>;
        let tenant: string;
        if (flow === "token") {
          secrets = { WECHAT_ACCESS_TOKEN: `SECRET-access-token-${mark}` };
          tenant = emu.admin.tenantOf(secrets.WECHAT_ACCESS_TOKEN as string);
        } else {
          secrets = {
            WECHAT_COMPONENT_APPSECRET: `SECRET-component-appsecret-${mark}`,
            WECHAT_COMPONENT_VERIFY_TICKET: `SECRET-verify-ticket-${mark}`,
            WECHAT_AUTHORIZER_REFRESH_TOKEN: `SECRET-refresh-token-${mark}`,
          };
          const componentAppId = `wxcomponent${mark}`;
          tenant = `wxauthorizer${mark}`;
          // Strict about these credentials: the platform flow passes only with exactly these values.
          await emu.admin.addPlatform({
            appid: componentAppId,
            secret: secrets.WECHAT_COMPONENT_APPSECRET as string,
            verifyTicket: secrets.WECHAT_COMPONENT_VERIFY_TICKET as string,
          });
          await emu.admin.createTenant({
            name: tenant,
            authorizer: { componentAppId, refreshToken: secrets.WECHAT_AUTHORIZER_REFRESH_TOKEN as string },
          });
          secrets = { ...secrets, WECHAT_COMPONENT_APPID: componentAppId, WECHAT_AUTHORIZER_APPID: tenant };
        }
        const values = Object.entries(secrets)
          .filter(([k]) => !k.endsWith("_APPID"))
          .map(([, v]) => v);

        const config =
          source === "HCL"
            ? ws.hcl(name, "secrets", vars)
            : ws.synth(name, (stack) => {
                const clean = new TerraformVariable(stack, "clean_name", { type: "string" });
                const forbidden = new TerraformVariable(stack, "forbidden_name", { type: "string" });
                const ok = new WechatNicknameCheck(stack, "ok", { nickName: clean.stringValue, ...FAST });
                new WechatNicknameCheck(stack, "warn", {
                  nickName: forbidden.stringValue,
                  severity: "warning",
                  ...FAST,
                });
                new TerraformOutput(stack, "flow_ok", { value: ok.ok });
                new TerraformOutput(stack, "message", { value: ok.message });
              });
        const s = config.on(engine);
        const traceFile = join(ws.dir(`${name}-logs`), "apply-trace.log");
        const tokenCache = ws.dir(`${name}-token-cache`);
        const env: Record<string, string> = {
          ...secrets,
          WECHAT_API_BASE_URL: emu.url,
          WXA_TOKEN_CACHE_DIR: tokenCache,
          TF_LOG: "trace",
          ...(source === "CDKTF" && {
            TF_VAR_clean_name: vars.clean_name,
            TF_VAR_forbidden_name: vars.forbidden_name,
          }),
        };

        const init = await s.run(["init", "-input=false", "-no-color"], { env });
        expect(init.code, describeRun(init)).toBe(0);
        const plan = await s.run(["plan", "-input=false", "-no-color", "-out=plan.bin"], { env });
        expect(plan.code, describeRun(plan)).toBe(0);
        // The checks really ran with these credentials, and trace logs really were on stderr.
        expect(plan.text).toContain("flow_ok = true");
        expect(plan.text).toContain("Warning:");
        expect(plan.text).toContain(`Casino ${mark}`);
        expect(plan.stderr).toMatch(/\[TRACE\]/);
        expect(await emu.admin.journalCount({ endpoint: "checkNickName", tenant })).toBeGreaterThanOrEqual(2);

        const planJson = await s.run(["plan", "-input=false", "-no-color", "-json"], { env });
        expect(planJson.code, describeRun(planJson)).toBe(0);
        const show = await s.run(["show", "-json", "plan.bin"], { env });
        expect(show.code, describeRun(show)).toBe(0);
        expect(show.stdout).toContain(vars.clean_name);

        // The state: apply (the checks pass, warnings do not block), trace logs to a file.
        const apply = await s.run(["apply", "-auto-approve", "-input=false", "-no-color"], {
          env: { ...env, TF_LOG_PATH: traceFile },
        });
        expect(apply.code, describeRun(apply)).toBe(0);
        const state = join(s.dir, "terraform.tfstate");
        expect(existsSync(state)).toBe(true);
        expect(readFileSync(state, "utf8")).toContain(vars.clean_name);
        expect(readFileSync(traceFile, "utf8")).toMatch(/\[TRACE\]/);

        const leaks = {
          "init output": secretsInText(init.stdout + init.stderr, values),
          "plan output (stdout, trace on stderr)": secretsInText(plan.stdout + plan.stderr, values),
          "plan -json": secretsInText(planJson.stdout + planJson.stderr, values),
          "show -json plan.bin": secretsInText(show.stdout + show.stderr, values),
          "apply output": secretsInText(apply.stdout + apply.stderr, values),
          "TF_LOG_PATH file": secretsInFiles([traceFile], values),
          "terraform.tfstate": secretsInFiles([state], values),
          ".terraform/": secretsInFiles(filesUnder(join(s.dir, ".terraform")), values),
          "everything written for the configuration (incl. plan.bin, lock file)": secretsInFiles(
            filesUnder(config.outdir),
            values,
          ),
          "token cache": secretsInFiles(filesUnder(tokenCache), values),
        };
        expect(leaks).toEqual(Object.fromEntries(Object.keys(leaks).map((k) => [k, []])));
      },
    );
  });
});
