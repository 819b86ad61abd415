/** Generic WeChat behaviour, fault rules, journal and determinism, on both hosts. */
import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { ENDPOINTS, WechatTransportError } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, expectErrcode, freshToken, HOSTS, type Hosted, host, RID, raw } from "./helpers.js";

/** POSTs `size` bytes chunked (no Content-Length) and returns the answer, read as soon as it comes. */
function postChunked(url: string, path: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method: "POST", headers: { "transfer-encoding": "chunked" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    // node:http closes its own side once a "Connection: close" answer is in; what it was still
    // sending fails then. The answer is what counts.
    req.on("error", () => {});
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

/** An HTTP/1.1 chunked request on a bare socket, so a test decides when it reads and writes. */
async function rawChunked(url: string, path: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nTransfer-Encoding: chunked\r\n\r\n`);
  return socket;
}

/** One chunk of `size` spaces in chunked framing. */
const chunkOf = (size: number) =>
  Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, 0x20), Buffer.from("\r\n")]);

/** Everything the socket receives until the server closes it, and how it ended. */
function readToClose(socket: Socket): Promise<{ text: string; error: string | undefined }> {
  return new Promise((resolve) => {
    let text = "";
    let error: string | undefined;
    socket.setEncoding("utf8");
    socket.on("data", (c: string) => {
      text += c;
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      error = e.code;
    });
    socket.on("close", () => resolve({ text, error }));
    socket.resume();
  });
}

describe.each(HOSTS)("generic WeChat behaviour (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 3 });
  });
  afterAll(() => em.close());
  const path = ENDPOINTS.getAuditStatus.path;

  it("answers JSON with WeChat's content type; every error's errmsg ends with a rid", async () => {
    const res = await raw(em.url, `${path}?access_token=x`, { body: "{}" });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe("application/json; encoding=utf-8");
    expect(res.json?.errcode).toBe(47001);
    expect(String(res.json?.errmsg)).toMatch(RID);
  });

  it.each([
    ["missing token", `${path}`, "POST", '{"auditid":1}', 41001],
    ["wrong method on a POST endpoint", `${path}?access_token=x`, "GET", undefined, 43002],
    ["wrong method on a GET endpoint", `${ENDPOINTS.queryQuota.path}?access_token=x`, "POST", "{}", 43001],
    ["empty body", `${path}?access_token=x`, "POST", "", 44002],
    ["null body", `${path}?access_token=x`, "POST", "null", 44002],
    ["not JSON", `${path}?access_token=x`, "POST", "{auditid:1", 47001, "body is not JSON"],
    ["an array", `${path}?access_token=x`, "POST", "[1]", 47001, "body is not a JSON object"],
    ["wrong field type", `${path}?access_token=x`, "POST", '{"auditid":true}', 47001, "auditid: "],
    ["non-numeric id string", `${path}?access_token=x`, "POST", '{"auditid":"12a"}', 47001, "auditid: "],
    ["missing field", `${path}?access_token=x`, "POST", '{"other":1}', 47001, "auditid: "],
    ["unknown WeChat path", "/wxa/nothing_here?access_token=x", "POST", "{}", 48001, undefined],
  ])("%s", async (_name, p, method, body, errcode, names: string | undefined = undefined) => {
    const res = await raw(em.url, p, { method, ...(body !== undefined && { body }) });
    expect(res.json?.errcode).toBe(errcode);
    expect(String(res.json?.errmsg)).toMatch(RID);
    // 47001 names what is wrong (a field path, never a value) in the emulator's header, not in
    // WeChat's errmsg; other answers have no such header.
    if (names === undefined) expect(res.detail).toBeNull();
    else {
      expect(res.detail).toContain(names);
      expect(String(res.json?.errmsg)).toMatch(/^data format error rid: /);
    }
  });

  it("numeric ids as numbers or numeric strings", async () => {
    const token = freshToken();
    const { auditid } = await client(em.url, token).submitAudit({});
    for (const id of [auditid, String(auditid)]) {
      const res = await raw(em.url, `${path}?access_token=${token}`, {
        body: JSON.stringify({ auditid: id }),
      });
      expect(res.json).toMatchObject({ errcode: 0, status: 2 });
    }
  });

  it("a body over 1 MiB answers 47001 without being read whole (declared or chunked)", async () => {
    const big = await raw(em.url, `${path}?access_token=x`, { body: "x".repeat(1024 * 1024 + 1) });
    expect(big.json?.errcode).toBe(47001);
    expect(String(big.json?.errmsg)).toMatch(/^data format error rid: /);
    expect(big.detail).toBe("body larger than 1 MiB (limits.wechatBodyBytes)");
    const chunked = await postChunked(em.url, `${path}?access_token=x`, 8 * 1024 * 1024);
    expect(JSON.parse(chunked.body)).toMatchObject({ errcode: 47001 });
    // and the emulator still answers afterwards
    expect((await raw(em.url, `${path}?access_token=x`, { body: '{"auditid":1}' })).json?.errcode).toBe(
      85012,
    );
  });

  it("the 47001 answer survives a client that sends on before reading it (a lingering close)", async () => {
    const before = await em.admin.journalCount({ errcode: 47001 });
    const socket = await rawChunked(em.url, `${path}?access_token=x`);
    socket.pause(); // the answer waits unread in the receive buffer, as on a busy machine
    socket.write(chunkOf(1024 * 1024 + 1));
    await expect.poll(() => em.admin.journalCount({ errcode: 47001 })).toBe(before + 1);
    // Closing at once here would answer these bytes with a reset, destroying the unread answer.
    for (let i = 0; i < 4; i++) socket.write(chunkOf(256 * 1024));
    socket.end("0\r\n\r\n");
    const { text, error } = await readToClose(socket);
    expect(error).toBeUndefined();
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4))).toMatchObject({ errcode: 47001 });
  });

  it("an endless body is answered 47001, then cut off after 16 times the limit, not read forever", async () => {
    const small = await host(kind, { limits: { wechatBodyBytes: 4096 } });
    try {
      const socket = await rawChunked(small.url, `${path}?access_token=x`);
      const closed = readToClose(socket);
      let sent = 0;
      const chunk = chunkOf(16 * 1024);
      while (!socket.destroyed && sent < 256 * 1024 * 1024) {
        sent += chunk.length;
        if (!socket.write(chunk)) {
          // not events.once: it would reject on the EPIPE that readToClose records
          await new Promise((resolve) => {
            socket.once("drain", resolve);
            socket.once("close", resolve);
          });
        }
      }
      const { text } = await closed;
      expect(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4))).toMatchObject({ errcode: 47001 });
      // What socket buffers hold on both ends, a few MiB at most; never the 256 MiB offered.
      expect(sent).toBeLessThan(32 * 1024 * 1024);
      expect((await raw(small.url, `${path}?access_token=x`, { body: '{"auditid":1}' })).json?.errcode).toBe(
        85012,
      );
    } finally {
      await small.close();
    }
  });

  describe("fault rules", () => {
    it("errcode N times, then pass; scoped to a tenant and request fields; first match wins", async () => {
      const token = freshToken();
      const c = client(em.url, token);
      const tenant = em.admin.tenantOf(token);
      const { auditid } = await c.submitAudit({});
      const f1 = await em.admin.addFault({
        endpoint: "getAuditStatus",
        tenant,
        match: { auditid },
        errcode: -1,
        times: 2,
      });
      await em.admin.addFault({ endpoint: "getAuditStatus", tenant, errcode: 85012 });
      await expectErrcode(c.getAuditStatus({ auditid }), -1);
      await expectErrcode(c.getAuditStatus({ auditid: String(auditid) }), -1);
      await expectErrcode(c.getAuditStatus({ auditid }), 85012); // f1 spent; the next rule matches
      // Another tenant on the SAME endpoint: neither rule reaches it, nor counts its requests.
      const other = client(em.url, freshToken());
      const { auditid: otherAudit } = await other.submitAudit({});
      expect(await other.getAuditStatus({ auditid: otherAudit })).toMatchObject({ status: 2 });
      const rules = await em.admin.listFaults();
      expect(rules.find((r) => r.id === f1.id)).toMatchObject({ applied: 2 });
      expect(await em.admin.journalCount({ tenant, errcode: -1 })).toBe(2);
      expect((await em.admin.journal({ tenant, limit: 1 }))[0]).toMatchObject({
        fault: rules[1]!.id,
        errcode: 85012,
      });
      await em.admin.clearFaults();
      expect(await c.getAuditStatus({ auditid })).toMatchObject({ status: 2 });
    });

    it("firstRequests and expiry on the emulator clock", async () => {
      const token = freshToken();
      const c = client(em.url, token);
      const tenant = em.admin.tenantOf(token);
      await em.admin.addFault({ tenant, endpoint: "queryQuota", errcode: 45011, firstRequests: 1 });
      await expectErrcode(c.queryQuota(), 45011);
      await c.queryQuota();
      await em.admin.addFault({ tenant, endpoint: "queryQuota", errcode: 45009, expiresInSeconds: 10 });
      await expectErrcode(c.queryQuota(), 45009);
      await em.admin.advanceClock(10);
      await c.queryQuota();
      await em.admin.clearFaults();
    });

    it("probability is reproducible from the seed", async () => {
      const pattern = async () => {
        await em.admin.reset(); // fault ids restart, so the rule's PRNG restarts too
        const token = freshToken();
        await em.admin.addFault({ tenant: em.admin.tenantOf(token), errcode: -1, probability: 0.5 });
        const out: number[] = [];
        for (let i = 0; i < 24; i++) {
          const res = await raw(em.url, `${ENDPOINTS.queryQuota.path}?access_token=${token}`, {
            method: "GET",
          });
          out.push(res.json?.errcode as number);
        }
        return out;
      };
      const first = await pattern();
      expect(first).toContain(-1);
      expect(first).toContain(0);
      expect(await pattern()).toEqual(first);
      await em.admin.clearFaults();
    });

    it("HTTP status, dropped connection, truncated and malformed bodies, text/plain, latency", async () => {
      const token = freshToken();
      const c = client(em.url, token);
      const tenant = em.admin.tenantOf(token);
      const expectTransport = async (failure: string) => {
        const err = await c.queryQuota().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WechatTransportError);
        expect((err as WechatTransportError).failure).toBe(failure);
      };
      await em.admin.addFault({ tenant, httpStatus: 503, times: 1 });
      await expectTransport("http_status");
      await em.admin.addFault({ tenant, drop: true, times: 1 });
      await expectTransport("connect");
      await em.admin.addFault({ tenant, body: "truncated", times: 1 });
      await expectTransport("bad_json");
      await em.admin.addFault({ tenant, body: "malformed", times: 1 });
      await expectTransport("bad_json");
      // Old /cgi-bin/token's refusal of a bad appid or secret: HTTP 200, text/html, no body.
      await em.admin.addFault({ tenant, body: "empty", contentType: "text/html", times: 2 });
      const empty = await raw(em.url, `${ENDPOINTS.queryQuota.path}?access_token=${token}`, {
        method: "GET",
      });
      expect([empty.status, empty.contentType, empty.text]).toEqual([200, "text/html", ""]);
      await expectTransport("empty_answer");
      await em.admin.addFault({ tenant, contentType: "text/plain", errcode: 40014, times: 3 });
      const res = await raw(em.url, `${ENDPOINTS.queryQuota.path}?access_token=${token}`, { method: "GET" });
      expect(res.contentType).toBe("text/plain");
      expect(res.json?.errcode).toBe(40014);
      // Clients parse JSON whatever the content type (the client refreshes and retries once on 40014).
      await expectErrcode(c.queryQuota(), 40014);
      await em.admin.addFault({ tenant, latencyMs: 20, times: 1 });
      expect(await c.queryQuota()).toMatchObject({ errcode: 0 });
      const last = (await em.admin.journal({ tenant, limit: 1 }))[0]!;
      expect(last.fault).toBeDefined();
      await em.admin.clearFaults();
    });

    it("refuses a rule without an effect or with an errcode outside the catalogue, naming the field", async () => {
      await expect(em.admin.addFault({ tenant: "x" })).rejects.toMatchObject({
        status: 400,
        field: "body.errcode",
      });
      await expect(em.admin.addFault({ errcode: 12345 })).rejects.toMatchObject({
        status: 400,
        field: "body.errcode",
      });
      await expect(em.admin.addFault({ endpoint: "nope", errcode: -1 })).rejects.toMatchObject({
        field: "body.endpoint",
      });
    });
  });

  it("journal: find and count by endpoint, tenant and errcode; newest with limit", async () => {
    const token = freshToken();
    const tenant = em.admin.tenantOf(token);
    const c = client(em.url, token);
    await c.queryQuota();
    await c.queryQuota();
    await expectErrcode(c.getLatestAuditStatus(), 85058);
    expect(await em.admin.journalCount({ tenant })).toBe(3);
    expect(await em.admin.journalCount({ tenant, endpoint: "queryQuota" })).toBe(2);
    expect(await em.admin.journalCount({ tenant, errcode: 85058 })).toBe(1);
    const [entry] = await em.admin.journal({ tenant, limit: 1 });
    expect(entry).toMatchObject({
      endpoint: "getLatestAuditStatus",
      method: "GET",
      status: 200,
      errcode: 85058,
    });
    expect(entry!.path).toBe(ENDPOINTS.getLatestAuditStatus.path);
    await expect(em.admin.journal({ endpoint: "nope" })).rejects.toMatchObject({
      status: 400,
      field: "query.endpoint",
    });
  });

  it("reset of one tenant forgets its state and journal only", async () => {
    const a = freshToken();
    const b = freshToken();
    await client(em.url, a).submitAudit({});
    const { auditid } = await client(em.url, b).submitAudit({});
    const bJournal = await em.admin.journal({ tenant: em.admin.tenantOf(b) });
    expect(bJournal.length).toBeGreaterThan(0);
    await em.admin.reset(em.admin.tenantOf(a));
    // the other tenant's journal is untouched
    expect(await em.admin.journal({ tenant: em.admin.tenantOf(b) })).toEqual(bJournal);
    await expectErrcode(client(em.url, a).getLatestAuditStatus(), 85058);
    expect(await em.admin.journalCount({ tenant: em.admin.tenantOf(a) })).toBe(1);
    expect((await client(em.url, b).getLatestAuditStatus()).auditid).toBe(auditid);
  });
});

describe.each(HOSTS)("determinism and admin auth (%s)", (kind) => {
  it("same seed, same requests: byte-identical answers", async () => {
    const run = async () => {
      const em = await host(kind, { seed: "same" });
      const out: string[] = [];
      const send = async (p: string, body?: string) =>
        out.push(
          (
            await raw(em.url, p, {
              method: body === undefined ? "GET" : "POST",
              ...(body !== undefined && { body }),
            })
          ).text,
        );
      await send("/wxa/submit_audit?access_token=A", "{}");
      const auditid = JSON.parse(out[0]!).auditid as number;
      await send("/wxa/get_auditstatus?access_token=A", JSON.stringify({ auditid }));
      await em.admin.transitionAudit(auditid, { to: "rejected" });
      await send("/wxa/get_latest_auditstatus?access_token=A");
      await send("/wxa/get_auditstatus?access_token=B", JSON.stringify({ auditid }));
      await send("/wxa/setnickname?access_token=A", JSON.stringify({ nick_name: "Tencent" }));
      await send("/cgi-bin/token?grant_type=client_credential&appid=wxa&secret=s");
      out.push(JSON.stringify(await em.admin.clock()));
      await em.close();
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.join("\n")).toMatch(/rid: /);
  });

  it("with an admin token, /__admin wants the bearer token; the WeChat surface does not", async () => {
    const em = await host(kind, { adminToken: "let-me-in" });
    try {
      const res = await raw(em.url, "/__admin/clock", { method: "GET" });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ error: { code: "unauthorized" } });
      expect(JSON.stringify(res.json)).not.toContain("let-me-in");
      expect((await em.admin.clock()).frozen).toBe(false);
      expect((await raw(em.url, "/wxa/queryquota?access_token=x", { method: "GET" })).json?.errcode).toBe(0);
    } finally {
      await em.close();
    }
  });
});
