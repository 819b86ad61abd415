/**
 * `wxa`: the client for people. Exit codes: 0 WeChat answered errcode 0; 1 WeChat answered an
 * errcode; 2 bad usage, input or credentials config; 3 WeChat could not be reached.
 * `wxa events ...` (offline push tools) lives in cli-events.ts.
 */
import { parseArgs } from "node:util";
import { runEventsCli } from "./cli-events.js";
import { clientFromEnv } from "./client.js";
import type { ResponseOf } from "./endpoints.js";
import { describeErrcode } from "./errcodes.js";
import {
  WechatApiError,
  WechatConfigError,
  WechatDeadlineError,
  WechatInputError,
  WechatTransportError,
} from "./errors.js";
import { auditStatusName, nicknameAuditStatName } from "./status.js";

export const EXIT = { ok: 0, errcode: 1, usage: 2, unreachable: 3 } as const;

const COMMON = `Options:
  --base-url <url>     WeChat API base URL (default: $WECHAT_API_BASE_URL or https://api.weixin.qq.com)
  --json               print WeChat's answer as JSON; on failure {"error": {errcode, errmsg, rid, meaning}}
  --attempts <n>       attempts in all for -1 and network failures (default 5)
  --deadline <ms>      total time for the call, retries included (default 60000)
  -h, --help           show help

Credentials come from the environment: WECHAT_ACCESS_TOKEN, or the third-party platform flow's
WECHAT_COMPONENT_APPID, WECHAT_COMPONENT_APPSECRET, WECHAT_COMPONENT_VERIFY_TICKET,
WECHAT_AUTHORIZER_APPID and WECHAT_AUTHORIZER_REFRESH_TOKEN.

Exit codes: 0 ok; 1 WeChat answered an errcode; 2 bad usage or input; 3 WeChat unreachable.`;

interface Command {
  usage: string;
  summary: string;
  args: string[];
  run(client: ReturnType<typeof clientFromEnv>, args: string[]): Promise<{ answer: object; human: string }>;
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
        `  submitted:   ${unixTime(a.create_time)}`,
      ];
      if (a.audit_time) lines.push(`  decided:     ${unixTime(a.audit_time)}`);
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

function unixTime(s: number): string {
  return `${new Date(s * 1000).toISOString()} (${s})`;
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

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "-h" || name === "--help" || name === "help") {
    io.stdout(topHelp());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === "events") return runEventsCli(rest, io);
  const command = COMMANDS[name];
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
  const attempts = values.attempts === undefined ? undefined : Number(values.attempts);
  const deadline = values.deadline === undefined ? undefined : Number(values.deadline);
  if ((attempts !== undefined && !(attempts >= 1)) || (deadline !== undefined && !(deadline > 0))) {
    io.stderr(`wxa ${name}: --attempts must be >= 1 and --deadline > 0`);
    return EXIT.usage;
  }

  let client: ReturnType<typeof clientFromEnv> | undefined;
  try {
    const env = values["base-url"] ? { ...io.env, WECHAT_API_BASE_URL: values["base-url"] } : io.env;
    client = clientFromEnv(env, {
      retry: {
        ...(attempts !== undefined && { maxAttempts: attempts }),
        ...(deadline !== undefined && { deadlineMs: deadline }),
      },
    });
    const { answer, human } = await command.run(client, positionals);
    io.stdout(values.json ? JSON.stringify(answer) : human);
    return EXIT.ok;
  } catch (err) {
    return reportFailure(name, err, values.json === true, io);
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

function reportFailure(name: string, err: unknown, json: boolean, io: CliIo): number {
  if (err instanceof WechatApiError) {
    const meaning = describeErrcode(err.errcode);
    if (json) {
      io.stdout(
        JSON.stringify({ error: { errcode: err.errcode, errmsg: err.errmsg, rid: err.rid ?? "", meaning } }),
      );
    } else {
      const action = err.info?.action ? `\n  what to do: ${err.info.action}` : "";
      io.stderr(
        // Name the interface: with the platform flow, a token call may be the one that failed.
        `wxa ${name}: WeChat answered ${err.endpoint} with errcode ${err.errcode}: ${meaning}\n  errmsg: ${err.errmsg}${action}`,
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
    io.stdout(JSON.stringify({ error: { code: (err as { code?: string }).code ?? "WXA_ERROR", message } }));
  } else {
    io.stderr(`wxa ${name}: ${message}`);
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
