/**
 * What the admin API refuses before it reads a body, so a web page the developer happens to open
 * cannot drive or read the emulator (see "Security model" in the README):
 *   - a Host that is neither a loopback name nor an allowed host: DNS rebinding (a page of
 *     evil.example whose name now resolves to 127.0.0.1) sends its own name as the Host;
 *   - a cross-origin request: a browser says so in `Origin` (any non-GET fetch or form) or
 *     `Sec-Fetch-Site` (even a no-cors GET); curl, SDKs and the AdminClient send neither;
 *   - a body that is not `application/json`: text/plain, form and multipart bodies are what a page
 *     may send cross-site without asking first (a "simple" request).
 * The WeChat surface is not guarded: SDKs call it from anywhere, as they call WeChat.
 */
import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";

export interface Refusal {
  status: 403 | 415;
  code: "forbidden" | "unsupported_media_type";
  message: string;
  /** The header at fault, as the admin API names fields: `headers.host`. */
  field: string;
}

/**
 * An allowed admin host as configured: a name or address (`emulator`, `10.0.0.5`, `[fd00::5]`),
 * `.example.test` for a domain and its subdomains, or `*` for any host (only behind a proxy that
 * checks it, or with an admin token). No port: any port of an allowed host is allowed.
 */
export const AllowedHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(\*|\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\]|[0-9a-f]*:[0-9a-f.]*:[0-9a-f:.]*)$/,
    "must be a host name, .domain, an IP address or *, without a port",
  )
  .transform((h) => (h.includes(":") && !h.startsWith("[") ? `[${h}]` : h));

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const LOOPBACK_V4 = new RegExp(`^127\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/;

/** The host name a Host header names, lower-cased, without its port; undefined when malformed. */
export function hostnameOf(host: string | undefined): string | undefined {
  const m = HOST_HEADER.exec((host ?? "").toLowerCase());
  return m?.[1];
}

/** localhost, *.localhost (RFC 6761: never resolved through DNS), 127.0.0.0/8 and [::1]. */
export function isLoopbackName(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost") || LOOPBACK_V4.test(name) || name === "[::1]";
}

/** Whether `name` (from hostnameOf) is loopback or matches one of the allowed hosts. */
export function hostAllowed(name: string, allowed: readonly string[]): boolean {
  if (isLoopbackName(name)) return true;
  return allowed.some(
    (a) => a === "*" || a === name || (a.startsWith(".") && (name === a.slice(1) || name.endsWith(a))),
  );
}

const ALLOWED_HINT =
  "a loopback name (localhost, *.localhost, 127.0.0.0/8, [::1]) or an allowed host (adminAllowedHosts, --admin-allowed-host)";

/** A request addressed to a name that is not ours, or coming from another origin; undefined if neither. */
export function refuseForeign(headers: IncomingHttpHeaders, allowed: readonly string[]): Refusal | undefined {
  const name = hostnameOf(headers.host);
  if (name === undefined || !hostAllowed(name, allowed)) {
    return {
      status: 403,
      code: "forbidden",
      field: "headers.host",
      message: `the admin API answers only requests addressed to ${ALLOWED_HINT}; this one was addressed to ${name ?? "no valid Host"}`,
    };
  }
  const origin = headers.origin;
  if (origin !== undefined && !sameOrigin(origin, headers.host!)) {
    return {
      status: 403,
      code: "forbidden",
      field: "headers.origin",
      message:
        "cross-origin requests are refused: the admin API is not for web pages of other origins (send no Origin header, as curl and SDKs do)",
    };
  }
  const site = headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") {
    return {
      status: 403,
      code: "forbidden",
      field: "headers.sec-fetch-site",
      message: "requests a browser marks as coming from another site are refused",
    };
  }
  return undefined;
}

/** Whether an Origin header names the origin the request was addressed to (scheme aside). */
function sameOrigin(origin: string, host: string): boolean {
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything unparsable
  }
  if (o.protocol !== "http:" && o.protocol !== "https:") return false;
  const h = host.toLowerCase();
  const defaultPort = o.protocol === "https:" ? ":443" : ":80";
  return o.host === (h.endsWith(defaultPort) ? h.slice(0, -defaultPort.length) : h);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A body that is not JSON: a request with a body, or a POST/PUT/PATCH/DELETE declaring a type
 * (a form with no fields still sends `text/plain`), must declare `application/json`. A request
 * with neither body nor type (curl -X POST) passes.
 */
export function refuseBodyType(method: string, headers: IncomingHttpHeaders): Refusal | undefined {
  const type = (headers["content-type"] ?? "").trim();
  const hasBody = headers["transfer-encoding"] !== undefined || Number(headers["content-length"] ?? 0) > 0;
  if (!hasBody && (type === "" || SAFE_METHODS.has(method))) return undefined;
  const media = type.split(";")[0]!.trim().toLowerCase();
  if (media === "application/json") return undefined;
  const shown = /^[a-z0-9.+-]{1,64}\/[a-z0-9.+-]{1,64}$/.test(media)
    ? media
    : media
      ? "another type"
      : "none";
  return {
    status: 415,
    code: "unsupported_media_type",
    field: "headers.content-type",
    message: `the admin API takes only application/json bodies (Content-Type: ${shown})`,
  };
}
