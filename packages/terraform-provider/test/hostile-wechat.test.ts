/**
 * The provider against a hostile WeChat (test/hostile-wechat.ts): every token core fetched in
 * the platform flow, echoed back in answer fields and errmsgs, appears in no diagnostic and no
 * state. And a bad token cache file is a warning on the read, never a failure or a hang. (The
 * same through the real plugin process, with TF_LOG=trace, is in
 * protocol/server.integration.test.ts.)
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileTokenStore, prepareCacheDir } from "../src/provider/file-token-store.js";
import { createProviderLogic } from "../src/provider/index.js";
import { dsConfig, FAST, freshDir, providerConfig, strings } from "./helpers.js";
import { HOSTILE_READS, type HostileWechat, PLATFORM_SECRETS, startHostileWechat } from "./hostile-wechat.js";

let wx: HostileWechat;
beforeAll(async () => {
  wx = await startHostileWechat();
});
afterAll(() => wx.close());

const PLATFORM = {
  component_appid: "wxcomponenthostile",
  authorizer_appid: "wxapphostile",
  ...PLATFORM_SECRETS,
};

describe("a WeChat that echoes the tokens it issued", () => {
  it("no token, credential or rotated refresh token in any diagnostic or state", async () => {
    const logic = createProviderLogic({ env: {}, tokenStore: null });
    expect(await logic.configure(providerConfig({ base_url: wx.url, ...PLATFORM, ...FAST }))).toEqual([]);
    const results = [];
    for (const [type, values] of HOSTILE_READS)
      results.push(await logic.readDataSource(type, dsConfig(type, values as never)));
    await logic.stop();
    expect(wx.issued.length).toBeGreaterThanOrEqual(3);
    expect(results.map((r) => r.state?.outcome)).toEqual([
      "hit_condition",
      "status",
      "status",
      "errcode",
      "errcode",
    ]);
    const out = strings(results);
    expect(out.join("\n")).toContain("echo ***");
    for (const secret of [...Object.values(PLATFORM_SECRETS), ...wx.issued])
      for (const s of out) expect(s).not.toContain(secret);
  });
});

describe("a token cache file that is not a token file", () => {
  it("a FIFO at the authorizer token's path: the read goes on, with a warning naming the file", async () => {
    const dir = freshDir();
    prepareCacheDir(dir);
    // The file the provider's store uses for the authorizer token (namespace: the base URL).
    const file = new FileTokenStore({ dir, namespace: wx.url }).fileOf(
      `authorizer:${PLATFORM.component_appid}:${PLATFORM.authorizer_appid}`,
    );
    execFileSync("mkfifo", ["-m", "600", file]);
    const logic = createProviderLogic({ env: { WXA_TOKEN_CACHE_DIR: dir } });
    await logic.configure(providerConfig({ base_url: wx.url, ...PLATFORM, ...FAST }));
    const r = await logic.readDataSource("wechat_code_audit", dsConfig("wechat_code_audit", { audit_id: 5 }));
    const again = await logic.readDataSource(
      "wechat_nickname_audit",
      dsConfig("wechat_nickname_audit", { audit_id: 6 }),
    );
    await logic.stop();
    expect(r.state?.outcome).toBe("status"); // read, judged: the bad file changed nothing
    const warnings = r.diagnostics.filter((d) => d.severity === "warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ summary: "Token cache file ignored" });
    expect(warnings[0]?.detail).toContain(file);
    // Said once: the next read is quiet (and the fetch wrote a good file over the FIFO).
    expect(again.diagnostics.filter((d) => d.severity === "warning")).toEqual([]);
  });
});
