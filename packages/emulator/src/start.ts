/**
 * `startEmulator`: the listener the CLI uses. A thin node:http dispatch answers the WeChat
 * surface itself (the same handlers as the Express mount, without Express's per-request cost)
 * and hands /__admin to the Express app.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AllowedHostSchema } from "./admin/browser-guard.js";
import { AdminClient } from "./admin-client.js";
import type { EmulatorConfig } from "./config.js";
import { Emulator, routeOf } from "./emulator.js";
import type { Limits } from "./limits.js";
import { serveWechat, writeAnswer } from "./wire.js";

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: number | string;
  /** A config object, or the path of a YAML/JSON file. */
  config?: EmulatorConfig | string;
  strictTokens?: boolean;
  adminToken?: string;
  /**
   * Hosts besides the loopback names admin requests may be addressed to; the bound `host`, when it
   * names one interface, is added. See "Security model" in the README.
   */
  adminAllowedHosts?: readonly string[];
  /** Largest config file read, in bytes (default CONFIG_FILE_MAX_BYTES, limits.ts). */
  configMaxBytes?: number;
  /** Overrides of the limits (limits.ts; these win over the config's `limits:`). */
  limits?: Partial<Limits>;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, no trailing slash (a wildcard host is reached through loopback). */
  url: string;
  admin: AdminClient;
  /** The in-process emulator, for tests that want to look inside. */
  emulator: Emulator;
  server: Server;
  close(): Promise<void>;
}

export function createListener(em: Emulator): Server {
  // Express (and the admin API) load on the first admin request: the WeChat surface is up sooner.
  let app: Promise<(req: IncomingMessage, res: ServerResponse) => void> | undefined;
  return createServer((req, res) => {
    const url = req.url ?? "/";
    if (routeOf(url)) return serveWechat(em, req, res);
    if (url.startsWith("/__admin")) {
      app ??= import("./app.js").then((m) => m.buildApp(em));
      void app.then(
        (handle) => handle(req, res),
        () => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end('{"error":{"code":"internal","message":"admin API failed to load"}}');
        },
      );
      return;
    }
    req.resume();
    writeAnswer(req, res, em.notFound(req.method ?? "GET", url.split("?")[0]!));
  });
}

export function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** A wildcard bind address names no host a request could be addressed to. */
export const isWildcardHost = (host: string): boolean => host === "0.0.0.0" || host === "::" || host === "";

export async function startEmulator(opts: StartOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? "127.0.0.1";
  // Bound to one interface: requests addressed to it are ours (an IP literal cannot be rebound).
  // (A name the guard cannot match, an IPv6 zone for one, is left out.)
  const named = AllowedHostSchema.safeParse(host.replace(/^\[(.*)\]$/, "$1"));
  const bound = !isWildcardHost(host) && named.success ? [named.data] : [];
  const em = new Emulator({ ...opts, adminAllowedHosts: [...(opts.adminAllowedHosts ?? []), ...bound] });
  const server = createListener(em);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    admin: new AdminClient(url, opts.adminToken),
    emulator: em,
    server,
    close: () => {
      em.close();
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
