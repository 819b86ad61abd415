/** createPushHandler on a real node:http server (loopback, random port) and mounted in Express. */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import {
  createPushHandler,
  type KnownPushEvent,
  type PushEvent,
  type PushHandlerOptions,
  pushSignature,
  sealPush,
  type WechatPushError,
} from "../src/push/index.js";
import { EVENTS, KEYS, NOW } from "./support/push-fixtures.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function harness(extra: Partial<PushHandlerOptions> = {}) {
  const events: PushEvent[] = [];
  const errors: WechatPushError[] = [];
  const handler = createPushHandler({
    ...KEYS,
    now: () => NOW,
    onEvent: (e) => {
      events.push(e);
    },
    onError: (e) => errors.push(e),
    ...extra,
  });
  return { events, errors, handler };
}

let nonceCounter = 0;
function sealed(event: KnownPushEvent = EVENTS.weapp_audit_fail, nonce = `n${++nonceCounter}`) {
  return sealPush(event, { ...KEYS, timestamp: NOW, nonce });
}

async function post(base: string, s: { query: Record<string, string>; body: string }, path = "/push") {
  const r = await fetch(`${base}${path}?${new URLSearchParams(s.query)}`, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body: s.body,
  });
  return { status: r.status, text: await r.text(), type: r.headers.get("content-type") };
}

describe("on node:http", () => {
  it("answers success after onEvent, with the parsed event", async () => {
    const h = harness();
    const base = await serve(h.handler);
    const r = await post(base, sealed());
    expect(r).toEqual({ status: 200, text: "success", type: "text/plain; charset=utf-8" });
    expect(h.events).toEqual([EVENTS.weapp_audit_fail]);
  });

  it("waits for an async onEvent before answering", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const h = harness({
      onEvent: async () => {
        await gate;
        order.push("processed");
      },
    });
    const base = await serve(h.handler);
    const answer = post(base, sealed()).then((r) => order.push(`answered ${r.text}`));
    await new Promise((r) => setImmediate(r));
    release();
    await answer;
    expect(order).toEqual(["processed", "answered success"]);
  });

  it("a duplicate (WeChat's retry: new nonce, same message) is not processed twice", async () => {
    const h = harness();
    const base = await serve(h.handler);
    expect((await post(base, sealed(EVENTS.weapp_audit_fail, "first"))).text).toBe("success");
    expect((await post(base, sealed(EVENTS.weapp_audit_fail, "second"))).text).toBe("success");
    // the very same request again (same nonce): a replayed nonce of a processed message
    expect((await post(base, sealed(EVENTS.weapp_audit_fail, "first"))).text).toBe("success");
    expect(h.events).toHaveLength(1);
    expect(h.errors).toEqual([]);
  });

  it("the same event of two mini programs at the same second is two messages", async () => {
    const h = harness();
    const base = await serve(h.handler);
    await post(base, sealed(EVENTS.weapp_audit_success));
    await post(base, sealed({ ...EVENTS.weapp_audit_success, toUserName: "gh_other" }));
    expect(h.events).toHaveLength(2);
  });

  it("duplicates arriving together: onEvent runs once, both answered success", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const h = harness({
      onEvent: async () => {
        calls++;
        await gate;
      },
    });
    const base = await serve(h.handler);
    const a = post(base, sealed(EVENTS.authorized));
    const b = post(base, sealed(EVENTS.authorized));
    await new Promise((r) => setTimeout(r, 0));
    release();
    expect((await Promise.all([a, b])).map((r) => r.text)).toEqual(["success", "success"]);
    expect(calls).toBe(1);
  });

  it("onEvent throwing answers 500; WeChat's retry is then processed", async () => {
    let fail = true;
    const seen: PushEvent[] = [];
    const h = harness({
      onEvent: async (e) => {
        if (fail) throw new Error("database down");
        seen.push(e);
      },
    });
    const base = await serve(h.handler);
    const first = await post(base, sealed(EVENTS.component_verify_ticket, "same"));
    expect(first.status).toBe(500);
    expect(first.text).not.toContain("database down");
    fail = false;
    // WeChat retries: the same request (same nonce), then it would try a new one
    expect(await post(base, sealed(EVENTS.component_verify_ticket, "same"))).toMatchObject({ status: 200 });
    expect(await post(base, sealed(EVENTS.component_verify_ticket))).toMatchObject({ status: 200 });
    expect(seen).toEqual([EVENTS.component_verify_ticket]);
  });

  it("tampering: 400 naming the reason, onError called, onEvent not", async () => {
    const h = harness();
    const base = await serve(h.handler);
    const s = sealed();
    const r = await post(base, { ...s, query: { ...s.query, msg_signature: "0".repeat(40) } });
    expect(r).toMatchObject({ status: 400, text: "bad_signature: msg_signature does not match" });
    const wrongApp = await serve(harness({ appid: "wxsomeoneelse00001" }).handler);
    expect((await post(wrongApp, sealed())).text).toBe(
      "appid_mismatch: appid in the message is not the configured one",
    );
    const stale = sealPush(EVENTS.weapp_audit_success, { ...KEYS, timestamp: NOW - 1000, nonce: "old" });
    expect((await post(base, stale)).text).toMatch(/^stale_timestamp: /);
    expect(h.errors.map((e) => e.reason)).toEqual(["bad_signature", "stale_timestamp"]);
    expect(h.events).toEqual([]);
    for (const text of [r.text, JSON.stringify(h.errors)])
      for (const secret of [KEYS.token, KEYS.encodingAESKey]) expect(text).not.toContain(secret);
  });

  it("an unknown event is handed over and answered success", async () => {
    const h = harness();
    const base = await serve(h.handler);
    const xml =
      "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[wxa_category_audit]]></Event></xml>";
    const s = sealPush({ xml, outer: { ToUserName: "gh_1" } }, { ...KEYS, timestamp: NOW, nonce: "u1" });
    expect((await post(base, s)).text).toBe("success");
    expect(h.events).toMatchObject([{ type: "unknown", name: "wxa_category_audit" }]);
  });

  it("non-POST is 405; GET with echostr and a valid signature echoes it, else 400", async () => {
    const h = harness();
    const base = await serve(h.handler);
    const put = await fetch(`${base}/push`, { method: "PUT", body: "x" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST");
    expect((await fetch(`${base}/push`)).status).toBe(405);
    const q = { timestamp: String(NOW), nonce: "e1", echostr: "echo-1234" };
    const good = await fetch(
      `${base}/push?${new URLSearchParams({ ...q, signature: pushSignature(KEYS.token, q.timestamp, q.nonce) })}`,
    );
    expect([good.status, await good.text()]).toEqual([200, "echo-1234"]);
    const bad = await fetch(`${base}/push?${new URLSearchParams({ ...q, signature: "0".repeat(40) })}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain("echo-1234");
  });

  it("the body bound: 413 while reading (chunked, no Content-Length) and by Content-Length", async () => {
    const h = harness({ maxBodyBytes: 1024 });
    const base = await serve(h.handler);
    const s = sealed();
    const big = s.body + " ".repeat(4096);
    const byLength = await post(base, { ...s, body: big });
    expect(byLength.status).toBe(413);
    expect(byLength.text).toMatch(/^body_too_large: /);
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new TextEncoder().encode(" ".repeat(512)));
        c.close();
      },
    });
    const streamed = await fetch(`${base}/push?${new URLSearchParams(s.query)}`, {
      method: "POST",
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(h.errors.map((e) => e.reason)).toEqual(["body_too_large", "body_too_large"]);
    expect(h.events).toEqual([]);
  });
});

describe("as Express middleware", () => {
  it("mounted on a path, reading the stream itself", async () => {
    const h = harness();
    const app = express();
    app.post("/wechat/auth", h.handler);
    const base = await serve(app);
    expect((await post(base, sealed(EVENTS.component_verify_ticket), "/wechat/auth")).text).toBe("success");
    expect(h.events).toEqual([EVENTS.component_verify_ticket]);
  });

  it("after express.text() or express.raw(): uses req.body", async () => {
    const h = harness();
    const app = express();
    app.use("/text", express.text({ type: "*/*" }), h.handler);
    app.use("/raw", express.raw({ type: "*/*" }), h.handler);
    const base = await serve(app);
    expect((await post(base, sealed(EVENTS.weapp_audit_success), "/text/wx123")).text).toBe("success");
    expect((await post(base, sealed(EVENTS.weapp_audit_delay), "/raw/wx123")).text).toBe("success");
    expect(h.events.map((e) => e.type)).toEqual(["weapp_audit_success", "weapp_audit_delay"]);
  });

  it("a body consumed by another parser is a 400 that says so", async () => {
    const h = harness();
    const app = express();
    app.use(express.urlencoded({ type: "*/*", extended: false }), h.handler);
    const base = await serve(app);
    const r = await post(base, sealed());
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/^bad_xml: the body was read before the handler/);
  });
});
