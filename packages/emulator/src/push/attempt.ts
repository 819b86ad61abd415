/**
 * One delivery attempt: POST the sealed body to the receiver and judge its answer as WeChat does.
 * WeChat counts an attempt delivered when the receiver answers the literal `success` or an empty
 * body; anything else (another text, an HTTP error, no answer within the time limit, no
 * connection) makes it try again. The answer is read up to ANSWER_BYTES and no further: a
 * receiver cannot make the emulator buffer an endless body.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { PushAttemptEntry } from "../journal.js";

const ANSWER_BYTES = 1024;

export interface AttemptResult {
  outcome: PushAttemptEntry["outcome"];
  status?: number;
  /** The receiver's answer, its first 256 characters. */
  answer?: string;
  /** Real milliseconds the attempt took. */
  ms: number;
}

export function postPush(
  url: string,
  body: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<AttemptResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Omit<AttemptResult, "ms">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...r, ms: ms() });
    };
    const send = url.startsWith("https:") ? httpsRequest : httpRequest;
    const req = send(url, {
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8", "content-length": Buffer.byteLength(body) },
      signal,
    });
    // One limit for the whole attempt, connection and answer together (WeChat's 5 s).
    const timer = setTimeout(() => finish({ outcome: "timeout" }), timeoutMs);
    req.on("error", () => finish({ outcome: signal.aborted ? "timeout" : "connect" }));
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const judge = () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const answer = text.slice(0, 256);
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) return finish({ outcome: "http_status", status, answer });
        const t = text.trim();
        finish({ outcome: t === "" || t === "success" ? "success" : "wrong_answer", status, answer });
      };
      res.on("data", (c: Buffer) => {
        if (size < ANSWER_BYTES) chunks.push(c.subarray(0, ANSWER_BYTES - size));
        size += c.length;
        if (size >= ANSWER_BYTES) judge();
      });
      res.on("end", judge);
      res.on("error", () => finish({ outcome: "connect", status: res.statusCode ?? 0 }));
    });
    req.end(body);
  });
}
