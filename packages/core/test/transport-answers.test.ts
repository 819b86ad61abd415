/**
 * What the transport makes of each kind of answer and failure, as its caller sees it: the typed
 * error (failure, status, errcode, fields), and the one event a logger gets per exchange. Against
 * the fake WeChat on loopback; a caller's own Dispatcher stands in only where the failure is the
 * dispatcher's (its timeout errors), as a caller's proxy or pool would raise them.
 */
import { getEventListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Dispatcher } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ENDPOINTS, type EndpointDef } from "../src/endpoints.js";
import { WechatApiError, WechatRateLimitError, WechatTransportError } from "../src/errors.js";
import { MAX_ANSWER_DEPTH, Transport, type TransportEvent } from "../src/transport.js";
import { type FakeWechat, type Reply, startFakeWechat } from "./support/fake-wechat.js";
import { keepAliveServer } from "./support/keep-alive-server.js";

let wx: FakeWechat;
beforeAll(async () => {
  wx = await startFakeWechat();
});
afterAll(() => wx.close());
beforeEach(() => {
  wx.requests.length = 0;
  wx.queue.length = 0;
});

const audit = ENDPOINTS.getAuditStatus;
const TOKEN = "TOKEN-abcdef123456";

async function exchange(
  reply: Reply,
  def: EndpointDef = audit,
  fields: Record<string, unknown> = { auditid: 1 },
) {
  wx.fallback = () => reply;
  const events: TransportEvent[] = [];
  const t = new Transport({ baseUrl: wx.url, timeoutMs: 2000, onEvent: (e) => events.push(e) });
  try {
    const answer = await t.send(def, { token: TOKEN, fields }).catch((e: unknown) => e);
    return { answer, events };
  } finally {
    await t.close();
  }
}

describe("status and body", () => {
  it("any status but 200 is http_status, with the status, even with a success body", async () => {
    for (const status of [201, 204, 304, 404, 500]) {
      const { answer, events } = await exchange({ status, body: { errcode: 0, errmsg: "ok", status: 2 } });
      expect(answer).toBeInstanceOf(WechatTransportError);
      expect(answer).toMatchObject({
        failure: "http_status",
        ...(status !== 204 && status !== 304 && { status }),
      });
      expect(events).toEqual([
        expect.objectContaining({ failure: "http_status", endpoint: "getAuditStatus" }),
      ]);
    }
  });

  it("an empty 200 answer is empty_answer, and its detail names the server's content type, printable and bounded", async () => {
    const { answer } = await exchange({ contentType: `text/html\u00e9${"x".repeat(200)}`, body: "" });
    expect(answer).toMatchObject({ failure: "empty_answer", status: 200, retryable: false });
    const detail = (answer as Error).message;
    expect(detail).toContain("text/html?");
    expect(detail).not.toMatch(/[^\x20-\x7e]/);
    expect(detail).not.toContain("x".repeat(65));
  });

  it("an empty 200 answer with no content type at all is empty_answer too (no TypeError)", async () => {
    // The fake WeChat always sends a content type; a bare server sends none.
    const server = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const t = new Transport({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      const answer = await t.send(audit, { token: TOKEN, fields: { auditid: 1 } }).catch((e: unknown) => e);
      expect(answer).toBeInstanceOf(WechatTransportError);
      expect(answer).toMatchObject({ failure: "empty_answer", status: 200 });
    } finally {
      await t.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("the empty answer's detail explains it only for /cgi-bin/token (a wrong appid or secret)", async () => {
    const token = await exchange({ contentType: "text/html", body: "" }, ENDPOINTS.getAccessToken, {
      grant_type: "client_credential",
      appid: "wx1",
      secret: "S3CRET-xyz",
    });
    const other = await exchange({ contentType: "text/html", body: "" });
    expect(token.answer).toMatchObject({ failure: "empty_answer" });
    expect((token.answer as Error).message).toMatch(/appid or secret/);
    expect((other.answer as Error).message).not.toMatch(/appid or secret/);
  });

  it.each([
    ["null", "bad_shape"],
    ["7", "bad_shape"],
    ['"text"', "bad_shape"],
    ["[]", "bad_shape"],
    ["{", "bad_json"],
  ])("%s as the answer is %s (a typed error, never a TypeError)", async (body, failure) => {
    const { answer, events } = await exchange({ body });
    expect(answer).toBeInstanceOf(WechatTransportError);
    expect(answer).toMatchObject({ failure, status: 200 });
    expect(events).toEqual([expect.objectContaining({ failure, status: 200 })]);
  });
});

describe("depth bound", () => {
  const nested = (n: number, open: string, close: string) =>
    `{"errcode":0,"errmsg":"ok","status":2,"x":${open.repeat(n)}1${close.repeat(n)}}`;
  // The answer object is level 0; its value x, n containers deep, reaches level n.
  it.each([
    ["arrays", "[", "]"],
    ["objects", '{"a":', "}"],
  ])("nested %s: MAX_ANSWER_DEPTH levels fail bad_shape, one fewer parses", async (_kind, open, close) => {
    const deep = await exchange({ body: nested(MAX_ANSWER_DEPTH, open, close) });
    expect(deep.answer).toMatchObject({ failure: "bad_shape", status: 200 });
    const fits = await exchange({ body: nested(MAX_ANSWER_DEPTH - 1, open, close) });
    expect(fits.answer).toMatchObject({ status: 2 });
  });

  it("depth is of one branch, not of the width: many shallow siblings parse", async () => {
    const wide = `{"errcode":0,"errmsg":"ok","status":2,"x":[${Array(500).fill("[[1]]").join(",")}],"y":{"a":null}}`;
    const { answer } = await exchange({ body: wide });
    expect(answer).toMatchObject({ status: 2 });
  });
});

describe("errcode and errmsg", () => {
  it("errcode digits as a string, negative too (-1, WeChat's system busy)", async () => {
    const { answer } = await exchange({ body: { errcode: "-1", errmsg: "system error" } });
    expect(answer).toBeInstanceOf(WechatApiError);
    expect(answer).toMatchObject({ errcode: -1 });
  });

  it.each([
    ["13 digits", "1234567890123"],
    ["a leading letter", "a12"],
    ["a sign alone", "-"],
    ["empty", ""],
    ["past 2^53", 2 ** 53],
  ])("errcode as %s is bad_shape", async (_what, errcode) => {
    const { answer } = await exchange({ body: { errcode, errmsg: "x" } });
    expect(answer).toMatchObject({ failure: "bad_shape", status: 200 });
  });

  it("errmsg not text, or a success missing its fields: bad_shape with the status", async () => {
    const errmsg = await exchange({ body: { errcode: 85012, errmsg: 7 } });
    expect(errmsg.answer).toMatchObject({ failure: "bad_shape", status: 200 });
    const missing = await exchange({ body: { errcode: 0, errmsg: "ok" } });
    expect(missing.answer).toMatchObject({ failure: "bad_shape", status: 200 });
    expect(missing.events).toEqual([expect.objectContaining({ failure: "bad_shape", status: 200 })]);
  });

  it("an answer with no errcode is a success when its shape is right", async () => {
    const { answer, events } = await exchange({ body: { status: 2 } });
    expect(answer).toMatchObject({ status: 2 });
    expect(events).toEqual([
      expect.objectContaining({ endpoint: "getAuditStatus", method: "POST", status: 200, errcode: 0 }),
    ]);
    expect(events[0]).not.toHaveProperty("failure", expect.anything());
  });

  it("an errcode with no errmsg: an API error with an empty errmsg, and one event carrying the errcode", async () => {
    const { answer, events } = await exchange({ body: { errcode: 85012 } });
    expect(answer).toBeInstanceOf(WechatApiError);
    expect(answer).toMatchObject({ errcode: 85012, errmsg: "" });
    expect(events).toEqual([expect.objectContaining({ errcode: 85012, status: 200 })]);
    expect(events[0]?.failure).toBeUndefined();
  });

  it("a rate-limit errcode is a WechatRateLimitError; another is a plain WechatApiError", async () => {
    const limited = await exchange({ body: { errcode: 45009, errmsg: "reach max api daily quota limit" } });
    expect(limited.answer).toBeInstanceOf(WechatRateLimitError);
    const plain = await exchange({ body: { errcode: 85012, errmsg: "invalid audit id" } });
    expect(plain.answer).toBeInstanceOf(WechatApiError);
    expect(plain.answer).not.toBeInstanceOf(WechatRateLimitError);
  });

  it("an error answer keeps its other fields, scrubbed of the token at any depth, secret-named fields replaced", async () => {
    const { answer } = await exchange({
      body: {
        errcode: 85012,
        errmsg: `bad ${TOKEN}`,
        wording: `see ${TOKEN}`,
        list: [`a ${TOKEN}`, 3, null, { [`k ${TOKEN}`]: true }],
        access_token: "LEAKED-xyz",
        component_access_token: "",
        nested: { deeper: { text: TOKEN } },
      },
    });
    expect(answer).toBeInstanceOf(WechatApiError);
    const err = answer as WechatApiError;
    expect(err.errmsg).not.toContain(TOKEN);
    expect(JSON.stringify(err.toJSON())).not.toContain(TOKEN);
    expect(JSON.stringify(err.toJSON())).not.toContain("LEAKED-xyz");
    expect(err.fields).not.toHaveProperty("errcode");
    expect(err.fields).not.toHaveProperty("errmsg");
    expect(err.fields).toMatchObject({
      wording: expect.stringMatching(/^see /),
      list: [expect.stringMatching(/^a /), 3, null, expect.any(Object)],
      access_token: expect.not.stringContaining("LEAKED"),
      // An empty secret field hides nothing: kept as it is.
      component_access_token: "",
      nested: { deeper: { text: expect.not.stringContaining(TOKEN) } },
    });
  });
});

describe("failures raised by a caller's Dispatcher", () => {
  const failing = (err: unknown) => ({ request: async () => Promise.reject(err) }) as unknown as Dispatcher;
  const send = async (err: unknown) => {
    const t = new Transport({ baseUrl: "http://127.0.0.1:9", dispatcher: failing(err) });
    return t.send(audit, { token: TOKEN, fields: { auditid: 1 } }).catch((e: unknown) => e);
  };

  it.each([
    [
      "undici's headers timeout",
      Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" }),
    ],
    [
      "undici's body timeout",
      Object.assign(new Error("Body Timeout Error"), { code: "UND_ERR_BODY_TIMEOUT" }),
    ],
    ["a TimeoutError", Object.assign(new Error("timed out"), { name: "TimeoutError" })],
  ])("%s is a timeout, retryable", async (_what, err) => {
    await expect(send(err)).resolves.toMatchObject({ failure: "timeout", retryable: true });
  });

  it.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })],
    ["a thrown null", null],
    ["a thrown string", "boom"],
    [
      "an error named otherwise",
      Object.assign(new Error("x"), { name: "SocketError", code: "UND_ERR_SOCKET" }),
    ],
  ])("%s is a connect failure (not a TypeError)", async (_what, err) => {
    const got = await send(err);
    expect(got).toBeInstanceOf(WechatTransportError);
    expect(got).toMatchObject({ failure: "connect", retryable: true });
  });

  it("a call its caller aborted is aborted (whatever the dispatcher threw), with the cause summarised", async () => {
    const ac = new AbortController();
    ac.abort();
    const t = new Transport({ baseUrl: "http://127.0.0.1:9", dispatcher: failing(new Error("gone")) });
    const got = await t
      .send(audit, { token: TOKEN, fields: { auditid: 1 }, signal: ac.signal })
      .catch((e: unknown) => e);
    expect(got).toMatchObject({ failure: "aborted", retryable: false, causeSummary: "Error: gone" });
  });

  it("a dispatcher's timeout keeps its cause", async () => {
    const got = await send(Object.assign(new Error("Body Timeout Error"), { code: "UND_ERR_BODY_TIMEOUT" }));
    expect(got).toMatchObject({ failure: "timeout", causeSummary: "Error: Body Timeout Error" });
  });

  it("the cause is summarised by name and message, scrubbed of the token", async () => {
    const got = await send(Object.assign(new Error(`refused for ${TOKEN}`), { code: "ECONNREFUSED" }));
    expect(got).toMatchObject({ causeSummary: expect.stringMatching(/^Error: refused for /) });
    expect((got as WechatTransportError).causeSummary).not.toContain(TOKEN);
    const plain = await send("boom");
    expect(plain).not.toHaveProperty("causeSummary", expect.anything());
  });
});

describe("what an exchange leaves behind", () => {
  it("no timer and no abort listener outlive the exchange (a CLI would wait out the timeout to exit)", async () => {
    // A dispatcher answering at once: no sockets, so no server or keep-alive timers in the count.
    const answering = {
      request: async () => ({
        statusCode: 200,
        headers: { "content-type": "application/json" },
        body: (async function* () {
          yield Buffer.from('{"errcode":0,"errmsg":"ok","status":2}');
        })(),
      }),
    } as unknown as Dispatcher;
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const ac = new AbortController();
    const t = new Transport({ baseUrl: "http://127.0.0.1:9", timeoutMs: 600_000, dispatcher: answering });
    const before = timers();
    for (let i = 0; i < 4; i++)
      await expect(
        t.send(audit, { token: TOKEN, fields: { auditid: 1 }, signal: ac.signal }),
      ).resolves.toEqual(expect.objectContaining({ status: 2 }));
    // At most as many as before (an older test's timer may have ended meanwhile), never 4 more.
    expect(timers()).toBeLessThanOrEqual(before);
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
    await t.close();
  });

  it("close() drops the kept-alive connection", async () => {
    const server = await keepAliveServer();
    const t = new Transport({ baseUrl: server.url });
    await t.send(audit, { token: TOKEN, fields: { auditid: 1 } });
    expect(server.sockets).toHaveLength(1);
    await t.close();
    await server.firstDropped();
    await server.stop();
  });

  it("an event's durationMs is the exchange's own time", async () => {
    const events: TransportEvent[] = [];
    wx.fallback = () => ({ body: { errcode: 0, errmsg: "ok", status: 2 } });
    const t = new Transport({ baseUrl: wx.url, onEvent: (e) => events.push(e) });
    const t0 = performance.now();
    await t.send(audit, { token: TOKEN, fields: { auditid: 1 } });
    const spent = performance.now() - t0;
    await t.close();
    expect(events[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(events[0]?.durationMs).toBeLessThanOrEqual(Math.ceil(spent));
  });
});

describe("on the wire", () => {
  const seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];
  let server: ReturnType<typeof createServer>;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString("utf8");
      });
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ errcode: 0, errmsg: "ok", status: 2, page_list: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it("a POST carries its JSON with a content-type and an exact content-length (not chunked)", async () => {
    const t = new Transport({ baseUrl: `${base}//` });
    await t.send(audit, { token: TOKEN, fields: { auditid: "七" } });
    await t.close();
    const body = JSON.stringify({ auditid: "七" });
    expect(seen).toEqual([
      {
        method: "POST",
        url: `/wxa/get_auditstatus?access_token=${TOKEN}`,
        headers: expect.objectContaining({
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
        }),
        body,
      },
    ]);
    expect(seen[0]?.headers).not.toHaveProperty("transfer-encoding");
  });

  it("a GET carries no body and no content-type; a query endpoint's fields go in the query, unset ones left out", async () => {
    const t = new Transport({ baseUrl: base });
    await t.send(ENDPOINTS.getCodePage, { token: TOKEN });
    await t
      .send(ENDPOINTS.getAccessToken, {
        fields: { grant_type: "client_credential", appid: "wx1", secret: undefined },
      })
      .catch(() => undefined);
    await t.close();
    expect(seen[0]).toMatchObject({ method: "GET", body: "" });
    expect(seen[0]?.headers).not.toHaveProperty("content-type");
    expect(seen[0]?.headers).not.toHaveProperty("content-length");
    expect(seen[1]?.url).toBe("/cgi-bin/token?grant_type=client_credential&appid=wx1");
  });

  it("a call's timeoutMs cannot exceed the transport's", async () => {
    const hang = createServer(() => {});
    await new Promise<void>((resolve) => hang.listen(0, "127.0.0.1", resolve));
    const t = new Transport({
      baseUrl: `http://127.0.0.1:${(hang.address() as AddressInfo).port}`,
      timeoutMs: 50,
    });
    const err = await t
      .send(audit, { token: TOKEN, fields: { auditid: 1 }, timeoutMs: 3_600_000 })
      .catch((e) => e);
    expect(err).toMatchObject({ failure: "timeout" });
    await t.close();
    hang.closeAllConnections();
    await new Promise((resolve) => hang.close(resolve));
  });
});
