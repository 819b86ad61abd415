import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeWechat, type Recorded, type Reply, startFakeWechat } from "./support/fake-wechat.js";
import { runWxa } from "./support/run-cli.js";

const RID = "6063dcc3-77bbb7aa-0ff2f9f8";

let wx: FakeWechat;
function wechat(req: Recorded): Reply {
  const body = req.body as Record<string, unknown>;
  switch (req.path) {
    case "/cgi-bin/wxverify/checkwxverifynickname":
      if (body.nick_name === "Forbidden")
        return { body: { errcode: 53012, errmsg: `nickname ban rid: ${RID}` } };
      if (body.nick_name === "Proof")
        return {
          body: { errcode: 91009, errmsg: `nickname need proof rid: ${RID}`, wording: "请提供商标注册证" },
        };
      if (body.nick_name === "Hinted")
        return { body: { errcode: 53012, errmsg: "nickname ban hint: [CVJXrA0584vr61!]" } };
      return {
        body: {
          errcode: 0,
          errmsg: "ok",
          hit_condition: body.nick_name === "Tencent",
          wording: "请提供材料",
        },
      };
    case "/wxa/api_wxa_querynickname":
      return {
        body: {
          errcode: 0,
          errmsg: "ok",
          nickname: "小店",
          audit_stat: 3,
          create_time: 1519724071,
          audit_time: 1519724950,
        },
      };
    case "/wxa/get_auditstatus":
      return { body: { errcode: 0, errmsg: "ok", status: 1, reason: "信息不规范", screenshot: "m1|m2" } };
    case "/wxa/get_latest_auditstatus":
      return { body: { errcode: 0, errmsg: "ok", auditid: 77, status: 0 } };
    default:
      return { status: 404, body: "not found" };
  }
}

beforeAll(async () => {
  wx = await startFakeWechat(wechat);
});
afterAll(() => wx.close());
beforeEach(() => {
  wx.requests.length = 0;
});

/** `wxa` from the source, in this process (see support/run-cli.ts). */
function wxa(args: string[], env: Record<string, string> = { WECHAT_ACCESS_TOKEN: "CLI-TOKEN-123456" }) {
  return runWxa(args, { WECHAT_API_BASE_URL: wx.url, ...env });
}

describe("wxa", () => {
  it("check-nickname: human output, exit 0", async () => {
    const r = await wxa(["check-nickname", "Tencent"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain('"Tencent": passes the name check, but hits a keyword policy');
    expect(r.stdout).toContain("请提供材料");
    expect(wx.requests[0]?.query.access_token).toBe("CLI-TOKEN-123456");
  });

  it("check-nickname --json prints WeChat's answer", async () => {
    const r = await wxa(["check-nickname", "Clean", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      errcode: 0,
      errmsg: "ok",
      hit_condition: false,
      wording: "请提供材料",
    });
  });

  it("an errcode: exit 1, the meaning and what to do; --json gives an error object", async () => {
    const human = await wxa(["check-nickname", "Forbidden"]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain("WeChat answered checkNickName with errcode 53012: Name forbidden");
    expect(human.stderr).toContain("what to do: Choose another name.");
    const json = await wxa(["check-nickname", "Forbidden", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { errcode: 53012, errmsg: `nickname ban rid: ${RID}`, rid: RID, meaning: "Name forbidden" },
    });
  });

  it("an error answer's other fields and a legacy hint reach the user, in both outputs", async () => {
    const human = await wxa(["check-nickname", "Proof"]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain("\n  wording: 请提供商标注册证\n");
    const json = await wxa(["check-nickname", "Proof", "--json"]);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      errcode: 91009,
      fields: { wording: "请提供商标注册证" },
    });
    const hinted = await wxa(["check-nickname", "Hinted", "--json"]);
    expect(JSON.parse(hinted.stdout).error).toMatchObject({
      errcode: 53012,
      hint: "CVJXrA0584vr61!",
      rid: "",
    });
    expect(JSON.parse(hinted.stdout).error.fields).toBeUndefined();
  });

  it("nickname-status, audit-status, latest-audit", async () => {
    const n = await wxa(["nickname-status", "12345"]);
    expect(n.code).toBe(0);
    expect(n.stdout).toContain("nickname audit 12345: succeeded (audit_stat 3)");
    const a = await wxa(["audit-status", "1234567"]);
    expect(a.stdout).toContain("release audit 1234567: rejected (status 1)");
    expect(a.stdout).toContain("reason:      信息不规范");
    expect(a.stdout).toContain("screenshots: m1, m2");
    const l = await wxa(["latest-audit", "--json"]);
    expect(JSON.parse(l.stdout)).toMatchObject({ auditid: 77, status: 0 });
    expect(wx.requests.map((q) => q.path)).toEqual([
      "/wxa/api_wxa_querynickname",
      "/wxa/get_auditstatus",
      "/wxa/get_latest_auditstatus",
    ]);
  });

  it("bad usage and bad input: exit 2, nothing sent", async () => {
    for (const args of [
      ["nope"],
      ["audit-status"],
      ["audit-status", "abc"],
      ["check-nickname", "a", "--bogus"],
      [],
    ]) {
      const r = await wxa(args);
      expect(r.code, args.join(" ")).toBe(2);
    }
    expect((await wxa(["audit-status", "abc"])).stderr).toContain("invalid auditid");
    expect(wx.requests).toHaveLength(0);
  });

  it("missing credentials: exit 2 naming the variables", async () => {
    const r = await wxa(["latest-audit"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("WECHAT_ACCESS_TOKEN");
  });

  it("unreachable: exit 3, and the token is not printed", async () => {
    const r = await wxa(["audit-status", "1", "--base-url", "http://127.0.0.1:1", "--attempts", "1"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("cannot reach 127.0.0.1:1");
    expect(r.stderr).not.toContain("CLI-TOKEN-123456");
  });

  it("--help everywhere", async () => {
    const top = await wxa(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("check-nickname");
    for (const cmd of ["check-nickname", "nickname-status", "audit-status", "latest-audit"]) {
      const r = await wxa([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: wxa ${cmd}`);
    }
  });
});
