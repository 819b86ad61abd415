/**
 * HTTP glue shared by both hosts (the node:http listener and the Express mount): read a body
 * within limits.wechatBodyBytes, write an Answer. Nothing here decides anything about WeChat.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Answer, DETAIL_HEADER } from "./answers.js";
import type { Emulator, RawRequest } from "./emulator.js";
import { tooDeepAt } from "./json-limits.js";
import type { Limits } from "./limits.js";

/** After answering an oversized body, discard at most this many times the limit before hanging up. */
const DISCARD_FACTOR = 16;
/** ...and for at most this long (nginx's lingering_time is 30 s). */
const LINGER_MS = 30_000;

/** A body as read (or as a host's body parser left it): the bytes, or why there are none. */
export interface ReadBody {
  body: Buffer | undefined;
  tooLarge: boolean;
  tooDeep?: boolean;
}

/**
 * Reads the request body, at most `limit` bytes. A larger body is not read whole: a declared
 * Content-Length over the limit is refused before reading anything, a chunked one as soon as it
 * crosses the limit.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  done: (body: Buffer | undefined, tooLarge: boolean) => void,
): void {
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (declared !== undefined && Number(declared) > limit) {
    done(undefined, true);
    return;
  }
  if ((declared === undefined && !chunked) || declared === "0") {
    done(undefined, false);
    return;
  }
  const chunks: Buffer[] = [];
  // With a declared length the chunks are copied into one buffer as they come: a large body is
  // not held twice (its chunks, then their concatenation).
  const length = Number(declared);
  const whole = !chunked && Number.isSafeInteger(length) ? Buffer.allocUnsafe(length) : undefined;
  let size = 0;
  let finished = false;
  const onData = (chunk: Buffer) => {
    if (size + chunk.length > (whole?.length ?? limit)) {
      finished = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.pause();
      done(undefined, true);
      return;
    }
    if (whole) chunk.copy(whole, size);
    else chunks.push(chunk);
    size += chunk.length;
  };
  const onEnd = () => {
    if (finished) return;
    finished = true;
    if (whole) done(size === whole.length ? whole : whole.subarray(0, size), false);
    else done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), false);
  };
  req.on("data", onData);
  req.on("end", onEnd);
  req.on("error", () => {
    if (!finished) {
      finished = true;
      done(undefined, false);
    }
  });
}

/** Writes an Answer: a reply (after its delay), or a dropped connection. */
export function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: Answer,
  /** The body was over this limit and left unread: discard a little more of it, then hang up. */
  unreadOver?: number,
): void {
  if (answer.delayMs) {
    const timer = setTimeout(
      () => writeAnswer(req, res, { ...answer, delayMs: 0 }, unreadOver),
      answer.delayMs,
    );
    res.once("close", () => clearTimeout(timer));
    return;
  }
  if (answer.kind === "drop") {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string | number> = {
    "content-type": answer.contentType,
    "content-length": Buffer.byteLength(answer.body),
  };
  if (answer.detail !== undefined) headers[DETAIL_HEADER] = headerText(answer.detail);
  if (unreadOver !== undefined) {
    headers.connection = "close";
    lingerAfterAnswer(req, DISCARD_FACTOR * unreadOver);
  }
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * A lingering close, as web servers do after answering a body they will not read: send the answer
 * and FIN, but keep reading (and discarding) what the client still sends until it finishes, sends
 * more than `maxBytes`, or LINGER_MS pass, and only then close. Closing at once (Node's default
 * after a "Connection: close" answer) makes the client's next write draw a reset, and a reset
 * destroys an answer still unread in the client's receive buffer: the client sees ECONNRESET
 * instead of 47001.
 */
function lingerAfterAnswer(req: IncomingMessage, maxBytes: number): void {
  const socket = req.socket;
  // Node calls destroySoon once the answer is out; half-close instead (http sockets allow it).
  // Hanging up is the original destroySoon: close once the answer is flushed, never cut it.
  const destroySoon = socket.destroySoon.bind(socket);
  let hungUp = false;
  // Once: every chunk past the bound would otherwise add another 'finish' listener.
  const hangUp = () => {
    if (hungUp) return;
    hungUp = true;
    destroySoon();
  };
  socket.destroySoon = () => {
    socket.end();
  };
  const timer = setTimeout(hangUp, LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  let discarded = 0;
  req.on("data", (c: Buffer) => {
    discarded += c.length;
    if (discarded > maxBytes) hangUp();
  });
  req.once("end", hangUp);
  socket.once("end", hangUp);
  req.resume();
}

/** A header value: printable ASCII, anything else percent-encoded (a lone surrogate as `?`), bounded. */
function headerText(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/gu, (c) => {
      try {
        return encodeURIComponent(c);
      } catch {
        return "?";
      }
    })
    .slice(0, 512);
}

/** Serves one WeChat-surface request from node:http (or an Express req/res, which extend them). */
export function serveWechat(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  prebuffered?: ReadBody,
): void {
  const url = req.url ?? "/";
  const method = req.method ?? "GET";
  const limit = emulator.limits.wechatBodyBytes;
  const answer = (body: Buffer | undefined, tooLarge: boolean, tooDeep = false) => {
    const raw: RawRequest = {
      method,
      url,
      body,
      tooLarge,
      ...(tooDeep && { tooDeep }),
      remoteAddress: req.socket.remoteAddress,
    };
    let result: Answer;
    try {
      result = emulator.handle(raw);
    } catch {
      // Never a 500 or a stack trace: a WeChat-shaped "system error".
      result = emulator.systemError();
    }
    writeAnswer(req, res, result, tooLarge && !prebuffered ? limit : undefined);
  };
  if (prebuffered) answer(prebuffered.body, prebuffered.tooLarge, prebuffered.tooDeep);
  else readBody(req, limit, answer);
}

/**
 * The body a host's body parser (mounted in front of the emulator) already read, as bytes again:
 * a Buffer or string as is, a parsed value checked for depth before it is turned back into JSON
 * (which would overflow the stack on a deep one). Its declared length is judged first, as the
 * listener does.
 */
export function bodyOfParsed(parsed: unknown, limits: Limits, declaredLength: string | undefined): ReadBody {
  if (Number(declaredLength) > limits.wechatBodyBytes) return { body: undefined, tooLarge: true };
  let body: Buffer;
  if (Buffer.isBuffer(parsed)) body = parsed;
  else if (typeof parsed === "string") body = Buffer.from(parsed);
  else if (tooDeepAt(parsed, limits.jsonDepth)) return { body: undefined, tooLarge: false, tooDeep: true };
  else {
    try {
      body = Buffer.from(JSON.stringify(parsed) ?? "");
    } catch {
      // Not JSON at all (a cycle, a BigInt from some other parser): answered as a body that is not JSON.
      body = Buffer.from("\u0000");
    }
  }
  return { body, tooLarge: body.length > limits.wechatBodyBytes };
}
