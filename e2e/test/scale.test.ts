/**
 * Scenario 9: 1, 10 and 100 checks, as HCL (`count`) and as CDKTF constructs, through the
 * platform flow: the plan succeeds with n `Read complete` lines, n checkNickName calls, and
 * exactly one component token fetch and one authorizer token fetch for the whole plan (the
 * provider shares its token across reads and across the engine's provider processes).
 */
import { randomBytes } from "node:crypto";
import { WechatNicknameCheck } from "@wxa-audit/cdktf-provider";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";
import { TerraformOutput } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeRun,
  type Engine,
  enginesOrSkip,
  FAST,
  SOURCES,
  type Source,
  Workspace,
} from "../support/harness.js";

const engines = enginesOrSkip();

let emu: RunningEmulator;
let ws: Workspace;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "wxa-e2e-scale" });
  ws = new Workspace("scale");
});

afterAll(async () => {
  await emu?.close();
  ws?.dispose();
});

describe.each(engines)("$name", (engine: Engine) => {
  describe.each(SOURCES)("%s", (source: Source) => {
    it.each([1, 10, 100])("9. %i checks: n reads, n calls, one platform token fetch", async (n) => {
      const name = `scale-${n}-${engine.id}-${source}`.replace(/[^a-z0-9]/gi, "-").toLowerCase();
      const config =
        source === "HCL"
          ? ws.hcl(name, "scale", { n })
          : ws.synth(name, (stack) => {
              for (let i = 0; i < n; i++) {
                new WechatNicknameCheck(stack, `name_${i}`, { nickName: `Quiet Harbor ${i}`, ...FAST });
              }
              new TerraformOutput(stack, "checks", { value: n });
            });
      if (source === "CDKTF") {
        const json = (config as ReturnType<Workspace["synth"]>).json() as {
          provider?: Record<string, unknown[]>;
          data?: Record<string, Record<string, unknown>>;
        };
        expect(Object.keys(json.provider ?? {})).toEqual(["wechat"]);
        expect(json.provider?.wechat).toHaveLength(1);
        expect(Object.keys(json.data?.wechat_nickname_check ?? {})).toHaveLength(n);
      }

      const mark = randomBytes(4).toString("hex");
      const componentAppId = `wxcomponentscale${mark}`;
      const authorizerAppId = `wxauthscale${mark}`;
      const secret = `scale-secret-${mark}`;
      const ticket = `scale-ticket-${mark}`;
      const refresh = `scale-refresh-${mark}`;
      await emu.admin.addPlatform({ appid: componentAppId, secret, verifyTicket: ticket });
      await emu.admin.createTenant({
        name: authorizerAppId,
        authorizer: { componentAppId, refreshToken: refresh },
      });
      const tokensBefore = await emu.admin.journalCount({ endpoint: "getComponentAccessToken" });
      const authBefore = await emu.admin.journalCount({ endpoint: "getAuthorizerAccessToken" });

      const r = await config.on(engine).plan({
        env: {
          WECHAT_API_BASE_URL: emu.url,
          WECHAT_COMPONENT_APPID: componentAppId,
          WECHAT_COMPONENT_APPSECRET: secret,
          WECHAT_COMPONENT_VERIFY_TICKET: ticket,
          WECHAT_AUTHORIZER_APPID: authorizerAppId,
          WECHAT_AUTHORIZER_REFRESH_TOKEN: refresh,
          WXA_TOKEN_CACHE_DIR: ws.dir(`${name}-token-cache`),
        },
      });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout.match(/Read complete after/g) ?? []).toHaveLength(n);
      expect(r.text).toContain(`checks = ${n}`);
      expect(await emu.admin.journalCount({ endpoint: "checkNickName", tenant: authorizerAppId })).toBe(n);
      expect((await emu.admin.journalCount({ endpoint: "getComponentAccessToken" })) - tokensBefore).toBe(1);
      expect((await emu.admin.journalCount({ endpoint: "getAuthorizerAccessToken" })) - authBefore).toBe(1);
    });
  });
});
