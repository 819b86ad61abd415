/**
 * A hostile WeChat on a random loopback port (node:http): it issues platform tokens like WeChat,
 * then echoes every token it issued, and the one each request carries, in answer fields
 * (`wording`, `reason`, `nickname`, `fail_reason`, `errmsg`) and in errcode answers. A provider
 * (or anything else) talking to it must show none of them.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface HostileWechat {
  readonly url: string;
  /** Every token handed out so far (component, authorizer, rotated refresh tokens). */
  readonly issued: string[];
  close(): Promise<void>;
}

export async function startHostileWechat(): Promise<HostileWechat> {
  const issued: string[] = [];
  let serial = 0;
  const mint = (kind: string) => {
    const t = `${kind}-${++serial}-HOSTILE-${Math.random().toString(36).slice(2, 10)}`;
    issued.push(t);
    return t;
  };
  const answer = (path: string, sent: string): unknown => {
    const echo = `echo ${[...issued, sent].join(" ")}`;
    switch (path) {
      case "/cgi-bin/component/api_component_token":
        return { component_access_token: mint("component"), expires_in: 7200 };
      case "/cgi-bin/component/api_authorizer_token":
        return {
          authorizer_access_token: mint("authorizer"),
          authorizer_refresh_token: mint("rotated-refresh"),
          expires_in: 7200,
        };
      case "/cgi-bin/wxverify/checkwxverifynickname":
        return { errcode: 0, errmsg: echo, hit_condition: true, wording: echo };
      case "/wxa/get_auditstatus":
        return { errcode: 0, errmsg: "ok", status: 1, reason: echo, screenshot: echo };
      case "/wxa/api_wxa_querynickname":
        return { errcode: 0, errmsg: "ok", nickname: echo, audit_stat: 2, fail_reason: echo, create_time: 1 };
      case "/wxa/get_latest_auditstatus":
        return { errcode: 85058, errmsg: `${echo} rid: 0a0b0c0d-01020304-0f0e0d0c` };
      default:
        return { errcode: -1, errmsg: echo };
    }
  };
  const server = createServer(async (req: IncomingMessage, res) => {
    for await (const _ of req); // drain the body
    const u = new URL(req.url ?? "/", "http://x");
    const sent = u.searchParams.get("access_token") ?? u.searchParams.get("component_access_token") ?? "";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer(u.pathname, sent)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Platform-flow credentials, distinctive so an output can be searched for them. */
export const PLATFORM_SECRETS = {
  component_appsecret: "component-secret-HOSTILE-1",
  component_verify_ticket: "ticket@@@HOSTILE-verify-2",
  authorizer_refresh_token: "refreshtoken@@@HOSTILE-3",
};

/** Reads of every data source, each against an answer that echoes tokens. */
export const HOSTILE_READS: Array<[string, Record<string, unknown>]> = [
  ["wechat_nickname_check", { nick_name: "Echo", on_hit_condition: "error" }],
  ["wechat_code_audit", { audit_id: 5 }],
  ["wechat_nickname_audit", { audit_id: 6 }],
  ["wechat_latest_code_audit", {}],
  ["wechat_audit_quota", {}],
];
