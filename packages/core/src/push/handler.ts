/**
 * The receiving end: a `node:http` handler that is also Express middleware. It verifies each
 * push (openPush), hands the event to `onEvent`, and answers `success` once that resolves.
 * WeChat retries a push it got no `success` for (about 5 s each, three tries in all), so a message
 * is processed at most once: it is remembered as processed (dedupe key, and its nonce) only after
 * `onEvent` resolved; a duplicate, or a replayed nonce of a processed message, is answered
 * `success` without calling `onEvent` again; a duplicate arriving while the first is still being
 * processed waits for it. `onEvent` failing answers 500, so WeChat tries again.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { pushSignature, signatureMatches } from "./crypto.js";
import { type OpenOptions, openPushDetailed } from "./envelope.js";
import { WechatPushError } from "./errors.js";
import type { PushEvent } from "./events.js";
import { ReplayGuard } from "./replay.js";
import { DEFAULT_MAX_BODY_BYTES } from "./xml.js";

export interface PushHandlerOptions extends OpenOptions {
  onEvent(event: PushEvent): void | Promise<void>;
  /** How long a processed message is remembered (default 600 s). */
  dedupeWindowSeconds?: number;
  /** At most this many processed messages are remembered (default 10,000; oldest go first). */
  dedupeMaxEntries?: number;
  /** Called with each verification failure (the answer is already 400 or 413). */
  onError?(err: WechatPushError): void;
}

export type PushHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/**
 * What makes two pushes the same message. Message events: `MsgId` when present, else
 * ToUserName + FromUserName + CreateTime + Event (ToUserName is added to WeChat's advice because
 * audit events of different mini programs come from the same system FromUserName). Authorization
 * events: AppId + InfoType + CreateTime + AuthorizerAppid.
 */
export function pushDedupeKey(event: PushEvent): string {
  const f: Record<string, string | undefined> =
    event.type === "unknown"
      ? event.fields
      : "appId" in event
        ? {
            AppId: event.appId,
            InfoType: event.type,
            CreateTime: String(event.createTime),
            AuthorizerAppid: "authorizerAppid" in event ? event.authorizerAppid : undefined,
          }
        : {
            ToUserName: event.toUserName,
            FromUserName: event.fromUserName,
            CreateTime: String(event.createTime),
            Event: event.type,
          };
  if (f.InfoType !== undefined)
    return JSON.stringify(["info", f.AppId, f.InfoType, f.CreateTime, f.AuthorizerAppid ?? ""]);
  if (f.MsgId !== undefined) return JSON.stringify(["msgid", f.ToUserName, f.MsgId]);
  return JSON.stringify(["msg", f.ToUserName, f.FromUserName, f.CreateTime, f.Event ?? f.MsgType]);
}

const systemNow = (): number => Math.floor(Date.now() / 1000);

export function createPushHandler(opts: PushHandlerOptions): PushHandler {
  const now = opts.now ?? systemNow;
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const processed = new ReplayGuard({
    windowSeconds: opts.dedupeWindowSeconds ?? 600,
    maxEntries: opts.dedupeMaxEntries ?? 10_000,
  });
  const nonces = opts.replay ?? new ReplayGuard({ windowSeconds: opts.dedupeWindowSeconds ?? 600 });
  const inflight = new Map<string, Promise<unknown>>();
  const openOpts: OpenOptions = { ...opts, replay: undefined, now };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const query = new URL(req.url ?? "/", "http://push.invalid").searchParams;
    if (req.method !== "POST") {
      const echostr = query.get("echostr");
      if (req.method === "GET" && echostr !== null) return verifyUrl(query, echostr, res);
      return send(res, 405, "method not allowed", { Allow: "POST" });
    }
    let opened: ReturnType<typeof openPushDetailed>;
    try {
      const body = await readBody(req, maxBytes);
      opened = openPushDetailed({ query, body }, openOpts);
    } catch (err) {
      if (!(err instanceof WechatPushError)) throw err;
      return fail(res, err);
    }
    const { event, nonce } = opened;
    const key = pushDedupeKey(event);
    const t = now();
    if (processed.has(key, t) || nonces.has(nonce, t)) return send(res, 200, "success");
    const running = inflight.get(key);
    if (running) {
      const ok = await running.then(
        () => true,
        () => false,
      );
      return ok ? send(res, 200, "success") : send(res, 500, "onEvent failed; WeChat will retry");
    }
    const work = (async () => opts.onEvent(event))();
    inflight.set(key, work);
    try {
      await work;
    } catch {
      return send(res, 500, "onEvent failed; WeChat will retry");
    } finally {
      inflight.delete(key);
    }
    const done = now();
    processed.add(key, done);
    nonces.add(nonce, done);
    send(res, 200, "success");
  }

  function verifyUrl(query: URLSearchParams, echostr: string, res: ServerResponse): void {
    const timestamp = query.get("timestamp") ?? "";
    const nonce = query.get("nonce") ?? "";
    const ok =
      timestamp !== "" &&
      nonce !== "" &&
      echostr.length <= 1024 &&
      signatureMatches(query.get("signature") ?? undefined, pushSignature(opts.token, timestamp, nonce));
    if (ok) send(res, 200, echostr);
    else fail(res, new WechatPushError("bad_signature", "signature does not match"));
  }

  function fail(res: ServerResponse, err: WechatPushError): void {
    try {
      opts.onError?.(err);
    } catch {
      // onError is a report; its failure must not change the answer.
    }
    if (err.reason === "body_too_large")
      send(res, 413, `${err.reason}: ${err.message}`, { Connection: "close" });
    else send(res, 400, `${err.reason}: ${err.message}`);
  }

  return (req, res, next) => {
    handle(req, res).catch((err: unknown) => {
      if (next) next(err);
      else if (!res.headersSent) send(res, 500, "internal error");
      else res.destroy();
    });
  };
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

/** The body: Express's `req.body` if a string or bytes, else the stream, bounded while reading. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string | Uint8Array> {
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (typeof parsed === "string" || parsed instanceof Uint8Array) return Promise.resolve(parsed);
  const tooLarge = () => new WechatPushError("body_too_large", `the body is larger than ${maxBytes} bytes`);
  if (Number(req.headers["content-length"] ?? 0) > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  if (req.readableEnded)
    return Promise.reject(
      new WechatPushError(
        "bad_xml",
        "the body was read before the handler (give it a string or Buffer req.body)",
      ),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.resume(); // drain and drop the rest; the answer closes the connection
        reject(tooLarge());
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off("data", onData).off("end", onEnd).off("error", onError);
    };
    req.on("data", onData).on("end", onEnd).on("error", onError);
  });
}
