/**
 * Valid answers at the edges, and hostile ones the schema cannot see: a time past what a Date
 * holds is printed as the number it is (the answer is still an answer: exit 0), an answer
 * nested thousands of levels deep or an errmsg that cannot become a string is a bad answer
 * (exit 3, typed), never "Invalid time value", a stack overflow or a TypeError.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { WechatClient, WechatTransportError } from "../src/index.js";
import { sealPush } from "../src/push/index.js";
import { type FakeWechat, type Reply, startFakeWechat } from "./support/fake-wechat.js";
import { EVENTS, KEYS } from "./support/push-fixtures.js";

let wx: FakeWechat;
let next: Reply;
beforeAll(async () => {
  wx = await startFakeWechat(() => next);
});
afterAll(() => wx.close());
beforeEach(() => {
  next = { body: { errcode: 0, errmsg: "ok" } };
});

async function wxa(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { WECHAT_API_BASE_URL: wx.url, WECHAT_ACCESS_TOKEN: "edge-token-123456", ...env },
  });
  return { code, stdout, stderr, all: stdout + stderr };
}

/** No JavaScript failure shows through: what the user reads is ours. */
function expectNoRawFailure(text: string): void {
  for (const raw of ["Invalid time value", "Maximum call stack", "TypeError", "RangeError", "Cannot convert"])
    expect(text).not.toContain(raw);
}

describe("times outside what a Date holds", () => {
  const LATE = 9_000_000_000_000; // seconds: year ~287,000, past 275760
  const EARLY = -8_640_000_000_001;

  it("nickname-status prints the raw numbers, marked, and exits 0", async () => {
    next = {
      body: { errcode: 0, errmsg: "ok", nickname: "n", audit_stat: 3, create_time: LATE, audit_time: EARLY },
    };
    const r = await wxa(["nickname-status", "1"]);
    expectNoRawFailure(r.all);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${LATE} (out of range)`);
    expect(r.stdout).toContain(`${EARLY} (out of range)`);
    const json = await wxa(["nickname-status", "1", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ create_time: LATE, audit_time: EARLY });
  });

  it("the last second a Date holds still prints as a date", async () => {
    next = {
      body: { errcode: 0, errmsg: "ok", nickname: "n", audit_stat: 1, create_time: 8_640_000_000_000 },
    };
    const r = await wxa(["nickname-status", "1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("+275760-09-13T00:00:00.000Z (8640000000000)");
  });

  it("wxa events decrypt: a push whose time is past a Date's range", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wxa-edge-"));
    try {
      const s = sealPush(
        { ...EVENTS.weapp_audit_success, succTime: 999_999_999_999_999 },
        {
          ...KEYS,
          timestamp: 1_700_000_000,
          nonce: "998877",
        },
      );
      const file = join(dir, "push.http");
      writeFileSync(file, `POST /push?${new URLSearchParams(s.query)} HTTP/1.1\r\nHost: x\r\n\r\n${s.body}`);
      let stdout = "";
      let stderr = "";
      const code = await runCli(["events", "decrypt", "--request", file], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env: {
          WECHAT_PUSH_TOKEN: KEYS.token,
          WECHAT_PUSH_ENCODING_AES_KEY: KEYS.encodingAESKey,
          WECHAT_COMPONENT_APPID: KEYS.appid,
        },
      });
      expectNoRawFailure(stdout + stderr);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toContain("999999999999999 (out of range)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("answers no WeChat would send", () => {
  const deep = (n: number) => `{"errcode":0,"hit_condition":false,"x":${"[".repeat(n)}${"]".repeat(n)}}`;

  it("nested thousands of levels deep: a typed bad answer from the client, exit 3 from wxa", async () => {
    next = { body: deep(10_000) };
    const c = new WechatClient({ baseUrl: wx.url, token: "edge-token-123456", retry: { maxAttempts: 1 } });
    const err = await c.checkNickName({ nick_name: "Deep" }).catch((e: unknown) => e);
    await c.close();
    expect(err).toBeInstanceOf(WechatTransportError);
    expect(err).toMatchObject({ failure: "bad_shape", message: expect.stringContaining("nested") });
    const r = await wxa(["check-nickname", "Deep", "--json", "--attempts", "1"]);
    expectNoRawFailure(r.all);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: "WXA_TRANSPORT_ERROR" } });
  });

  it("a few levels deep is still an answer", async () => {
    next = { body: deep(20) };
    const r = await wxa(["check-nickname", "Shallow", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).x).toBeDefined();
  });

  const UNCONVERTIBLE: Array<[string, unknown]> = [
    ["an errmsg with a toString key", { errcode: 85012, errmsg: { toString: 1 } }],
    ["an errcode with valueOf and toString keys", { errcode: { valueOf: 1, toString: 1 }, errmsg: "x" }],
  ];
  for (const [what, body] of UNCONVERTIBLE) {
    it(`${what}: a typed bad answer, exit 3`, async () => {
      next = { body };
      const c = new WechatClient({ baseUrl: wx.url, token: "edge-token-123456", retry: { maxAttempts: 1 } });
      const err = await c.getAuditStatus({ auditid: 1 }).catch((e: unknown) => e);
      await c.close();
      expect(err).toBeInstanceOf(WechatTransportError);
      const r = await wxa(["audit-status", "1", "--attempts", "1"]);
      expectNoRawFailure(r.all);
      expect(r.code).toBe(3);
    });
  }
});
