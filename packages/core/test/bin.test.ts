/**
 * The built bin (bin/wxa.js over dist/): that it starts, prints and sets its exit code. Every
 * other CLI behaviour is tested on the source in-process (cli.test.ts, push-cli.test.ts).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeWechat, startFakeWechat } from "./support/fake-wechat.js";

const BIN = fileURLToPath(new URL("../bin/wxa.js", import.meta.url));

let wx: FakeWechat;
beforeAll(async () => {
  wx = await startFakeWechat(() => ({ body: { errcode: 0, errmsg: "ok", auditid: 77, status: 0 } }));
});
afterAll(() => wx.close());

function bin(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("bin/wxa.js (built)", () => {
  it("answers a call: JSON on stdout, exit 0", async () => {
    const r = await bin(["latest-audit", "--json"], {
      WECHAT_API_BASE_URL: wx.url,
      WECHAT_ACCESS_TOKEN: "BIN-TOKEN-123456",
    });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toMatchObject({ auditid: 77, status: 0 });
  });

  it("bad usage: exit 2 with help on stderr", async () => {
    const r = await bin(["nope"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command");
  });
});
