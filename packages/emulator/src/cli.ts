/**
 * `wxa-emulator`: starts the emulator listener and prints one ready line with its URL.
 * SIGINT/SIGTERM close it cleanly.
 */
import { parseArgs } from "node:util";
import { AllowedHostSchema } from "./admin/browser-guard.js";
import { ConfigError } from "./config.js";
import { parseLimitFlag } from "./limit-options.js";
import type { Limits } from "./limits.js";
import { isWildcardHost, startEmulator, urlHost } from "./start.js";

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
  --admin-allowed-host <h>
                       a host name besides localhost, 127.0.0.0/8 and [::1] that admin
                       requests may be addressed to (repeatable, or comma-separated;
                       .example.test: a domain and its subdomains; *: any)
  --config-max-bytes <n>
                       largest config file read (default 1048576)
  --limit <name=value> override a limit, e.g. --limit journalBytes=128MiB (repeatable;
                       byte limits take KiB/MiB/GiB; the names and ranges are in the README)
  -h, --help           show this help

Admin API: <url>/__admin (OpenAPI at <url>/__admin/openapi.json). It answers only
requests addressed to a loopback name or an allowed host, without a cross-origin
Origin, with JSON bodies: a web page cannot drive it.`;

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
        "admin-allowed-host": { type: "string", multiple: true },
        "config-max-bytes": { type: "string" },
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
  const configMaxBytes =
    values["config-max-bytes"] === undefined ? undefined : Number(values["config-max-bytes"]);
  if (configMaxBytes !== undefined && (!Number.isSafeInteger(configMaxBytes) || configMaxBytes < 1)) {
    process.stderr.write(
      `wxa-emulator: --config-max-bytes must be a positive integer, got ${String(values["config-max-bytes"])}\n`,
    );
    return 2;
  }
  const allowed = ((values["admin-allowed-host"] as string[] | undefined) ?? []).flatMap((h) =>
    h.split(",").filter((x) => x.trim() !== ""),
  );
  const badHost = allowed.find((h) => !AllowedHostSchema.safeParse(h).success);
  if (badHost !== undefined) {
    process.stderr.write(
      `wxa-emulator: --admin-allowed-host must be a host name, .domain, an IP address or *, without a port; got ${JSON.stringify(badHost)}\n`,
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
      ...(allowed.length > 0 && { adminAllowedHosts: allowed }),
      ...(configMaxBytes !== undefined && { configMaxBytes }),
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
  if (isWildcardHost(host) && running.emulator.adminAllowedHosts.length === 0) {
    process.stderr.write(
      `wxa-emulator: note: listening on every interface (${host}), but the admin API answers only requests addressed to localhost, 127.0.0.0/8 or [::1]; to reach it by another name or address (http://emulator:PORT/__admin from another container, http://192.168.1.5:PORT/__admin), add --admin-allowed-host <that name or address> (or adminAllowedHosts in the config). The WeChat surface answers any host.\n`,
    );
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
