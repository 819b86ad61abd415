/**
 * The plugin process from start to exit, as go-plugin's Serve does it for Go providers:
 * check the handshake environment, create the TLS identity, listen, print the handshake line,
 * serve until the engine calls GRPCController/Shutdown (or kills us).
 *
 * The startup path is built so the engine never reads a partial or empty handshake (the
 * "Unrecognized remote plugin message:" with nothing after it, seen once with Terraform 1.5.7,
 * is what go-plugin prints when stdout reaches EOF before a line: the process died first):
 * nothing but the handshake ever goes to stdout (console output is routed to stderr), the line
 * is written in one synchronous write only once the socket listens, and any failure before or
 * after is reported on stderr with a non-zero exit, never on stdout.
 */
import { checkHandshakeEnv, handshakeLine, writeAllSync } from "./handshake.js";
import { createLogger, type Logger } from "./log.js";
import type { LoadedProvider } from "./provider-rpcs.js";
import { createRoutes } from "./routes.js";
import { startServer } from "./server.js";
import { createServerIdentity, parseClientCert } from "./tls.js";

export interface RunPluginOptions {
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The provider behind tfplugin6.Provider (main.ts: a lazily compiled chunk of the bundle):
   * called at the first call that needs it, not at start, so the handshake comes sooner and a
   * start that only serves the schema never builds it. See routes.ts.
   */
  readonly loadProvider: (log: Logger) => LoadedProvider | Promise<LoadedProvider>;
  /** Answer bytes by Provider method name, computed at build time (GetProviderSchema...). */
  readonly precomputed?: Readonly<Record<string, Uint8Array>>;
}

export async function runPlugin(options: RunPluginOptions): Promise<void> {
  const env = options.env ?? process.env;
  const log = createLogger(env);
  guardProcess(log);

  const check = checkHandshakeEnv(env);
  if (!check.ok) {
    writeStderr(check.message);
    process.exit(1);
  }

  let tls: Parameters<typeof startServer>[0]["tls"];
  if (check.clientCertPem !== undefined) {
    try {
      tls = { identity: createServerIdentity(), clientCert: parseClientCert(check.clientCertPem) };
    } catch (error) {
      log.log("error", "PLUGIN_CLIENT_CERT is not a usable certificate", { error: (error as Error).name });
      process.exit(1);
    }
  }

  const routes = createRoutes({
    loadProvider: async () => {
      const started = performance.now();
      const provider = await options.loadProvider(log);
      log.log("debug", "provider loaded", { ms: Math.round(performance.now() - started) });
      return provider;
    },
    ...(options.precomputed ? { precomputed: options.precomputed } : {}),
  });
  const exit = (code: number) => {
    log.log("debug", "provider exiting", { code });
    process.exit(code);
  };
  const server = await startServer({
    handlerFor: routes.handlerFor,
    log,
    ...(tls ? { tls } : {}),
    onShutdown: () => exit(0),
  });

  // Ctrl-C reaches the whole process group: like a Go plugin, do not die under the engine's
  // feet; cancel what is in flight (as StopProvider would) and let the engine shut us down.
  process.on("SIGINT", () => {
    log.log("info", "interrupt received: stopping in-flight work, waiting for the engine's shutdown");
    routes
      .stop()
      .catch((error: unknown) => log.log("warn", "stop failed", { error: String((error as Error)?.name) }));
  });
  process.on("SIGTERM", () => {
    server.close();
    exit(0);
  });

  try {
    writeAllSync(1, handshakeLine(server.port, tls?.identity.certDer));
  } catch (error) {
    // stdout closed: the engine is gone or never read us. Nothing to serve.
    log.log("error", "could not write the handshake", {
      code: String((error as NodeJS.ErrnoException).code),
    });
    process.exit(1);
  }
  log.log("debug", "plugin started", { port: server.port, mtls: tls !== undefined });
  if (env.WXA_PROVIDER_EXIT_AFTER_HANDSHAKE === "1") exit(0); // bench/start.mjs only
}

/** stdout belongs to go-plugin; every escape route for text and crashes goes to stderr. */
function guardProcess(log: Logger): void {
  const toStderr = (...args: unknown[]) => writeStderr(`${args.map(String).join(" ")}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  console.error = toStderr;
  console.trace = toStderr;
  process.on("uncaughtException", (error) => {
    log.log("error", "uncaught exception", { error: error.name, stack: scrubStack(error.stack) });
    process.exit(1);
  });
  process.on("unhandledRejection", (reason) => {
    const error = reason instanceof Error ? reason : new Error(typeof reason);
    log.log("error", "unhandled rejection", { error: error.name, stack: scrubStack(error.stack) });
    process.exit(1);
  });
}

/** The stack's frames without its first line: that line carries the message, maybe a value. */
function scrubStack(stack: string | undefined): string {
  return (stack ?? "").split("\n").slice(1, 12).join("\n");
}

function writeStderr(text: string): void {
  try {
    writeAllSync(2, text);
  } catch {
    // stderr closed: nowhere left to say it.
  }
}
