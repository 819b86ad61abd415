/**
 * The exchange on a caller's undici Dispatcher (an Agent, a ProxyAgent, a MockAgent...), through
 * `dispatcher.request` itself, so core never loads undici of its own.
 */
import type { Dispatcher } from "undici";
import {
  AnswerTooLargeError,
  BoundedBody,
  declaredTooLarge,
  type ExchangeAnswer,
  type ExchangeRequest,
  type HttpExchange,
} from "./exchange.js";

export function dispatcherExchange(dispatcher: Dispatcher): HttpExchange {
  return {
    send: (req) => send(dispatcher, req),
    // The caller's dispatcher: the caller closes it.
    close: async () => {},
  };
}

async function send(dispatcher: Dispatcher, req: ExchangeRequest): Promise<ExchangeAnswer> {
  const res = await dispatcher.request({
    origin: req.url.origin,
    path: req.url.pathname + req.url.search,
    method: req.method,
    headers: req.headers,
    body: req.body ?? null,
    signal: req.signal,
    headersTimeout: req.timeoutMs,
    bodyTimeout: req.timeoutMs,
  });
  if (declaredTooLarge(res.headers["content-length"], req.maxBytes)) {
    res.body.destroy();
    throw new AnswerTooLargeError(req.maxBytes);
  }
  const body = new BoundedBody(req.maxBytes);
  for await (const chunk of res.body) {
    if (!body.add(chunk as Buffer)) {
      res.body.destroy();
      throw new AnswerTooLargeError(req.maxBytes);
    }
  }
  const type = res.headers["content-type"];
  return { status: res.statusCode, text: body.text(), contentType: Array.isArray(type) ? type[0] : type };
}
