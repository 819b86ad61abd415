/**
 * HTTP glue shared by both hosts (the node:http listener and the Express mount): read a body
 * with the 1 MiB limit, write an Answer. Nothing here decides anything about WeChat.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "./answers.js";
import { BODY_LIMIT, type Emulator, type RawRequest } from "./emulator.js";

/** After answering an oversized body, discard at most this much more before hanging up. */
const DISCARD_LIMIT = 16 * BODY_LIMIT;

/**
 * Reads the request body, at most BODY_LIMIT bytes. A larger body is not read whole: a declared
 * Content-Length over the limit is refused before reading anything, a chunked one as soon as it
 * crosses the limit.
 */
export function readBody(
  req: IncomingMessage,
  done: (body: Buffer | undefined, tooLarge: boolean) => void,
): void {
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (declared !== undefined && Number(declared) > BODY_LIMIT) {
    done(undefined, true);
    return;
  }
  if ((declared === undefined && !chunked) || declared === "0") {
    done(undefined, false);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > BODY_LIMIT) {
      finished = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.pause();
      done(undefined, true);
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (finished) return;
    finished = true;
    done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), false);
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
  tooLarge = false,
): void {
  if (answer.delayMs) {
    const timer = setTimeout(
      () => writeAnswer(req, res, { ...answer, delayMs: 0 }, tooLarge),
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
  if (tooLarge) {
    // The rest of the body is not wanted: answer, then discard what still arrives and hang up.
    headers.connection = "close";
    let discarded = 0;
    req.on("data", (c: Buffer) => {
      discarded += c.length;
      if (discarded > DISCARD_LIMIT) req.socket.destroy();
    });
    req.resume();
  }
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** Serves one WeChat-surface request from node:http (or an Express req/res, which extend them). */
export function serveWechat(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  prebuffered?: Buffer,
): void {
  const url = req.url ?? "/";
  const method = req.method ?? "GET";
  const answer = (body: Buffer | undefined, tooLarge: boolean) => {
    const raw: RawRequest = { method, url, body, tooLarge };
    let result: Answer;
    try {
      result = emulator.handle(raw);
    } catch {
      // Never a 500 or a stack trace: a WeChat-shaped "system error".
      result = emulator.systemError();
    }
    writeAnswer(req, res, result, tooLarge);
  };
  if (prebuffered) answer(prebuffered, prebuffered.length > BODY_LIMIT);
  else readBody(req, answer);
}
