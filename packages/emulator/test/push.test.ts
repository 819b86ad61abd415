/**
 * Pushes end to end: audits and nickname audits moved by the clock, admin commands and reads reach
 * a receiver on a real loopback port, sealed as WeChat seals them, and core's handler opens them.
 * Retries follow the emulator's clock (no test sleeps); a dead receiver never slows the surface;
 * no token, key or ticket leaks into the journal, the admin views or a snapshot.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AuditStatus, type WechatClient } from "@wxa-audit/core";
import { createPushHandler, type PushEvent } from "@wxa-audit/core/push";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Emulator, type EmulatorConfig, originalId, RETRY_AFTER_MS, SEEDED_START } from "../src/index.js";
import { client, HOSTS, type Hosted, host } from "./helpers.js";

const TOKEN = "pushToken123";
const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const PLATFORM = "wxcomponent0001";
const TICKET = "ticket@@@configured";
const SECRET = "component-secret-1";

/** What the receiver does with the next requests: answer normally, or misbehave. */
type Script = "ok" | "500" | "wrong" | "hang";

interface Receiver {
  url: string;
  events: PushEvent[];
  /** Raw requests as received (path with query, body). */
  requests: Array<{ url: string; body: string }>;
  script: Script[];
  hung: ServerResponse[];
  /** A new handler (it remembers what it processed) and empty records, for the next test. */
  fresh(): void;
  close(): Promise<void>;
}

async function receiver(mode: "aes" | "plain" = "aes"): Promise<Receiver> {
  const events: PushEvent[] = [];
  const requests: Receiver["requests"] = [];
  const script: Script[] = [];
  const hung: ServerResponse[] = [];
  // The emulator's clock is seeded in 2024: the receiver judges timestamps on it, not the wall.
  let now = SEEDED_START;
  const make = () =>
    createPushHandler({
      token: TOKEN,
      ...(mode === "aes" && { encodingAESKey: AES_KEY }),
      appid: PLATFORM,
      now: () => now,
      maxSkewSeconds: 0,
      onEvent: (e) => {
        events.push(e);
      },
    });
  let handler = make();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ url: req.url ?? "", body });
      now = Number(new URL(req.url ?? "/", "http://x").searchParams.get("timestamp") ?? now);
      const step = script.shift() ?? "ok";
      if (step === "500") return void res.writeHead(500).end("busy");
      if (step === "wrong") return void res.writeHead(200).end("not now");
      if (step === "hang") return void hung.push(res);
      (req as { body?: unknown }).body = body;
      handler(req, res);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    events,
    requests,
    script,
    hung,
    fresh: () => {
      handler = make();
      events.length = 0;
      requests.length = 0;
      script.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function config(r: Receiver, extra: Record<string, unknown> = {}): EmulatorConfig {
  return {
    platforms: [
      {
        appid: PLATFORM,
        secret: SECRET,
        verifyTicket: TICKET,
        push: {
          url: `${r.url}/wechat/$APPID$/events`,
          authUrl: `${r.url}/wechat/auth`,
          token: TOKEN,
          encodingAESKey: AES_KEY,
          ...extra,
        },
      },
    ],
    tenants: [
      {
        name: "wxmini0001",
        authorizer: { componentAppId: PLATFORM, refreshToken: "refreshtoken@@@1" },
        audits: [
          { auditid: 4001, status: "in_review", submitTime: SEEDED_START - 60 },
          { auditid: 4002, status: "in_review", submitTime: SEEDED_START - 30 },
        ],
        nicknameAudits: [{ audit_id: 1001, nickname: "新名字", stat: "in_review" }],
      },
      // Not a platform's authorizer: WeChat pushes nothing to the platform for it.
      { name: "wxalone0001", audits: [{ auditid: 4100, status: "in_review" }] },
    ],
  };
}

describe.each(HOSTS)("pushes (%s)", (kind) => {
  let r: Receiver;
  let em: Hosted;
  beforeAll(async () => {
    r = await receiver();
    em = await host(kind, { seed: 7, config: config(r) });
  });
  afterAll(async () => {
    await em.close();
    await r.close();
  });
  beforeEach(async () => {
    await em.admin.reset();
    r.fresh();
  });

  it("an audit approved by the clock reaches the handler as weapp_audit_success, addressed to the mini program", async () => {
    await em.admin.scheduleAudit(4001, { to: "approved", afterSeconds: 3600 });
    await em.admin.advanceClock(3600);
    expect(await em.admin.flushPushes()).toBe(true);
    expect(r.events).toEqual([
      {
        type: "weapp_audit_success",
        toUserName: originalId("wxmini0001"),
        fromUserName: expect.stringMatching(/^od/),
        createTime: SEEDED_START + 3600,
        succTime: SEEDED_START + 3600,
      },
    ]);
    const req = r.requests[0]!;
    const q = new URL(req.url, "http://x").searchParams;
    expect(req.url.startsWith("/wechat/wxmini0001/events?")).toBe(true);
    expect(q.get("encrypt_type")).toBe("aes");
    expect(q.get("timestamp")).toBe(String(SEEDED_START + 3600));
    expect(req.body).toMatch(/^<xml><ToUserName><!\[CDATA\[gh_[0-9a-f]{12}\]\]><\/ToUserName><Encrypt>/);
    const [d] = await em.admin.pushes({ tenant: "wxmini0001" });
    expect(d).toMatchObject({
      state: "delivered",
      target: "message",
      attempts: [{ n: 1, outcome: "success" }],
    });
    const journal = await em.admin.journal({ tenant: "wxmini0001" });
    const pushed = journal.filter((e) => e.source === "push");
    expect(pushed).toMatchObject([
      {
        endpoint: "weapp_audit_success",
        status: 200,
        push: { delivery: d!.id, attempt: 1, outcome: "success" },
      },
    ]);
  });

  it("a rejection carries the sheet's reason and screenshots; a deferral its reason; a withdrawal pushes nothing", async () => {
    await em.admin.transitionAudit(4001, { to: "rejected", reason: "类目不符", screenshot: "m1|m2" });
    await em.admin.transitionAudit(4002, { to: "deferred", reason: "审核排队" });
    await em.admin.transitionAudit(4002, { to: "withdrawn" });
    await em.admin.transitionAudit(4100, { to: "approved" });
    await em.admin.flushPushes();
    expect(r.events.map((e) => e.type)).toEqual(["weapp_audit_fail", "weapp_audit_delay"]);
    expect(r.events[0]).toMatchObject({
      reason: "类目不符",
      screenshots: ["m1", "m2"],
      failTime: SEEDED_START,
    });
    expect(r.events[1]).toMatchObject({ reason: "审核排队", delayTime: SEEDED_START });
  });

  it("a nickname audit decided pushes wxa_nickname_audit with ret 3, or 2 and the reason", async () => {
    await em.admin.transitionNicknameAudit(1001, { to: "succeeded" });
    await em.admin.flushPushes();
    expect(r.events).toMatchObject([{ type: "wxa_nickname_audit", ret: 3, nickname: "新名字" }]);
  });

  it("a decision made by reads (get_auditstatus) is pushed too, after the WeChat answer", async () => {
    await em.admin.scheduleAudit(4001, { to: "approved", afterReads: 1 });
    const c = await authorizerClient(em);
    expect((await c.getAuditStatus({ auditid: 4001 })).status).toBe(2);
    expect((await c.getAuditStatus({ auditid: 4001 })).status).toBe(0);
    await em.admin.flushPushes();
    expect(r.events.map((e) => e.type)).toEqual(["weapp_audit_success"]);
  });

  it("deliveries keep commit order: two audits decided by one clock move arrive in order", async () => {
    await em.admin.scheduleAudit(4002, { to: "approved", afterSeconds: 10 });
    await em.admin.scheduleAudit(4001, { to: "rejected", afterSeconds: 20 });
    await em.admin.advanceClock(30);
    await em.admin.flushPushes();
    const journal = await em.admin.journal({ tenant: "wxmini0001" });
    const order = journal.flatMap((e) => e.transitions.map((t) => t.id));
    const pushed = (await em.admin.pushes()).map((d) => d.event.type);
    expect(pushed).toEqual(order.map((id) => (id === 4002 ? "weapp_audit_success" : "weapp_audit_fail")));
    expect(r.events.map((e) => e.type)).toEqual(pushed);
  });

  it("a receiver that fails twice gets the third try, each 5 s after the last on the emulator's clock", async () => {
    r.script.push("500", "wrong");
    await em.admin.transitionAudit(4001, { to: "approved" });
    await em.admin.flushPushes();
    let [d] = await em.admin.pushes();
    expect(d).toMatchObject({ state: "waiting", nextAttemptAt: SEEDED_START + RETRY_AFTER_MS / 1000 });
    expect(d!.attempts).toMatchObject([{ n: 1, outcome: "http_status", status: 500, answer: "busy" }]);
    await em.admin.advanceClock(4);
    await em.admin.flushPushes();
    expect((await em.admin.push(d!.id)).attempts).toHaveLength(1);
    await em.admin.advanceClock(1);
    await em.admin.flushPushes();
    await em.admin.advanceClock(5);
    await em.admin.flushPushes();
    d = await em.admin.push(d!.id);
    expect(d.state).toBe("delivered");
    expect(d.attempts.map((a) => [a.n, a.outcome, a.at])).toEqual([
      [1, "http_status", SEEDED_START],
      [2, "wrong_answer", SEEDED_START + 5],
      [3, "success", SEEDED_START + 10],
    ]);
    expect(r.events).toHaveLength(1);
    const tries = (await em.admin.journal()).filter((e) => e.source === "push").map((e) => e.push!.outcome);
    expect(tries).toEqual(["http_status", "wrong_answer", "success"]);
  });

  it("three failed tries fail the delivery; an admin re-delivery tries once more", async () => {
    r.script.push("500", "500", "500");
    await em.admin.transitionAudit(4001, { to: "approved" });
    for (let i = 0; i < 3; i++) {
      await em.admin.flushPushes();
      await em.admin.advanceClock(5);
    }
    await em.admin.flushPushes();
    const [d] = await em.admin.pushes();
    expect(d).toMatchObject({ state: "failed" });
    expect(d!.attempts).toHaveLength(3);
    expect(r.events).toHaveLength(0);
    expect((await em.admin.redeliverPush(d!.id)).state).toMatch(/pending|delivering/);
    await em.admin.flushPushes();
    expect((await em.admin.push(d!.id)).state).toBe("delivered");
    expect(r.events.map((e) => e.type)).toEqual(["weapp_audit_success"]);
    await expect(em.admin.push(999_999)).rejects.toMatchObject({ status: 404, code: "not_found" });
  });

  it("verify tickets: one every ten minutes of the shared clock, each good for component_access_token", async () => {
    await em.admin.addPlatform({
      appid: "wxcomponent0002",
      secret: SECRET,
      verifyTicket: TICKET,
      push: {
        url: `${r.url}/p2/$APPID$`,
        authUrl: `${r.url}/p2/auth`,
        token: TOKEN,
        encodingAESKey: AES_KEY,
        verifyTicket: true,
      },
    });
    await em.admin.advanceClock(599);
    await em.admin.flushPushes();
    expect(r.events).toHaveLength(0);
    await em.admin.advanceClock(1);
    await em.admin.flushPushes();
    // The receiver is keyed for PLATFORM: this platform's pushes are refused as another appid's.
    expect(r.events).toHaveLength(0);
    expect(r.requests.map((q) => q.url.split("?")[0])).toEqual(["/p2/auth"]);

    const id = await em.admin.pushVerifyTicket(PLATFORM);
    await em.admin.flushPushes();
    const [ev] = r.events;
    expect(ev).toMatchObject({
      type: "component_verify_ticket",
      appId: PLATFORM,
      createTime: SEEDED_START + 600,
    });
    const ticket = (ev as { ticket: string }).ticket;
    expect(ticket).toMatch(/^ticket@@@/);
    const anon = client(em.url);
    const fresh = await anon.getComponentAccessToken({
      component_appid: PLATFORM,
      component_appsecret: SECRET,
      component_verify_ticket: ticket,
    });
    expect(fresh.component_access_token).toBeTruthy();
    // The configured ticket stays good too.
    await anon.getComponentAccessToken({
      component_appid: PLATFORM,
      component_appsecret: SECRET,
      component_verify_ticket: TICKET,
    });
    const view = await em.admin.push(id);
    expect(view.event).toEqual({
      type: "component_verify_ticket",
      appId: PLATFORM,
      createTime: SEEDED_START + 600,
    });
    const everything = JSON.stringify([
      await em.admin.journal(),
      await em.admin.pushes(),
      await em.admin.platforms(),
      await em.admin.exportSnapshot(),
    ]);
    for (const secret of [ticket, TOKEN, AES_KEY, SECRET]) expect(everything).not.toContain(secret);
  });

  it("a mini program authorizing the platform through the admin API pushes authorized, then updateauthorized", async () => {
    const tenant = {
      name: "wxmini0002",
      authorizer: { componentAppId: PLATFORM, refreshToken: "refreshtoken@@@2" },
    };
    await em.admin.createTenant(tenant);
    await em.admin.createTenant(tenant);
    await em.admin.flushPushes();
    expect(r.events).toMatchObject([
      { type: "authorized", appId: PLATFORM, authorizerAppid: "wxmini0002" },
      { type: "updateauthorized", appId: PLATFORM, authorizerAppid: "wxmini0002" },
    ]);
    expect(r.requests.every((q) => q.url.startsWith("/wechat/auth?"))).toBe(true);
    expect(r.requests[0]!.body).toMatch(/^<xml><AppId><!\[CDATA\[wxcomponent0001\]\]><\/AppId><Encrypt>/);
  });

  it("a reset forgets the deliveries; a snapshot import keeps the platform's push settings", async () => {
    await em.admin.transitionAudit(4001, { to: "approved" });
    await em.admin.flushPushes();
    expect(await em.admin.pushes()).toHaveLength(1);
    const snap = await em.admin.exportSnapshot();
    await em.admin.reset();
    expect(await em.admin.pushes()).toHaveLength(0);
    await em.admin.importSnapshot(snap);
    expect((await em.admin.platforms()).find((p) => p.appid === PLATFORM)?.push).toEqual({
      url: `${r.url}/wechat/$APPID$/events`,
      authUrl: `${r.url}/wechat/auth`,
      mode: "aes",
      verifyTicket: false,
      attemptTimeoutMs: 5000,
    });
    // A second later: receivers dedupe on the mini program, the sender, CreateTime and the event.
    await em.admin.advanceClock(1);
    await em.admin.transitionAudit(4002, { to: "approved" });
    await em.admin.flushPushes();
    expect(r.events.map((e) => e.type)).toEqual(["weapp_audit_success", "weapp_audit_success"]);
  });
});

async function authorizerClient(em: Hosted): Promise<WechatClient> {
  const anon = client(em.url);
  const { component_access_token } = await anon.getComponentAccessToken({
    component_appid: PLATFORM,
    component_appsecret: SECRET,
    component_verify_ticket: TICKET,
  });
  const { authorizer_access_token } = await anon.getAuthorizerAccessToken(
    {
      component_appid: PLATFORM,
      authorizer_appid: "wxmini0001",
      authorizer_refresh_token: "refreshtoken@@@1",
    },
    component_access_token,
  );
  return client(em.url, authorizer_access_token);
}

describe("a receiver that never answers", () => {
  let r: Receiver;
  let em: Hosted;
  beforeAll(async () => {
    r = await receiver();
    em = await host("listener", { seed: 7, config: config(r, { attemptTimeoutMs: 50 }) });
  });
  afterAll(async () => {
    await em.close();
    await r.close();
  });

  it("does not hold the WeChat surface: reads answer while the push waits for its answer", async () => {
    r.script.push("hang", "hang", "hang");
    await em.admin.transitionAudit(4001, { to: "approved" });
    const c = await authorizerClient(em);
    // The push is under way (the receiver holds it) while the surface answers.
    for (let i = 0; i < 20; i++) expect((await c.getAuditStatus({ auditid: 4001 })).status).toBe(0);
    await em.admin.flushPushes();
    const [d] = await em.admin.pushes();
    expect(d!.attempts).toMatchObject([{ n: 1, outcome: "timeout" }]);
    expect(d!.state).toBe("waiting");
    for (const res of r.hung) res.destroy();
  });
});

describe("plaintext mode", () => {
  let r: Receiver;
  let em: Hosted;
  beforeAll(async () => {
    r = await receiver("plain");
    em = await host("listener", { seed: 7, config: config(r, { mode: "plain" }) });
  });
  afterAll(async () => {
    await em.close();
    await r.close();
  });

  it("sends the event XML itself, signed with `signature`", async () => {
    await em.admin.transitionAudit(4001, { to: "approved" });
    await em.admin.flushPushes();
    expect(r.events.map((e) => e.type)).toEqual(["weapp_audit_success"]);
    const q = new URL(r.requests[0]!.url, "http://x").searchParams;
    expect(q.get("encrypt_type")).toBeNull();
    expect(q.get("signature")).toMatch(/^[0-9a-f]{40}$/);
    expect(r.requests[0]!.body).toContain("<Event><![CDATA[weapp_audit_success]]></Event>");
  });
});

describe("the in-process emulator", () => {
  let em: Emulator | undefined;
  afterEach(() => em?.close());

  it("refuses bad push settings at start, naming the field and never quoting the key", () => {
    const bad = `not-a-key-${"x".repeat(20)}`;
    const err = (() => {
      try {
        em = new Emulator({
          config: {
            platforms: [
              {
                appid: PLATFORM,
                secret: SECRET,
                verifyTicket: TICKET,
                push: { url: "ftp://x", token: TOKEN, encodingAESKey: bad },
              },
            ],
          },
        });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toContain("platforms[0].push.url");
    expect(err?.message).toContain("platforms[0].push.encodingAESKey");
    expect(err?.message).not.toContain(bad);
  });

  it("on a running clock, a move falling due is decided and pushed without any read (the ticker)", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const r = await receiver();
    try {
      let wall = 1_000_000_000_000;
      em = new Emulator({
        config: { ...config(r), clock: { start: SEEDED_START, frozen: false } },
        wall: () => wall,
      });
      em.schedule("audit", 4001, AuditStatus.Approved, { afterSeconds: 30 }, {});
      wall += 29_000;
      vi.advanceTimersByTime(1_000);
      await em.pushes.deliveries.flush(5_000);
      expect(em.pushes.deliveries.list()).toHaveLength(0);
      wall += 1_000;
      vi.advanceTimersByTime(1_000);
      await em.pushes.deliveries.flush(5_000);
      expect(r.events).toMatchObject([{ type: "weapp_audit_success", succTime: SEEDED_START + 30 }]);
      expect(em.record("audit", 4001, { settle: false })).toMatchObject({ status: AuditStatus.Approved });
    } finally {
      vi.useRealTimers();
      em?.close();
      await r.close();
    }
  });

  it("keeps a delivery's newest 20 tries, however often it is re-delivered, numbering all of them", async () => {
    const r = await receiver();
    try {
      em = new Emulator({ seed: 1, config: config(r) });
      const id = em.pushes.pushVerifyTicket(PLATFORM);
      await em.pushes.deliveries.flush(5_000);
      for (let i = 0; i < 25; i++) {
        em.pushes.deliveries.redeliver(id);
        await em.pushes.deliveries.flush(5_000);
      }
      const { attempts } = em.pushes.deliveries.get(id);
      expect(attempts).toHaveLength(20);
      expect(attempts.map((a) => a.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 7));
      expect(em.journal.find().filter((e) => e.source === "push")).toHaveLength(26);
    } finally {
      em?.close();
      await r.close();
    }
  });

  it("keeps at most MAX_DELIVERIES deliveries", async () => {
    const { MAX_DELIVERIES } = await import("../src/index.js");
    const r = await receiver();
    try {
      em = new Emulator({ seed: 1, config: config(r) });
      for (let i = 0; i < MAX_DELIVERIES + 5; i++) em.pushes.pushVerifyTicket(PLATFORM);
      expect(em.pushes.deliveries.list()).toHaveLength(MAX_DELIVERIES);
      expect(em.pushes.deliveries.list()[0]!.id).toBe(6);
    } finally {
      em?.close();
      await r.close();
    }
  });

  it("limits.pushDeliveries and limits.pushAttemptsKept override those bounds", async () => {
    const r = await receiver();
    try {
      em = new Emulator({ seed: 1, config: config(r), limits: { pushDeliveries: 3, pushAttemptsKept: 2 } });
      for (let i = 0; i < 5; i++) em.pushes.pushVerifyTicket(PLATFORM);
      await em.pushes.deliveries.flush(5_000);
      expect(em.pushes.deliveries.list().map((d) => d.id)).toEqual([3, 4, 5]);
      for (let i = 0; i < 3; i++) {
        em.pushes.deliveries.redeliver(5);
        await em.pushes.deliveries.flush(5_000);
      }
      expect(em.pushes.deliveries.get(5).attempts.map((a) => a.n)).toEqual([3, 4]);
    } finally {
      em?.close();
      await r.close();
    }
  });
});
