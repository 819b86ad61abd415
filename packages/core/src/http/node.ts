/**
 * The default exchange, on node:http and node:https with keep-alive agents owned here.
 *
 * Why not undici by default: in the processes that matter most (the `wxa` CLI, the Terraform
 * provider, each started and stopped many times per plan), loading undici costs ~50 ms and,
 * once it has parsed an answer, `process.exit` waits ~200 ms more for V8 to finish compiling its
 * llhttp WebAssembly; node:http exits in ~14 ms (measured on Node 20.20: exit lag 211/216 ms
 * with undici, 14/15 ms with node:http, 13/12 ms with neither). Callers who want undici
 * (proxies, MockAgent, their own pool) pass a Dispatcher and get `dispatcher.ts`.
 */
import * as http from "node:http";
import * as https from "node:https";
import {
  AnswerTooLargeError,
  BoundedBody,
  declaredTooLarge,
  type ExchangeAnswer,
  type ExchangeRequest,
  type HttpExchange,
} from "./exchange.js";

export function nodeExchange(opts: { maxSockets: number }): HttpExchange {
  // Idle keep-alive sockets are unref'd by node's Agent: they never hold a process open.
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets }),
    "https:": new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets }),
  };
  return {
    send: (req) => send(req, req.url.protocol === "https:" ? agents["https:"] : agents["http:"]),
    async close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}

function send(req: ExchangeRequest, agent: http.Agent): Promise<ExchangeAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
    const mod = req.url.protocol === "https:" ? https : http;
    const out = mod.request(req.url, { method: req.method, headers, agent, signal: req.signal });
    out.on("error", (err) => settle(() => reject(err)));
    out.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (declaredTooLarge(res.headers["content-length"], req.maxBytes)) {
        res.destroy();
        settle(() => reject(new AnswerTooLargeError(req.maxBytes)));
        return;
      }
      const body = new BoundedBody(req.maxBytes);
      res.on("data", (chunk: Buffer) => {
        if (!body.add(chunk)) {
          res.destroy();
          settle(() => reject(new AnswerTooLargeError(req.maxBytes)));
        }
      });
      res.on("end", () =>
        settle(() => resolve({ status, text: body.text(), contentType: res.headers["content-type"] })),
      );
      res.on("error", (err) => settle(() => reject(err)));
      res.on("close", () =>
        settle(() =>
          reject(
            Object.assign(new Error("connection closed before the answer ended"), { code: "ECONNRESET" }),
          ),
        ),
      );
    });
    out.end(req.body);
  });
}
