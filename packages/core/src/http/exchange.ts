/**
 * One HTTP exchange as the transport needs it: a request out, a status and a bounded text in.
 * Two ways to make it: node:http(s) (`node.ts`, the default) or a caller's undici Dispatcher
 * (`dispatcher.ts`). The transport owns URLs, timeouts, JSON and errors; an exchange only moves
 * bytes, and never reads more than `maxBytes` of an answer.
 */
import type { HttpMethod } from "../endpoints.js";

export interface ExchangeRequest {
  readonly url: URL;
  readonly method: HttpMethod;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** Aborts the whole exchange: connect, headers and body (the transport's timeout is in it). */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Answers longer than this are cut off with `AnswerTooLargeError`, whatever they claim. */
  readonly maxBytes: number;
}

export interface ExchangeAnswer {
  readonly status: number;
  readonly text: string;
  /** The answer's Content-Type header, if any (said in the error for an empty answer). */
  readonly contentType?: string | undefined;
}

export interface HttpExchange {
  send(req: ExchangeRequest): Promise<ExchangeAnswer>;
  /** Frees pooled connections (only those the exchange owns). */
  close(): Promise<void>;
}

/** The answer passed `maxBytes` (by its Content-Length, or while it was read). */
export class AnswerTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`answer larger than ${maxBytes} bytes`);
  }
}

/** Collects body chunks up to `maxBytes`; `add` returns false once past it. */
export class BoundedBody {
  readonly #chunks: Buffer[] = [];
  #bytes = 0;
  constructor(readonly maxBytes: number) {}
  add(chunk: Buffer): boolean {
    this.#bytes += chunk.length;
    if (this.#bytes > this.maxBytes) return false;
    this.#chunks.push(chunk);
    return true;
  }
  text(): string {
    return Buffer.concat(this.#chunks, this.#bytes).toString("utf8");
  }
}

/** A declared Content-Length already past the bound (so nothing of the body is read). */
export function declaredTooLarge(contentLength: string | string[] | undefined, maxBytes: number): boolean {
  const value = Array.isArray(contentLength) ? contentLength[0] : contentLength;
  return value !== undefined && /^\d+$/.test(value) && Number(value) > maxBytes;
}
