/**
 * Every token the client fetches joins the scrub list. A real loopback server plays a hostile
 * WeChat: it issues tokens (platform flow, stable token), then echoes every token it issued, and
 * the one it was given, in answer fields (`wording`, `reason`, `nickname`, `fail_reason`) and in
 * errmsgs. None may reach what the client returns or throws, or what `wxa` prints.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { functionToken, platformToken, WechatClient } from "../src/index.js";
import {
  type FakeWechat,
  manualClock,
  type Recorded,
  type Reply,
  startFakeWechat,
} from "./support/fake-wechat.js";

const BIN = fileURLToPath(new URL("../bin/wxa.js", import.meta.url));

/** Credentials the caller holds; the server's tokens are made per test (see `issued`). */
const CREDENTIALS = {
  WECHAT_COMPONENT_APPID: "wxcomponentscrub",
  WECHAT_COMPONENT_APPSECRET: "component-appsecret-SCRUB-1",
  WECHAT_COMPONENT_VERIFY_TICKET: "ticket@@@SCRUB-verify-2",
  WECHAT_AUTHORIZER_APPID: "wxauthorizerscrub",
  WECHAT_AUTHORIZER_REFRESH_TOKEN: "refreshtoken@@@SCRUB-3",
};

let wx: FakeWechat;
/** Every token the server handed out in this test. */
let issued: string[] = [];
let serial = 0;
/** How the business endpoints answer: an errcode whose errmsg echoes, or a success that echoes. */
let failWith: number | undefined;
/** Errcode of the authorizer-token call, echoing the component token it was given. */
let authorizerFails: number | undefined;

const token = (kind: string) => {
  const t = `${kind}-${++serial}-ISSUED-${Math.random().toString(36).slice(2)}`;
  issued.push(t);
  return t;
};

/** The server echoes everything it knows: the tokens it issued and the one in this request. */
const echo = (req: Recorded) =>
  `echo ${[...issued, req.query.access_token, req.query.component_access_token].filter(Boolean).join(" ")}`;

function hostile(req: Recorded): Reply {
  switch (req.path) {
    case "/cgi-bin/component/api_component_token":
      return { body: { component_access_token: token("component"), expires_in: 7200 } };
    case "/cgi-bin/component/api_authorizer_token":
      if (authorizerFails) return { body: { errcode: authorizerFails, errmsg: echo(req) } };
      // A rotated refresh token too: it is a secret from the moment it arrives.
      return {
        body: {
          authorizer_access_token: token("authorizer"),
          authorizer_refresh_token: token("rotated-refresh"),
          expires_in: 7200,
          errmsg: "ok",
        },
      };
    case "/cgi-bin/stable_token":
      return { body: { access_token: token("stable"), expires_in: 7200, errmsg: echo(req) } };
  }
  if (failWith !== undefined)
    return { body: { errcode: failWith, errmsg: `${echo(req)} rid: 0a0b0c0d-01020304-0f0e0d0c` } };
  const said = echo(req);
  switch (req.path) {
    case "/cgi-bin/wxverify/checkwxverifynickname":
      return { body: { errcode: 0, errmsg: said, hit_condition: true, wording: said, [said]: said } };
    case "/wxa/get_auditstatus":
      return { body: { errcode: 0, errmsg: "ok", status: 1, reason: said, screenshot: `${said}|m2` } };
    case "/wxa/get_latest_auditstatus":
      return { body: { errcode: 0, errmsg: "ok", auditid: 7, status: 4, reason: said, user_desc: said } };
    case "/wxa/api_wxa_querynickname":
      return {
        body: { errcode: 0, errmsg: "ok", nickname: said, audit_stat: 2, fail_reason: said, create_time: 1 },
      };
    default:
      return { status: 404, body: "not found" };
  }
}

beforeAll(async () => {
  wx = await startFakeWechat(hostile);
});
afterAll(() => wx.close());
beforeEach(() => {
  issued = [];
  failWith = undefined;
  authorizerFails = undefined;
});

/** Every secret of the test, in the forms an output could carry it. */
function secrets(): string[] {
  return [...Object.values(CREDENTIALS).filter((v) => !v.startsWith("wx")), ...issued];
}

function expectClean(texts: string[]): void {
  expect(issued.length).toBeGreaterThan(0);
  for (const text of texts)
    for (const s of secrets()) {
      expect(text).not.toContain(s);
      expect(text).not.toContain(JSON.stringify(s).slice(1, -1));
    }
}

function renderings(v: unknown): string[] {
  const e = v as Error & { toJSON?: () => unknown };
  return [
    String(e?.message),
    String(e?.stack),
    String(JSON.stringify(v)),
    String(JSON.stringify(e?.toJSON?.())),
    inspect(v, { depth: 10, showHidden: true }),
  ];
}

function platformClient() {
  return new WechatClient({
    baseUrl: wx.url,
    clock: manualClock(),
    retry: { maxAttempts: 1 },
    token: platformToken({
      componentAppId: CREDENTIALS.WECHAT_COMPONENT_APPID,
      componentAppSecret: CREDENTIALS.WECHAT_COMPONENT_APPSECRET,
      componentVerifyTicket: CREDENTIALS.WECHAT_COMPONENT_VERIFY_TICKET,
      authorizerAppId: CREDENTIALS.WECHAT_AUTHORIZER_APPID,
      authorizerRefreshToken: CREDENTIALS.WECHAT_AUTHORIZER_REFRESH_TOKEN,
    }),
  });
}

describe("the client: fetched tokens never come back in answers or errors", () => {
  it("platform flow: answer fields and keys echoing the component and authorizer tokens", async () => {
    const c = platformClient();
    const answers = [
      await c.checkNickName({ nick_name: "Echo" }),
      await c.getAuditStatus({ auditid: 1 }),
      await c.getLatestAuditStatus(),
      await c.getNickNameStatus({ audit_id: 2 }),
    ];
    await c.close();
    expect(issued).toHaveLength(3); // component, authorizer, rotated refresh token
    expect(answers[0]).toMatchObject({ hit_condition: true, wording: expect.stringContaining("echo ***") });
    expectClean(answers.flatMap(renderings));
  });

  it("platform flow: an errmsg of a query echoing tokens other than the one it was sent", async () => {
    failWith = 85012;
    const c = platformClient();
    const err = await c.getAuditStatus({ auditid: 1 }).catch((e: unknown) => e);
    await c.close();
    expect(err).toMatchObject({ code: "WXA_API_ERROR", errcode: 85012, endpoint: "getAuditStatus" });
    expectClean(renderings(err));
  });

  it("platform flow: the authorizer-token call's errmsg echoing the component token", async () => {
    authorizerFails = 61007;
    const c = platformClient();
    const err = await c.queryQuota().catch((e: unknown) => e);
    await c.close();
    expect(err).toMatchObject({ errcode: 61007, endpoint: "getAuthorizerAccessToken" });
    expectClean(renderings(err));
  });

  it("a stable token fetched through the client: its own answer keeps it, every echo is scrubbed", async () => {
    const c = new WechatClient({ baseUrl: wx.url, retry: { maxAttempts: 1 } });
    const fetched = await c.getStableAccessToken({ appid: "wxstable", secret: "stable-app-secret-SCRUB" });
    // The token endpoint's answer is the token; its errmsg echoing it is not.
    expect(fetched.access_token).toBe(issued[0]);
    expect(fetched.errmsg).not.toContain(issued[0]);
    // Another client, sharing the registry: it learns the tokens `c` fetched too.
    const user = new WechatClient({
      secrets: c.secrets,
      baseUrl: wx.url,
      retry: { maxAttempts: 1 },
      token: functionToken(
        async () => (await c.getStableAccessToken({ appid: "wxstable", secret: "x".repeat(8) })).access_token,
      ),
    });
    const answer = await user.checkNickName({ nick_name: "Echo" });
    await Promise.all([c.close(), user.close()]);
    expectClean(renderings(answer));
  });
});

/**
 * One `wxa` run (its own token fetches, echoed back to it), checked clean: in this process
 * through runCli (the CLI's code, minus the bin's two lines), or spawned as the bin.
 */
async function wxa(args: string[], how: "in-process" | "spawned" = "in-process") {
  issued = [];
  const r = how === "spawned" ? await wxaSpawned(args) : await wxaInProcess(args);
  expectClean([r.stdout, r.stderr]);
  return r;
}

async function wxaInProcess(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli([...args, "--attempts", "1"], {
    stdout: (s) => (stdout += `${s}\n`),
    stderr: (s) => (stderr += `${s}\n`),
    env: { WECHAT_API_BASE_URL: wx.url, ...CREDENTIALS },
  });
  return { code, stdout, stderr };
}

function wxaSpawned(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, "--attempts", "1"], {
      env: { PATH: process.env.PATH ?? "", WECHAT_API_BASE_URL: wx.url, ...CREDENTIALS },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("wxa: no fetched token in stdout or stderr, text or JSON", () => {
  it("answers that echo the tokens (check-nickname, audit-status, nickname-status)", async () => {
    const runs = [
      await wxa(["check-nickname", "Echo"], "spawned"),
      await wxa(["check-nickname", "Echo", "--json"]),
      await wxa(["audit-status", "1"]),
      await wxa(["nickname-status", "2", "--json"]),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(runs[0]!.stdout).toContain("echo ***");
    expect(JSON.parse(runs[1]!.stdout)).toMatchObject({ hit_condition: true });
  });

  it("errcodes whose errmsg echoes the tokens, text and JSON", async () => {
    failWith = 85012;
    const text = await wxa(["latest-audit"]);
    const json = await wxa(["latest-audit", "--json"], "spawned");
    authorizerFails = 61007;
    const tokenCall = await wxa(["latest-audit", "--json"]);
    expect([text.code, json.code, tokenCall.code]).toEqual([1, 1, 1]);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      errcode: 85012,
      rid: "0a0b0c0d-01020304-0f0e0d0c",
    });
    expect(tokenCall.stdout).toContain("61007");
  });
});
