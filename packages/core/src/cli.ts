/**
 * `wxa`: the client for people. Exit codes: 0 WeChat answered errcode 0; 1 WeChat answered an
 * errcode; 2 bad usage, input or credentials config; 3 WeChat could not be reached (or answered
 * something that is not a WeChat answer). Everything printed, stdout and stderr, text and JSON,
 * is scrubbed against the client's secret registry: the credentials of the environment and every
 * token fetched on the way.
 * `wxa events ...` (offline push tools) lives in cli-events.ts.
 */
import { parseArgs } from "node:util";
import { runEventsCli } from "./cli-events.js";
import { clientFromEnv, type WechatClient } from "./client.js";
import type { ResponseOf } from "./endpoints.js";
import { describeErrcode } from "./errcodes.js";
import {
  WechatApiError,
  WechatConfigError,
  WechatDeadlineError,
  WechatInputError,
  WechatTransportError,
  WxaError,
} from "./errors.js";
import { MAX_TIMER_MS, OPTION_RANGES, type Range, rangeProblem } from "./ranges.js";
import { SecretRegistry } from "./redact.js";
import { auditStatusName, nicknameAuditStatName } from "./status.js";
import { describeUnixSeconds } from "./unix-time.js";

export const EXIT = { ok: 0, errcode: 1, usage: 2, unreachable: 3 } as const;

const COMMON = `Options:
  --base-url <url>     WeChat API base URL (default: $WECHAT_API_BASE_URL or https://api.weixin.qq.com)
  --json               print WeChat's answer as JSON; on failure {"error": {errcode, errmsg, rid, meaning, fields?}}
  --attempts <n>       attempts in all for -1 and network failures, 1 to 100 (default 5)
  --deadline <ms>      total time for the call, retries included, 1 to ${MAX_TIMER_MS} (default 60000)
  -h, --help           show help

Credentials come from the environment: WECHAT_ACCESS_TOKEN, or the third-party platform flow's
WECHAT_COMPONENT_APPID, WECHAT_COMPONENT_APPSECRET, WECHAT_COMPONENT_VERIFY_TICKET,
WECHAT_AUTHORIZER_APPID and WECHAT_AUTHORIZER_REFRESH_TOKEN.

Exit codes: 0 ok; 1 WeChat answered an errcode; 2 bad usage or input; 3 WeChat unreachable.`;

interface Command {
  usage: string;
  summary: string;
  args: string[];
  run(client: WechatClient, args: string[]): Promise<{ answer: object; human: string }>;
}

const COMMANDS: Record<string, Command> = {
  "check-nickname": {
    usage: "wxa check-nickname <name>",
    summary: "May this name be used? (checkwxverifynickname)",
    args: ["name"],
    async run(client, [name]) {
      const a = await client.checkNickName({ nick_name: name! });
      return {
        answer: a,
        human: a.hit_condition
          ? `"${name}": passes the name check, but hits a keyword policy; supporting material is needed:\n  ${a.wording ?? ""}`
          : `"${name}": passes the name check.`,
      };
    },
  },
  "nickname-status": {
    usage: "wxa nickname-status <audit_id>",
    summary: "State of a nickname audit (api_wxa_querynickname)",
    args: ["audit_id"],
    async run(client, [id]) {
      const a = await client.getNickNameStatus({ audit_id: id! });
      const lines = [
        `nickname audit ${id}: ${nicknameAuditStatName(a.audit_stat)} (audit_stat ${a.audit_stat})`,
        `  nickname:    ${a.nickname}`,
        `  submitted:   ${describeUnixSeconds(a.create_time)}`,
      ];
      if (a.audit_time) lines.push(`  decided:     ${describeUnixSeconds(a.audit_time)}`);
      if (a.fail_reason) lines.push(`  fail reason: ${a.fail_reason}`);
      return { answer: a, human: lines.join("\n") };
    },
  },
  "audit-status": {
    usage: "wxa audit-status <auditid>",
    summary: "State of a code release audit (get_auditstatus)",
    args: ["auditid"],
    async run(client, [id]) {
      const a = await client.getAuditStatus({ auditid: id! });
      return { answer: a, human: describeAudit(`release audit ${id}`, a.status, a.reason, a.screenshot) };
    },
  },
  "latest-audit": {
    usage: "wxa latest-audit",
    summary: "State of the newest code release audit (get_latest_auditstatus)",
    args: [],
    async run(client) {
      const a: ResponseOf<"getLatestAuditStatus"> = await client.getLatestAuditStatus();
      return {
        answer: a,
        human: describeAudit(`latest release audit ${a.auditid}`, a.status, a.reason, a.ScreenShot),
      };
    },
  },
};

function describeAudit(label: string, status: number, reason?: string, screenshot?: string): string {
  const lines = [`${label}: ${auditStatusName(status)} (status ${status})`];
  if (reason) lines.push(`  reason:      ${reason}`);
  if (screenshot) lines.push(`  screenshots: ${screenshot.split("|").join(", ")}`);
  return lines.join("\n");
}

function topHelp(): string {
  const cmds = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`)
    .join("\n");
  const events = `  ${"events decrypt".padEnd(18)} Verify and decrypt a captured push (offline; see wxa events --help)`;
  return `wxa: query the WeChat mini-program audit and nickname APIs\n\nUsage: wxa <command> [options]\n\nCommands:\n${cmds}\n${events}\n\n${COMMON}`;
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  /** For `-` inputs (default: process.stdin). */
  stdin?: AsyncIterable<Uint8Array>;
}

/** The flags that take numbers, and the client option whose bounds they take. */
const NUMERIC_FLAGS: Record<"attempts" | "deadline", Range> = {
  attempts: OPTION_RANGES["retry.maxAttempts"],
  deadline: OPTION_RANGES["retry.deadlineMs"],
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "-h" || name === "--help" || name === "help") {
    io.stdout(topHelp());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === "events") return runEventsCli(rest, io);
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`wxa: unknown command "${name}"\n\n${topHelp()}`);
    return EXIT.usage;
  }
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(rest);
  } catch (err) {
    io.stderr(`wxa ${name}: ${(err as Error).message}\nUsage: ${command.usage}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage} [options]\n\n${COMMON}`);
    return EXIT.ok;
  }
  if (positionals.length !== command.args.length) {
    io.stderr(
      `wxa ${name}: expected ${command.args.map((a) => `<${a}>`).join(" ") || "no arguments"}\nUsage: ${command.usage}`,
    );
    return EXIT.usage;
  }
  const numbers: Partial<Record<keyof typeof NUMERIC_FLAGS, number>> = {};
  for (const [flag, range] of Object.entries(NUMERIC_FLAGS) as [keyof typeof NUMERIC_FLAGS, Range][]) {
    const raw = values[flag];
    if (raw === undefined) continue;
    // Digits only: Number() would also take "1e3", "0x10" and " 5 ".
    const n = /^[0-9]{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
    const problem = rangeProblem(`--${flag}`, n, range);
    if (problem) {
      io.stderr(`wxa ${name}: ${problem.replace(/, got .*$/, "")}, got "${raw}"\nUsage: ${command.usage}`);
      return EXIT.usage;
    }
    numbers[flag] = n;
  }

  // The environment's credentials are secrets before anything runs; the client adds every token
  // it fetches. Whatever is printed from here on goes through `say`.
  const secrets = new SecretRegistry();
  const say = (to: (s: string) => void, text: string) => to(secrets.scrub(text));
  let client: WechatClient | undefined;
  try {
    const env = values["base-url"] ? { ...io.env, WECHAT_API_BASE_URL: values["base-url"] } : io.env;
    client = clientFromEnv(env, {
      secrets,
      retry: {
        ...(numbers.attempts !== undefined && { maxAttempts: numbers.attempts }),
        ...(numbers.deadline !== undefined && { deadlineMs: numbers.deadline }),
      },
    });
    const { answer, human } = await command.run(client, positionals);
    say(io.stdout, values.json ? JSON.stringify(secrets.scrubDeep(answer)) : human);
    return EXIT.ok;
  } catch (err) {
    return reportFailure(name, secrets.scrubError(err), values.json === true, (to, text) =>
      say(to === "stdout" ? io.stdout : io.stderr, text),
    );
  } finally {
    await client?.close();
  }
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      "base-url": { type: "string" },
      json: { type: "boolean" },
      attempts: { type: "string" },
      deadline: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function reportFailure(
  name: string,
  err: unknown,
  json: boolean,
  say: (to: "stdout" | "stderr", text: string) => void,
): number {
  if (err instanceof WechatApiError) {
    const meaning = describeErrcode(err.errcode);
    if (json) {
      say(
        "stdout",
        JSON.stringify({
          error: {
            errcode: err.errcode,
            errmsg: err.errmsg,
            rid: err.rid ?? "",
            ...(err.hint && { hint: err.hint }),
            meaning,
            // The answer's other fields (91009's wording), scrubbed and bounded by the error.
            ...(Object.keys(err.fields).length > 0 && { fields: err.fields }),
          },
        }),
      );
    } else {
      const action = err.info?.action ? `\n  what to do: ${err.info.action}` : "";
      // Text fields WeChat adds to the answer, such as 91009's wording, as the applicant should read it.
      const extra = Object.entries(err.fields)
        .filter((f): f is [string, string] => typeof f[1] === "string" && f[1] !== "")
        .map(([k, v]) => `\n  ${k}: ${v}`)
        .join("");
      say(
        "stderr",
        // Name the interface: with the platform flow, a token call may be the one that failed.
        `wxa ${name}: WeChat answered ${err.endpoint} with errcode ${err.errcode}: ${meaning}\n  errmsg: ${err.errmsg}${extra}${action}`,
      );
    }
    return EXIT.errcode;
  }
  const code =
    err instanceof WechatTransportError || err instanceof WechatDeadlineError
      ? EXIT.unreachable
      : err instanceof WechatInputError || err instanceof WechatConfigError || err instanceof TypeError
        ? EXIT.usage
        : EXIT.unreachable;
  const message = err instanceof Error ? err.message : String(err);
  if (json) {
    say(
      "stdout",
      JSON.stringify({ error: { code: err instanceof WxaError ? err.code : "WXA_ERROR", message } }),
    );
  } else {
    say("stderr", `wxa ${name}: ${message}`);
  }
  return code;
}

/** The bin's entry (bin/wxa.js). */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(`${s}\n`),
    stderr: (s) => process.stderr.write(`${s}\n`),
    env: process.env,
  });
}
