/**
 * `wxa events decrypt`: verify and decrypt a captured push, offline. Input: a raw HTTP request
 * (`--request FILE`, `-` for stdin: request line, headers, blank line, body) or `--url` with the
 * query plus `--body FILE`. Keys from options or the environment. Freshness is off unless
 * `--max-age` is given (a captured request is old by the time anyone looks at it). Exit codes:
 * 0 ok; 2 bad usage, unreadable input, or a verification failure (its reason is printed).
 */
import { open } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { CliIo } from "./cli.js";
import { DEFAULT_MAX_BODY_BYTES, openPush, type PushEvent, WechatPushError } from "./push/index.js";
import { describeUnixSeconds } from "./unix-time.js";

const EXIT = { ok: 0, usage: 2 } as const;
/** A captured request is the body plus a request line and headers: bound it a little above the body's bound. */
export const MAX_INPUT_BYTES = DEFAULT_MAX_BODY_BYTES + 64 * 1024;

export const EVENTS_USAGE = `wxa events decrypt --request <file|-> [options]
wxa events decrypt --url <path-or-url-with-query> --body <file|-> [options]

Verifies a captured WeChat push (signature, msg_signature, padding, appid) and prints its event.

Options:
  --request <file|->   a raw HTTP request: request line with path and query, headers, blank line, body
  --url <url>          the request's path (or URL) with its query; with --body
  --body <file|->      the request body
  --token <token>      message-check token (default: $WECHAT_PUSH_TOKEN)
  --aes-key <key>      EncodingAESKey, for safe-mode pushes (default: $WECHAT_PUSH_ENCODING_AES_KEY)
  --appid <appid>      the platform's component appid (default: $WECHAT_COMPONENT_APPID)
  --max-age <s>        also refuse a timestamp more than <s> seconds from now (off by default)
  --json               print the event as JSON; on failure {"error": {code, reason, message}}
  -h, --help           show help

Prefer the environment for keys: options are visible to other users of the machine.
Exit codes: 0 ok; 2 bad usage or input, or the push failed verification.`;

class UsageError extends Error {}

export async function runEventsCli(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "-h" || sub === "--help") {
    io.stdout(EVENTS_USAGE);
    return sub ? EXIT.ok : EXIT.usage;
  }
  if (sub !== "decrypt") {
    io.stderr(`wxa events: unknown subcommand "${sub}"\n\n${EVENTS_USAGE}`);
    return EXIT.usage;
  }
  let values: ReturnType<typeof parseOptions>["values"];
  try {
    const parsed = parseOptions(rest);
    if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    values = parsed.values;
  } catch (err) {
    io.stderr(`wxa events decrypt: ${(err as Error).message}\nUsage: ${EVENTS_USAGE.split("\n")[0]}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout(EVENTS_USAGE);
    return EXIT.ok;
  }
  const json = values.json === true;
  try {
    const { query, body } = await readInput(values, io);
    const token = values.token ?? io.env.WECHAT_PUSH_TOKEN;
    const encodingAESKey = values["aes-key"] ?? io.env.WECHAT_PUSH_ENCODING_AES_KEY;
    const appid = values.appid ?? io.env.WECHAT_COMPONENT_APPID;
    if (!token) throw new UsageError("no token: pass --token or set WECHAT_PUSH_TOKEN");
    if (query.get("encrypt_type") === "aes" && (!encodingAESKey || !appid))
      throw new UsageError(
        "a safe-mode push needs the EncodingAESKey and the component appid: --aes-key and --appid, or WECHAT_PUSH_ENCODING_AES_KEY and WECHAT_COMPONENT_APPID",
      );
    let maxSkewSeconds = 0;
    if (values["max-age"] !== undefined) {
      maxSkewSeconds = Number(values["max-age"]);
      if (!(maxSkewSeconds > 0)) throw new UsageError("--max-age must be a number of seconds > 0");
    }
    const event = openPush({ query, body }, { token, encodingAESKey, appid, maxSkewSeconds });
    io.stdout(json ? JSON.stringify(event) : describeEvent(event));
    return EXIT.ok;
  } catch (err) {
    if (err instanceof WechatPushError) {
      if (json)
        io.stdout(JSON.stringify({ error: { code: err.code, reason: err.reason, message: err.message } }));
      else io.stderr(`wxa events decrypt: ${err.reason}: ${err.message}`);
      return EXIT.usage;
    }
    if (err instanceof UsageError || isFsError(err)) {
      const message =
        err instanceof UsageError ? err.message : `cannot read ${(err as { path?: string }).path ?? "input"}`;
      if (json) io.stdout(JSON.stringify({ error: { code: "WXA_USAGE", message } }));
      else io.stderr(`wxa events decrypt: ${message}`);
      return EXIT.usage;
    }
    throw err;
  }
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      request: { type: "string" },
      url: { type: "string" },
      body: { type: "string" },
      token: { type: "string" },
      "aes-key": { type: "string" },
      appid: { type: "string" },
      "max-age": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function isFsError(err: unknown): boolean {
  return err instanceof Error && typeof (err as { code?: unknown }).code === "string" && "syscall" in err;
}

async function readInput(
  values: { request?: string; url?: string; body?: string },
  io: CliIo,
): Promise<{ query: URLSearchParams; body: Buffer }> {
  if (values.request !== undefined) {
    if (values.url !== undefined || values.body !== undefined)
      throw new UsageError("give either --request, or --url with --body");
    return parseRawRequest(await readBounded(values.request, io));
  }
  if (values.url === undefined || values.body === undefined)
    throw new UsageError("give --request <file>, or --url <url> with --body <file>");
  return {
    query: new URL(values.url, "http://push.invalid").searchParams,
    body: await readBounded(values.body, io),
  };
}

/** A regular file (or stdin for `-`) of at most MAX_INPUT_BYTES. */
async function readBounded(path: string, io: CliIo): Promise<Buffer> {
  const tooLarge = () =>
    new UsageError(`${path === "-" ? "stdin" : path} is larger than ${MAX_INPUT_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  if (path === "-") {
    for await (const chunk of io.stdin ?? process.stdin) {
      size += chunk.length;
      if (size > MAX_INPUT_BYTES) throw tooLarge();
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }
  const file = await open(path, "r");
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw new UsageError(`${path} is not a regular file`);
    if (stat.size > MAX_INPUT_BYTES) throw tooLarge();
    const buf = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await file.read(buf, n, buf.length - n, null);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n > MAX_INPUT_BYTES) throw tooLarge(); // the file grew while we read it
    }
    return buf.subarray(0, n);
  } finally {
    await file.close();
  }
}

/** Request line, headers, blank line, body. Content-Length (when given) cuts the body. */
export function parseRawRequest(raw: Buffer): { query: URLSearchParams; body: Buffer } {
  let split = raw.indexOf("\r\n\r\n");
  let sep = 4;
  const lf = raw.indexOf("\n\n");
  if (split === -1 || (lf !== -1 && lf < split)) {
    split = lf;
    sep = 2;
  }
  if (split === -1) throw new UsageError("the request has no blank line between headers and body");
  const [requestLine = "", ...headerLines] = raw.subarray(0, split).toString("latin1").split(/\r?\n/);
  const m = /^[A-Z]+\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?\s*$/.exec(requestLine);
  if (!m) throw new UsageError("the first line is not an HTTP request line (METHOD /path?query HTTP/1.1)");
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  if (/chunked/i.test(headers.get("transfer-encoding") ?? ""))
    throw new UsageError(
      "chunked request bodies are not supported: save the decoded body and use --url with --body",
    );
  let body = raw.subarray(split + sep);
  const length = headers.get("content-length");
  if (length !== undefined && /^\d+$/.test(length) && Number(length) <= body.length)
    body = body.subarray(0, Number(length));
  return { query: new URL(m[1]!, "http://push.invalid").searchParams, body };
}

/** One line per field; times also as ISO dates. */
export function describeEvent(event: PushEvent): string {
  if (event.type === "unknown") {
    const lines = [`${event.name} (not a push this package types; its fields as sent)`];
    for (const [k, v] of Object.entries(event.fields)) lines.push(`  ${k}: ${v}`);
    return lines.join("\n");
  }
  const lines: string[] = [event.type];
  for (const [k, v] of Object.entries(event)) {
    if (k === "type") continue;
    const shown = Array.isArray(v)
      ? v.join(", ") || "(none)"
      : typeof v === "number" && /Time$/.test(k)
        ? describeUnixSeconds(v)
        : String(v);
    lines.push(`  ${`${k}:`.padEnd(31)} ${shown}`);
  }
  return lines.join("\n");
}
