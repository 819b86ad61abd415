/**
 * `wxa-emulator`: starts the emulator listener and prints one ready line with its URL.
 * SIGINT/SIGTERM close it cleanly.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "./config.js";
import { parseLimitFlag } from "./limit-options.js";
import type { Limits } from "./limits.js";
import { startEmulator, urlHost } from "./start.js";

const HELP = `wxa-emulator: an offline emulator of the WeChat mini-program audit and nickname APIs

Usage: wxa-emulator [options]

Options:
  --port <n>           port to listen on; 0 picks a free one (default 0)
  --host <host>        interface to bind (default 127.0.0.1)
  --seed <seed>        seed ids, rids and reasons; the clock starts frozen at a fixed instant
  --config <file>      YAML or JSON config: tenants, audits, name rules, faults, clock
  --strict-tokens      accept only tokens issued by the emulator's token endpoints
  --admin-token <t>    require "Authorization: Bearer <t>" on /__admin
                       (default: the WXA_EMULATOR_ADMIN_TOKEN environment variable)
  --limit <name=value> override a limit, e.g. --limit journalBytes=128MiB (repeatable;
                       byte limits take KiB/MiB/GiB; the names and ranges are in the README)
  -h, --help           show this help

Admin API: <url>/__admin (OpenAPI at <url>/__admin/openapi.json)`;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        config: { type: "string" },
        "strict-tokens": { type: "boolean" },
        "admin-token": { type: "string" },
        limit: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`wxa-emulator: ${(err as Error).message}\nTry --help.\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(
      `wxa-emulator: --port must be an integer from 0 to 65535, got ${String(values.port)}\n`,
    );
    return 2;
  }
  const host = (values.host as string | undefined) ?? "127.0.0.1";
  const adminToken =
    (values["admin-token"] as string | undefined) || process.env.WXA_EMULATOR_ADMIN_TOKEN || undefined;
  const seedText = values.seed as string | undefined;
  const seed = seedText === undefined ? undefined : /^-?\d+$/.test(seedText) ? Number(seedText) : seedText;

  const limits: Partial<Record<keyof Limits, number>> = {};
  for (const flag of (values.limit as string[] | undefined) ?? []) {
    try {
      const [name, value] = parseLimitFlag(flag);
      limits[name] = value;
    } catch (err) {
      process.stderr.write(`wxa-emulator: ${(err as Error).message}\n`);
      return 2;
    }
  }

  if (!LOOPBACK.has(host) && adminToken === undefined) {
    process.stderr.write(
      `wxa-emulator: warning: listening on ${host} without an admin token: anyone who can reach it can change its state (set --admin-token or WXA_EMULATOR_ADMIN_TOKEN)\n`,
    );
  }
  let running: Awaited<ReturnType<typeof startEmulator>>;
  try {
    running = await startEmulator({
      port,
      host,
      ...(seed !== undefined && { seed }),
      ...(values.config !== undefined && { config: values.config as string }),
      ...(values["strict-tokens"] && { strictTokens: true }),
      ...(adminToken !== undefined && { adminToken }),
      limits,
    });
  } catch (err) {
    // An out-of-range --limit is a usage error, like a bad --port.
    if (err instanceof RangeError && /^limits\./.test(err.message)) {
      process.stderr.write(`wxa-emulator: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(
      `wxa-emulator: ${err instanceof ConfigError ? err.message : `cannot start: ${(err as Error).message}`}\n`,
    );
    return 1;
  }
  // Signal handlers first, the ready line after: whoever waits for the line may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void running.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  const em = running.emulator;
  const { port: bound } = running.server.address() as { port: number };
  process.stdout.write(
    `wxa-emulator listening on http://${urlHost(host)}:${bound} (seed ${em.seeded ? String(em.seed) : "random"}, ${em.strict ? "strict" : "lenient"} tokens)\n`,
  );
  await stopped;
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`wxa-emulator: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
