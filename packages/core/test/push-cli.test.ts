/** `wxa events decrypt` (from the source, in this process) on captured request files. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type KnownPushEvent, sealPush } from "../src/push/index.js";
import { EVENTS, KEYS } from "./support/push-fixtures.js";
import { runWxa } from "./support/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "wxa-push-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = {
  WECHAT_PUSH_TOKEN: KEYS.token,
  WECHAT_PUSH_ENCODING_AES_KEY: KEYS.encodingAESKey,
  WECHAT_COMPONENT_APPID: KEYS.appid,
};

function wxa(args: string[], env: Record<string, string> = ENV, stdin?: string) {
  return runWxa(args, env, stdin);
}

/** A captured request as a proxy or tcpdump would save it. */
function capture(event: KnownPushEvent, name: string, opts: { timestamp?: number; tamper?: boolean } = {}) {
  const s = sealPush(event, { ...KEYS, timestamp: opts.timestamp ?? 1_700_000_000, nonce: "998877" });
  if (opts.tamper) s.query.msg_signature = "0".repeat(40);
  const body = Buffer.from(s.body);
  const raw = [
    `POST /wechat/msg/wx0000000000000001?${new URLSearchParams(s.query)} HTTP/1.1`,
    "Host: push.example.com",
    "User-Agent: Mozilla/4.0",
    "Content-Type: text/xml",
    `Content-Length: ${body.length}`,
    "",
    s.body,
  ].join("\r\n");
  const file = join(dir, name);
  writeFileSync(file, raw);
  return { file, sealed: s };
}

describe("wxa events decrypt", () => {
  it("a captured request: human lines, exit 0, no key or token printed", async () => {
    const { file } = capture(EVENTS.weapp_audit_fail, "fail.http");
    const r = await wxa(["events", "decrypt", "--request", file]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("weapp_audit_fail\n");
    expect(r.stdout).toMatch(/failTime: +2017-03-07T03:16:31.000Z \(1488856591\)/);
    expect(r.stdout).toMatch(/screenshots: +xxx, yyy, zzz/);
    for (const secret of [KEYS.token, KEYS.encodingAESKey]) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it("--json prints the event; keys may come from options", async () => {
    const { file } = capture(EVENTS.component_verify_ticket, "ticket.http");
    const r = await wxa(
      [
        "events",
        "decrypt",
        "--request",
        file,
        "--json",
        "--token",
        KEYS.token,
        "--aes-key",
        KEYS.encodingAESKey,
        "--appid",
        KEYS.appid,
      ],
      {},
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(EVENTS.component_verify_ticket);
    for (const secret of [KEYS.token, KEYS.encodingAESKey]) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it("--url with --body, and stdin for -", async () => {
    const { sealed } = capture(EVENTS.unauthorized, "unused.http");
    const bodyFile = join(dir, "body.xml");
    writeFileSync(bodyFile, sealed.body);
    const url = `/auth?${new URLSearchParams(sealed.query)}`;
    const r = await wxa(["events", "decrypt", "--url", url, "--body", bodyFile, "--json"]);
    expect(JSON.parse(r.stdout)).toEqual(EVENTS.unauthorized);
    const s = await wxa(
      ["events", "decrypt", "--url", `https://x.example${url}`, "--body", "-", "--json"],
      ENV,
      sealed.body,
    );
    expect(JSON.parse(s.stdout)).toEqual(EVENTS.unauthorized);
    const { file } = capture(EVENTS.authorized, "stdin.http");
    const viaStdin = await wxa(["events", "decrypt", "--request", "-"], ENV, readFileSync(file, "utf8"));
    expect(viaStdin.stdout).toContain("authorized\n");
  });

  it("a verification failure: exit 2 with the reason and message, no secrets", async () => {
    const { file } = capture(EVENTS.weapp_audit_success, "tampered.http", { tamper: true });
    const r = await wxa(["events", "decrypt", "--request", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("wxa events decrypt: bad_signature: msg_signature does not match\n");
    const j = await wxa(
      ["events", "decrypt", "--request", capture(EVENTS.weapp_audit_success, "ok.http").file, "--json"],
      {
        ...ENV,
        WECHAT_COMPONENT_APPID: "wxsomeoneelse00001",
      },
    );
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toEqual({
      error: {
        code: "WXA_PUSH_ERROR",
        reason: "appid_mismatch",
        message: "appid in the message is not the configured one",
      },
    });
    for (const out of [r, j])
      for (const secret of [KEYS.token, KEYS.encodingAESKey])
        expect(out.stdout + out.stderr).not.toContain(secret);
  });

  it("freshness is off by default, on with --max-age", async () => {
    const { file } = capture(EVENTS.weapp_audit_success, "old.http", { timestamp: 1_500_000_000 });
    expect((await wxa(["events", "decrypt", "--request", file])).code).toBe(0);
    const r = await wxa(["events", "decrypt", "--request", file, "--max-age", "300"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stale_timestamp/);
  });

  it("bad usage: exit 2", async () => {
    const { file } = capture(EVENTS.weapp_audit_success, "usage.http");
    const big = join(dir, "big.http");
    writeFileSync(big, "x".repeat(400 * 1024));
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [["events", "decrypt"], ENV, /give --request/],
      [["events", "decrypt", "--request", file], {}, /WECHAT_PUSH_TOKEN/],
      [
        ["events", "decrypt", "--request", file],
        { WECHAT_PUSH_TOKEN: KEYS.token },
        /WECHAT_PUSH_ENCODING_AES_KEY/,
      ],
      [["events", "decrypt", "--request", dir], ENV, /is not a regular file/],
      [["events", "decrypt", "--request", big], ENV, /is larger than/],
      [["events", "decrypt", "--request", join(dir, "missing")], ENV, /cannot read/],
      [["events", "decrypt", "--request", file, "--bogus"], ENV, /Unknown option/],
      [["events", "nope"], ENV, /unknown subcommand/],
    ];
    for (const [args, env, message] of cases) {
      const r = await wxa(args, env);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
    const help = await wxa(["events", "decrypt", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--max-age");
    expect((await wxa(["--help"])).stdout).toContain("events decrypt");
  });
});
