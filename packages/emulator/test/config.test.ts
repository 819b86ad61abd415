/** The config file: YAML or JSON, validated with errors that give the path of the bad value. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, startEmulator, validateConfig } from "../src/index.js";
import { client, expectErrcode } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "wxa-emulator-config-"));
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

const YAML = `
seed: 42
clock: { start: 1717200000 }
nameRules:
  forbiddenWords: [违禁]
tenants:
  - name: wxdemo
    secret: demo-secret
    audits:
      - { auditid: 1001, status: approved }
      - { auditid: 1002, status: rejected, reason: 图片违规, screenshot: "m1|m2" }
    nicknameAudits:
      - { audit_id: 2001, nickname: Tencent 演示, stat: in_review }
faults:
  - { endpoint: queryQuota, errcode: -1, times: 1 }
`;

describe("config file", () => {
  it("loads YAML: tenants with audits, rules, faults and the clock", async () => {
    const file = join(dir, "emulator.yaml");
    writeFileSync(file, YAML);
    const em = await startEmulator({ config: file, strictTokens: true });
    closers.push(em.close);
    expect(await em.admin.clock()).toEqual({ now: 1_717_200_000, frozen: true });
    const { access_token } = await client(em.url).getAccessToken({ appid: "wxdemo", secret: "demo-secret" });
    const c = client(em.url, access_token);
    expect(await c.getLatestAuditStatus()).toMatchObject({
      auditid: 1002,
      status: 1,
      reason: "图片违规",
      ScreenShot: "m1|m2",
    });
    expect(await em.admin.getNicknameAudit(2001)).toMatchObject({ nickname: "Tencent 演示", stat: 1 });
    expect((await em.admin.getNameRules()).forbiddenWords).toEqual(["违禁"]);
    await expectErrcode(c.queryQuota(), -1);
    await c.queryQuota();
  });

  it("loads JSON the same way", async () => {
    const file = join(dir, "emulator.json");
    writeFileSync(file, JSON.stringify({ tenants: [{ name: "wxjson", quota: { limit: 3 } }] }));
    const em = await startEmulator({ config: file });
    closers.push(em.close);
    expect((await em.admin.tenant("wxjson")).quota.limit).toBe(3);
  });

  it.each([
    [
      { tenants: [{ name: "a", audits: [{ status: "approved" }, { status: "done" }] }] },
      "tenants[0].audits[1].status",
    ],
    [{ nameRules: { maxLength: -1 } }, "nameRules.maxLength"],
    [{ faults: [{ errcode: 99999 }] }, "faults[0].errcode"],
    [{ clock: { start: "yesterday" } }, "clock.start"],
    [{ tenantz: [] }, "(root)"],
    [{ platforms: [{ appid: "p", secret: "s" }] }, "platforms[0].verifyTicket"],
    [{ clock: { start: 253_402_300_800 } }, "clock.start"],
    [{ tenants: [{ name: "a", audits: [{ submitTime: 1e12 }] }] }, "tenants[0].audits[0].submitTime"],
    [{ adminAllowedHosts: ["emulator:8080"] }, "adminAllowedHosts[0]"],
  ])("names the bad value: %j -> %s", (config, path) => {
    let err: unknown;
    try {
      validateConfig(config, "test.yaml");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(`${path}:`);
    expect((err as ConfigError).message).toContain("test.yaml");
  });

  it("refuses an unreadable or unparsable file, and duplicate ids", async () => {
    expect(() => validateConfig(undefined)).not.toThrow();
    await expect(startEmulator({ config: join(dir, "missing.yaml") })).rejects.toThrow(/cannot read/);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "tenants: [\n");
    await expect(startEmulator({ config: bad })).rejects.toThrow(/not YAML or JSON/);
    await expect(
      startEmulator({
        config: {
          tenants: [
            { name: "a", audits: [{ auditid: 5 }] },
            { name: "b", audits: [{ auditid: 5 }] },
          ],
        },
      }),
    ).rejects.toThrow(/audits.0.auditid: id 5 already exists/);
  });
});
