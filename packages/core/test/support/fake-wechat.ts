/**
 * A WeChat-shaped HTTP server for core's tests: real sockets on a random loopback port, every
 * request recorded, answers scripted per test. (The emulator depends on core, so core's own tests
 * use this small stand-in; the emulator's contract tests cover the real thing.)
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  rawBody: string;
}

export interface Reply {
  status?: number;
  contentType?: string;
  body: unknown;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
}

export type Handler = (req: Recorded) => Reply | Promise<Reply>;

export interface FakeWechat {
  url: string;
  requests: Recorded[];
  /** Answers for the next requests, in order; then `fallback`. */
  queue: Reply[];
  fallback: Handler;
  close(): Promise<void>;
}

const ok = (extra: object = {}): Reply => ({ body: { errcode: 0, errmsg: "ok", ...extra } });
export const replies = { ok };

export async function startFakeWechat(fallback: Handler = () => ok()): Promise<FakeWechat> {
  const state: Omit<FakeWechat, "url" | "close"> = { requests: [], queue: [], fallback };
  const server: Server = createServer(async (req, res) => {
    const rec = await record(req);
    state.requests.push(rec);
    const reply = state.queue.shift() ?? (await state.fallback(rec));
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, {
      "content-type": reply.contentType ?? "application/json; encoding=utf-8",
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

async function record(req: IncomingMessage): Promise<Recorded> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const rawBody = Buffer.concat(chunks).toString("utf8");
  const u = new URL(req.url ?? "/", "http://x");
  let body: unknown;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    body = rawBody;
  }
  return {
    method: req.method ?? "",
    path: u.pathname,
    query: Object.fromEntries(u.searchParams),
    body,
    rawBody,
  };
}

/** A clock for the retry layer: sleeping moves time at once and is recorded. */
export function manualClock(start = 1_700_000_000_000) {
  const sleeps: number[] = [];
  let now = start;
  return {
    sleeps,
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** The platform flow's credentials the token tests use (recognisable, none of them real). */
export const PLATFORM_CREDS = {
  componentAppId: "wxcomponent",
  componentAppSecret: "COMPONENT_SECRET_1",
  componentVerifyTicket: "TICKET_1",
  authorizerAppId: "wxauthorizer",
  authorizerRefreshToken: "REFRESH_1",
} as const;
