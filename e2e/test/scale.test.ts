/**
 * Scenario 9 of issue 5: stacks of 1, 10 and 100 checks plan successfully, with exactly one
 * provider block in the synthesized JSON, and one WeChat call per check.
 */
import { WechatNicknameCheck } from "@wxa-audit/cdktf-provider";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRun, type Engine, enginesOrSkip, FAST, Workspace } from "../support/harness.js";

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
  it.each([1, 10, 100])("9. %i checks plan successfully, with one provider block", async (n) => {
    const name = `scale-${n}-${engine.id.replace(/[^a-z0-9]/gi, "-")}`;
    const synthesized = ws.synth(name, (stack) => {
      for (let i = 0; i < n; i++) {
        new WechatNicknameCheck(stack, `name_${i}`, { nickName: `Quiet Harbor ${i}`, ...FAST });
      }
    });
    const json = synthesized.json() as {
      provider?: Record<string, unknown[]>;
      data?: { external?: Record<string, unknown> };
    };
    expect(Object.keys(json.provider ?? {})).toEqual(["external"]);
    expect(json.provider?.external).toHaveLength(1);
    expect(Object.keys(json.data?.external ?? {})).toHaveLength(n);

    const token = `e2e-${engine.id}-scale-${n}`;
    const r = await synthesized.on(engine).plan({
      env: { WECHAT_API_BASE_URL: emu.url, WECHAT_ACCESS_TOKEN: token },
    });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout.match(/Read complete after/g) ?? []).toHaveLength(n);
    expect(
      await emu.admin.journalCount({ endpoint: "checkNickName", tenant: emu.admin.tenantOf(token) }),
    ).toBe(n);
  });
});
