/**
 * Provider logging: JSON lines on stderr in hclog's format, which go-plugin parses and re-emits
 * through the engine's own logger, so TF_LOG / TF_LOG_PROVIDER filter them like any Go
 * provider's lines. stdout is the go-plugin handshake channel and is never written here.
 *
 * Callers pass messages and field names they built themselves: never a config value, a
 * DynamicValue's content or a secret (attribute names and type names only).
 */
import { writeSync } from "node:fs";

export type Level = "trace" | "debug" | "info" | "warn" | "error";

const RANK: Record<Level, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };
const OFF = 5;

/**
 * The minimum level from TF_LOG_PROVIDER, else TF_LOG (the engine passes its environment on).
 * Unset or unrecognised: info, so a normal run stays quiet. "JSON" is Terraform's trace-in-JSON.
 */
export function levelFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || "").trim().toLowerCase();
  if (raw === "off") return OFF;
  if (raw === "json") return RANK.trace;
  if (raw === "warning") return RANK.warn;
  return raw in RANK ? RANK[raw as Level] : RANK.info;
}

export type Fields = Readonly<Record<string, string | number | boolean>>;

export interface Logger {
  log(level: Level, message: string, fields?: Fields): void;
  enabled(level: Level): boolean;
}

/**
 * hclog's JSON keys; extra fields become key/value pairs in the engine's log line. The
 * timestamp must have exactly six fractional digits: go-plugin parses it with the layout
 * "2006-01-02T15:04:05.000000Z07:00" and, when that fails, shows the raw JSON at DEBUG level
 * instead of re-levelling the message (seen with Terraform 1.11).
 */
export function formatLine(level: Level, message: string, fields: Fields | undefined, now: Date): string {
  return `${JSON.stringify({
    ...fields,
    "@level": level,
    "@message": message,
    "@module": "provider.wechat",
    "@timestamp": `${now.toISOString().slice(0, 23)}000Z`,
  })}\n`;
}

export function createLogger(env: NodeJS.ProcessEnv = process.env, fd = 2): Logger {
  const min = levelFromEnv(env);
  return {
    enabled: (level) => RANK[level] >= min,
    log(level, message, fields) {
      if (RANK[level] < min) return;
      try {
        // Synchronous: a line must not be lost when the process exits right after it.
        writeSync(fd, formatLine(level, message, fields, new Date()));
      } catch {
        // stderr closed (engine gone): nothing useful left to do with a log line.
      }
    },
  };
}
