/**
 * The admin API against the browser, through both hosts: a web page the developer opens must not
 * be able to change the emulator's state with a "simple" cross-site request (text/plain, form
 * bodies), nor read it through DNS rebinding (a Host that is not ours) or a cross-origin fetch.
 * Requests without an Origin (curl, SDKs, AdminClient) keep working. Raw headers go through
 * node:http, since fetch will not send a Host of our choosing.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTS, type Hosted, host } from "./helpers.js";

interface Exchange {
  status: number;
  json: { error?: { code: string; message: string; field?: string } } & Record<string, unknown>;
  text: string;
}

/** One request with exactly these headers (`host: null`: no Host header at all). */
function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string | null> = {},
  body?: string,
): Promise<Exchange> {
  const { host: hostHeader, ...rest } = headers;
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== null) h[k] = v;
  if (typeof hostHeader === "string") h.host = hostHeader;
  if (body !== undefined) h["content-length"] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: h, setHost: hostHeader === undefined }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () => {
        let json: Exchange["json"] = {};
        try {
          json = JSON.parse(text) as Exchange["json"];
        } catch {}
        resolve({ status: res.statusCode ?? 0, json, text });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const portOf = (url: string) => new URL(url).port;

describe.each(HOSTS)("admin API against the browser (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: "browser", config: { tenants: [{ name: "wxbrowser" }] } });
  });
  afterAll(() => em.close());

  it("refuses a body that is not application/json (415), so a cross-site form or text/plain POST changes nothing", async () => {
    const before = await em.admin.clock();
    for (const type of [
      "text/plain",
      "text/plain;charset=UTF-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const res = await send(em.url, "POST", "/__admin/clock", { "content-type": type }, '{"now":1000}');
      expect(res.status, type).toBe(415);
      expect(res.json.error).toMatchObject({ code: "unsupported_media_type", field: "headers.content-type" });
      expect(res.json.error?.message).toMatch(/application\/json/);
    }
    // A body without any Content-Type is refused too (it used to be parsed as JSON).
    const untyped = await send(em.url, "POST", "/__admin/clock/advance", {}, '{"seconds":60}');
    expect(untyped.status).toBe(415);
    // A form POST with no fields still declares its type: refused, nothing reset.
    const form = await send(em.url, "POST", "/__admin/reset", { "content-type": "text/plain" }, "");
    expect(form.status).toBe(415);
    expect(await em.admin.clock()).toEqual(before);
    expect((await em.admin.tenants()).map((t) => t.name)).toEqual(["wxbrowser"]);
  });

  it("takes JSON bodies (with a charset too) and bodiless requests without a type, as curl sends them", async () => {
    const json = await send(
      em.url,
      "POST",
      "/__admin/clock/advance",
      { "content-type": "application/json; charset=utf-8" },
      '{"seconds":1}',
    );
    expect(json.status).toBe(200);
    expect((await send(em.url, "POST", "/__admin/reset")).status).toBe(200);
    expect((await send(em.url, "DELETE", "/__admin/faults")).status).toBe(200);
    expect((await send(em.url, "GET", "/__admin/clock", { "content-type": "text/plain" })).status).toBe(200);
  });

  it("refuses a Host that is neither loopback nor configured (DNS rebinding cannot read the snapshot)", async () => {
    const port = portOf(em.url);
    for (const bad of [
      `evil.example:${port}`,
      "evil.example",
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `10.0.0.1:${port}`,
      `[::2]:${port}`,
      `0.0.0.0:${port}`,
      `128.0.0.1:${port}`,
      `127.0.0.256:${port}`,
    ]) {
      const res = await send(em.url, "GET", "/__admin/snapshot", { host: bad });
      expect(res.status, bad).toBe(403);
      expect(res.json.error).toMatchObject({ code: "forbidden", field: "headers.host" });
      expect(res.text).not.toContain("wxbrowser");
    }
    // No Host at all: Node itself answers 400 to HTTP/1.1 without one; refused either way.
    const none = await send(em.url, "GET", "/__admin/snapshot", { host: null });
    expect([400, 403]).toContain(none.status);
    expect(none.text).not.toContain("wxbrowser");
    const write = await send(
      em.url,
      "POST",
      "/__admin/clock",
      { host: `evil.example:${port}`, "content-type": "application/json" },
      '{"now":5}',
    );
    expect(write.status).toBe(403);
    expect((await em.admin.clock()).now).not.toBe(5);
  });

  it("takes loopback Hosts: localhost, *.localhost, 127.0.0.0/8, [::1], with or without a port", async () => {
    const port = portOf(em.url);
    for (const good of [
      `localhost:${port}`,
      "LOCALHOST",
      `app.localhost:${port}`,
      `127.0.0.1:${port}`,
      "127.1.2.3",
      `[::1]:${port}`,
      "[::1]",
    ]) {
      expect((await send(em.url, "GET", "/__admin/clock", { host: good })).status, good).toBe(200);
    }
  });

  it("refuses a cross-origin Origin (403); same-origin and Origin-less requests pass", async () => {
    const port = portOf(em.url);
    const local = `127.0.0.1:${port}`;
    const post = (headers: Record<string, string>) =>
      send(
        em.url,
        "POST",
        "/__admin/clock/advance",
        { host: local, "content-type": "application/json", ...headers },
        '{"seconds":1}',
      );
    for (const origin of [
      "https://evil.example",
      "null",
      `http://localhost:${port}`,
      `http://127.0.0.1:${Number(port) + 1}`,
      "not a url",
    ]) {
      const res = await post({ origin });
      expect(res.status, origin).toBe(403);
      expect(res.json.error).toMatchObject({ code: "forbidden", field: "headers.origin" });
    }
    // What a browser marks as coming from another site, even without an Origin (a no-cors GET).
    const img = await send(em.url, "GET", "/__admin/snapshot", {
      host: local,
      "sec-fetch-site": "cross-site",
    });
    expect(img.status).toBe(403);
    expect(img.text).not.toContain("wxbrowser");
    expect((await post({ origin: `http://${local}` })).status).toBe(200);
    expect((await post({})).status).toBe(200);
    // The developer typing the URL in the address bar.
    const typed = await send(em.url, "GET", "/__admin/clock", { host: local, "sec-fetch-site": "none" });
    expect(typed.status).toBe(200);
  });

  it("the WeChat surface answers whatever the Host and Origin (SDKs call it from anywhere)", async () => {
    const res = await send(em.url, "GET", "/wxa/queryquota?access_token=browser", {
      host: "api.weixin.qq.com",
      origin: "https://evil.example",
      "content-type": "text/plain",
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ errcode: 0 });
  });

  it("the typed AdminClient sends what is required", async () => {
    await em.admin.advanceClock(1);
    await em.admin.addFault({ endpoint: "queryQuota", errcode: -1, times: 1 });
    await em.admin.clearFaults();
    await em.admin.reset();
    expect((await em.admin.health()).ok).toBe(true);
  });
});

describe.each(HOSTS)("allowed admin hosts and the admin token (%s)", (kind) => {
  it("adminAllowedHosts admits exact names and a domain with its subdomains", async () => {
    const em = await host(kind, { adminAllowedHosts: ["emulator", ".svc.test", "[fd00::5]"] });
    try {
      const port = portOf(em.url);
      for (const good of ["emulator", `emulator:${port}`, "svc.test", "a.b.svc.test:1", "[FD00::5]:80"]) {
        expect((await send(em.url, "GET", "/__admin/clock", { host: good })).status, good).toBe(200);
      }
      for (const bad of ["emulator.evil", "xsvc.test", "localhost.emulator", "[fd00::6]"]) {
        expect((await send(em.url, "GET", "/__admin/clock", { host: bad })).status, bad).toBe(403);
      }
      const sameOrigin = await send(em.url, "GET", "/__admin/clock", {
        host: `emulator:${port}`,
        origin: `http://emulator:${port}`,
      });
      expect(sameOrigin.status).toBe(200);
    } finally {
      await em.close();
    }
  });

  it("the option's hosts and the config's add up", async () => {
    const em = await host(kind, {
      adminAllowedHosts: ["from-option"],
      config: { adminAllowedHosts: ["from-config"] },
    });
    try {
      for (const h of ["from-option", "from-config", "localhost"])
        expect((await send(em.url, "GET", "/__admin/clock", { host: h })).status, h).toBe(200);
      expect((await send(em.url, "GET", "/__admin/clock", { host: "elsewhere" })).status).toBe(403);
    } finally {
      await em.close();
    }
  });

  it("with an admin token, both the token and the Host check apply", async () => {
    const em = await host(kind, { adminToken: "tok-browser" });
    try {
      const port = portOf(em.url);
      const auth = { authorization: "Bearer tok-browser" };
      expect((await send(em.url, "GET", "/__admin/clock", { ...auth })).status).toBe(200);
      expect((await send(em.url, "GET", "/__admin/clock")).status).toBe(401);
      const rebound = await send(em.url, "GET", "/__admin/clock", { ...auth, host: `evil.example:${port}` });
      expect(rebound.status).toBe(403);
      expect(rebound.text).not.toContain("tok-browser");
    } finally {
      await em.close();
    }
  });
});
