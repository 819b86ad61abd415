/**
 * The transport on both of its ways to send (node:http by default; a caller's undici
 * Dispatcher), against real servers on loopback: the same failures for the same answers, and the
 * response byte bound, whether the answer declares its length or streams without end.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_ANSWER_DEPTH,
  WechatClient,
  type WechatClientOptions,
  WechatConfigError,
  WechatTransportError,
} from "../src/index.js";

type Script = (res: ServerResponse, body: string) => void;

let server: Server;
let url: string;
let script: Script;
let requests = 0;
let closedEarly = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => script(res, body));
    res.on("close", () => {
      if (!res.writableFinished) closedEarly++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = (res: ServerResponse, value: unknown, status = 200) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
};

/** Writes 64 KiB chunks until the client goes away: a body that never ends. */
const endless: Script = (res) => {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, " ");
  res.write('{"errcode":0,"pad":"');
  const more = () => {
    if (res.destroyed) return;
    if (res.write(chunk)) setImmediate(more);
    else res.once("drain", more);
  };
  more();
};

const ways: [string, () => Partial<WechatClientOptions> & { close?: () => Promise<void> }][] = [
  ["node:http (default)", () => ({})],
  [
    "an undici Dispatcher",
    () => {
      const dispatcher = new Agent();
      return { dispatcher, close: () => dispatcher.close() };
    },
  ],
];

describe.each(ways)("sending through %s", (_name, way) => {
  const clients: { client: WechatClient; close?: () => Promise<void> }[] = [];
  const make = (opts: Partial<WechatClientOptions> = {}) => {
    const { close, ...extra } = way();
    const client = new WechatClient({
      baseUrl: url,
      token: "T0KEN",
      retry: { maxAttempts: 1 },
      ...extra,
      ...opts,
    });
    clients.push({ client, ...(close && { close }) });
    return client;
  };
  afterEach(async () => {
    for (const { client, close } of clients.splice(0)) {
      await client.close();
      await close?.();
    }
    requests = 0;
    closedEarly = 0;
  });

  it("sends the fields as JSON with the token in the query, and reads the answer", async () => {
    let seen = "";
    script = (res, body) => {
      seen = body;
      json(res, { errcode: 0, errmsg: "ok", status: 2 });
    };
    await expect(make().getAuditStatus({ auditid: 42 })).resolves.toMatchObject({ status: 2 });
    expect(JSON.parse(seen)).toEqual({ auditid: 42 });
  });

  it.each([
    ["a non-200 status", "http_status", (res: ServerResponse) => json(res, { oops: 1 }, 502)],
    ["a body that is not JSON", "bad_json", (res: ServerResponse) => res.end("<html>")],
    ["JSON that is not an object", "bad_shape", (res: ServerResponse) => json(res, [1])],
  ] as const)("%s fails with %s", async (_what, failure, reply) => {
    script = reply;
    await expect(make().getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ failure });
  });

  it("reads errcode as WeChat sends it (an integer, or its digits as a string); anything else is a bad answer", async () => {
    const client = make();
    script = (res) => json(res, { errcode: "0", errmsg: "ok", status: 2 });
    await expect(client.getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 2 });
    script = (res) => json(res, { errcode: "85012", errmsg: "invalid audit id" });
    await expect(client.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ errcode: 85012 });
    for (const errcode of [true, [], { valueOf: 1 }, 1.5, "12a"]) {
      script = (res) => json(res, { errcode, errmsg: "x" });
      await expect(client.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ failure: "bad_shape" });
    }
    script = (res) => json(res, { errcode: 85012, errmsg: { toString: 1 } });
    await expect(client.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ failure: "bad_shape" });
  });

  it("an answer nested past MAX_ANSWER_DEPTH fails bad_shape, and no success is reported for it", async () => {
    const events: { errcode?: number; failure?: string }[] = [];
    script = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        `{"errcode":0,"status":2,"x":${"[".repeat(MAX_ANSWER_DEPTH + 1)}${"]".repeat(MAX_ANSWER_DEPTH + 1)}}`,
      );
    };
    const client = make({ onEvent: (e) => events.push(e) });
    await expect(client.getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ failure: "bad_shape" });
    expect(events).toEqual([expect.objectContaining({ failure: "bad_shape" })]);
    script = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        `{"errcode":0,"status":2,"x":${"[".repeat(MAX_ANSWER_DEPTH - 2)}${"]".repeat(MAX_ANSWER_DEPTH - 2)}}`,
      );
    };
    await expect(client.getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 2 });
  });

  it("an answer declaring more than maxResponseBytes fails too_large, unread and not retried", async () => {
    script = (res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(2_000_000) });
      res.write("{");
    };
    const err = await make({ maxResponseBytes: 1_000_000, retry: { maxAttempts: 3, baseDelayMs: 1 } })
      .getAuditStatus({ auditid: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatTransportError);
    expect(err).toMatchObject({ failure: "too_large", retryable: false });
    expect((err as Error).message).toContain("1000000 bytes");
    expect(requests).toBe(1);
  });

  it("a body that never ends is cut off at maxResponseBytes, and the connection dropped", async () => {
    script = endless;
    const err = await make({ maxResponseBytes: 256 * 1024 })
      .getAuditStatus({ auditid: 1 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: "too_large" });
    await expect.poll(() => closedEarly).toBe(1);
  });

  it("the default bound is 1 MiB: a 1 MiB + 1 answer fails, a 1 MiB answer parses", async () => {
    const sized =
      (n: number): Script =>
      (res) => {
        const head = '{"errcode":0,"errmsg":"ok","status":2,"pad":"';
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`${head}${" ".repeat(n - head.length - 2)}"}`);
      };
    script = sized(1024 * 1024);
    await expect(make().getAuditStatus({ auditid: 1 })).resolves.toMatchObject({ status: 2 });
    script = sized(1024 * 1024 + 1);
    await expect(make().getAuditStatus({ auditid: 1 })).rejects.toMatchObject({ failure: "too_large" });
  });

  it("no answer within timeoutMs fails with timeout", async () => {
    script = () => {};
    await expect(make({ timeoutMs: 150 }).getAuditStatus({ auditid: 1 })).rejects.toMatchObject({
      failure: "timeout",
    });
  });

  it("a connection cut mid-answer fails with connect, retryable", async () => {
    script = (res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"errcode":0');
      setImmediate(() => res.socket?.destroy());
    };
    await expect(make().getAuditStatus({ auditid: 1 })).rejects.toMatchObject({
      failure: "connect",
      retryable: true,
    });
  });
});

describe("the default way (node:http, agents owned by the client)", () => {
  it("reuses one connection for consecutive calls (keep-alive)", async () => {
    const sockets = new Set<unknown>();
    script = (res) => {
      sockets.add(res.socket);
      json(res, { errcode: 0, errmsg: "ok", status: 2 });
    };
    const client = new WechatClient({ baseUrl: url, token: "T0KEN" });
    for (let i = 0; i < 5; i++) await client.getAuditStatus({ auditid: 1 });
    expect(sockets.size).toBe(1);
    await client.close();
  });
});

describe("maxResponseBytes is range-checked", () => {
  it.each([0, -1, 1.5, Number.NaN, 2 ** 40])("%s is refused with the option named", (n) => {
    expect(() => new WechatClient({ baseUrl: url, token: "t", maxResponseBytes: n })).toThrow(
      WechatConfigError,
    );
    expect(() => new WechatClient({ baseUrl: url, token: "t", maxResponseBytes: n })).toThrow(
      /maxResponseBytes/,
    );
  });
});
