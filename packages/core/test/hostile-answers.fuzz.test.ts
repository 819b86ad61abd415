/**
 * Property suite: a hostile WeChat on a real loopback port answers with random JSON shapes, huge
 * and digit-string numbers, prototype keys (`__proto__`, `constructor`, `toString`), deep
 * nesting, duplicate keys, and echoes of every token it issued or was sent. Through the client
 * and through `wxa` (its code, in this process), whatever it answers:
 *
 * - the outcome is typed: an answer, or a WxaError; `wxa` exits 0, 1 or 3, never with a raw
 *   JavaScript failure (TypeError, RangeError, "Invalid time value", a stack overflow) in sight;
 * - no token it issued, no credential, appears in anything returned, thrown or printed, as is
 *   or JSON-escaped;
 * - each run ends within a bound.
 *
 * Runs are few enough for `pnpm test`. A failure prints fast-check's seed and path; replay it
 * with `FC_SEED=<seed> FC_PATH=<path> pnpm --filter @wxa-audit/core exec vitest run test/hostile-answers.fuzz.test.ts`.
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { type EndpointName, platformToken, WechatClient, WxaError } from "../src/index.js";
import { type FakeWechat, type Recorded, type Reply, startFakeWechat } from "./support/fake-wechat.js";

const CREDENTIALS = {
  WECHAT_COMPONENT_APPID: "wxcomponentfuzz",
  WECHAT_COMPONENT_APPSECRET: "component-appsecret-FUZZ",
  WECHAT_COMPONENT_VERIFY_TICKET: "ticket@@@FUZZ-verify",
  WECHAT_AUTHORIZER_APPID: "wxauthorizerfuzz",
  WECHAT_AUTHORIZER_REFRESH_TOKEN: "refreshtoken@@@FUZZ",
};
const SECRET_CREDENTIALS = Object.values(CREDENTIALS).filter((v) => !v.startsWith("wx"));

/** Placeholders the server fills in per request, inside JSON strings. */
const SENT = "@@SENT@@";
const ISSUED = "@@ISSUED@@";
const SEED = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };
const PATH = process.env.FC_PATH === undefined ? {} : { path: process.env.FC_PATH };

// ---- what the server says -------------------------------------------------------------------

/** A JSON text, as a fragment: hostile things only text can carry (1e400, duplicate keys, depth). */
type Json = string;

const str = (s: string): Json => JSON.stringify(s);
const echoString = fc.constantFrom(`echo ${SENT}`, `${ISSUED}`, `x ${SENT} y ${ISSUED}`).map(str);

const HOSTILE_SCALARS: Json[] = [
  "1e400",
  "-1e400",
  "123456789012345678901234567890",
  "9007199254740993",
  "8640000000001",
  "-8640000000001",
  "9000000000000",
  "-0",
  "1.5",
  "0",
  '"00123"',
  '"99999999999999999999"',
  '"0"',
  '""',
  "null",
  "true",
  "false",
];
const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"];

const hostileValue: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...HOSTILE_SCALARS),
    echoString,
    fc.string({ maxLength: 12 }).map(str),
    fc.integer({ min: -(2 ** 53), max: 2 ** 53 }).map(String),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    fc.integer({ min: 50, max: 3000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 6 })), tie("v")), {
        maxLength: 4,
      })
      .map(objectText),
    fc.array(tie("v"), { maxLength: 3 }).map((xs) => `[${xs.join(",")}]`),
  ),
})).v;

function objectText(entries: Array<[string, Json]>): Json {
  return `{${entries.map(([k, v]) => `${str(k)}:${v}`).join(",")}}`;
}

/** The fields each endpoint's answer has, with a value of the right type for each. */
const FIELDS: Record<string, Record<string, fc.Arbitrary<Json>>> = {
  checkNickName: { hit_condition: fc.boolean().map(String), wording: echoString },
  getNickNameStatus: {
    nickname: echoString,
    audit_stat: fc.integer({ min: 0, max: 4 }).map(String),
    fail_reason: echoString,
    create_time: fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }).map(String),
    audit_time: fc.constantFrom("0", "8640000000000", "8640000000001", "-8640000000001", "1519724950"),
  },
  getAuditStatus: {
    status: fc.integer({ min: 0, max: 5 }).map(String),
    reason: echoString,
    screenshot: echoString,
  },
  getLatestAuditStatus: {
    auditid: fc.integer({ min: 1, max: 2 ** 40 }).map(String),
    status: fc.integer({ min: 0, max: 5 }).map(String),
    reason: echoString,
    ScreenShot: echoString,
    user_desc: echoString,
    submit_audit_time: fc.constantFrom("1", "9000000000000"),
  },
  queryQuota: {
    rest: fc.integer().map(String),
    limit: fc.integer().map(String),
    speedup_rest: fc.integer().map(String),
    speedup_limit: fc.integer().map(String),
  },
};

/** Mostly 0, so the success paths (formatting, scrubbing answers) are walked as often as failures. */
const errcodeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant("0") },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "-1",
      "40001",
      "85012",
      "45009",
      "61007",
      '"0"',
      '"abc"',
      "1e400",
      "null",
      "{}",
    ),
  },
);

/** An answer: WeChat-shaped with hostile fields mixed in, or anything at all. */
function answerFor(endpoint: string): fc.Arbitrary<Json> {
  const fields = FIELDS[endpoint] ?? {};
  const shaped = fc
    .tuple(
      errcodeArb,
      fc.oneof(echoString, hostileValue),
      fc.record(fields),
      fc.array(
        fc.tuple(
          fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...PROTO_KEYS) },
            { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
            // A known field with a hostile value: mostly the answer is then refused as a bad shape.
            { weight: 1, arbitrary: fc.constantFrom(...Object.keys(fields)) },
          ),
          hostileValue,
        ),
        { maxLength: 3 },
      ),
    )
    .map(([errcode, errmsg, good, bad]) =>
      objectText([["errcode", errcode], ["errmsg", errmsg], ...Object.entries(good), ...bad]),
    );
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: hostileValue });
}

/** A token the server issues: distinctive, with characters that JSON and URLs escape. */
const tokenArb = fc
  .tuple(
    fc.string({
      minLength: 4,
      maxLength: 10,
      unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    }),
    fc.string({
      maxLength: 8,
      unit: fc.constantFrom('"', "\\", "%", "&", "=", " ", "é", "<", "+", "/", "\u2028", "-", "_", "@"),
    }),
    fc.nat(9999),
  )
  .map(([a, b, n]) => `T${a}${b}${n}`);

/** Lifetimes the client accepts (an integer) or refuses (the answer is then not a token answer). */
const GOOD_LIFETIMES = ["7200", "0", "-5", "9007199254740991"];

interface TokenAnswer {
  /** The tokens in it, when the client will accept it: from then on the client has fetched them. */
  tokens: string[];
  text: Json;
}

/** A token endpoint's answer: usually good, sometimes refused (bad lifetime), sometimes an errcode. */
function tokenAnswer(field: string): fc.Arbitrary<TokenAnswer> {
  return fc.oneof(
    {
      weight: 10,
      arbitrary: fc
        .tuple(
          tokenArb,
          fc.oneof(
            { weight: 9, arbitrary: fc.constantFrom(...GOOD_LIFETIMES) },
            { weight: 1, arbitrary: fc.constantFrom("1e400", '"7200"') },
          ),
          fc.option(tokenArb),
        )
        .map(([token, expires, rotated]) => {
          const rotates = rotated !== null && field === "authorizer_access_token";
          return {
            tokens: GOOD_LIFETIMES.includes(expires) ? [token, ...(rotates ? [rotated] : [])] : [],
            text: objectText([
              [field, str(token)],
              ["expires_in", expires],
              ["errmsg", str(`issued ${SENT}`)],
              ...(rotates ? ([["authorizer_refresh_token", str(rotated)]] as Array<[string, Json]>) : []),
            ]),
          };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("-1", "40001", "61007", '"x"'), hostileValue)
        .map(([errcode, v]) => ({
          tokens: [],
          text: objectText([
            ["errcode", errcode],
            ["errmsg", str(`no ${SENT} ${ISSUED}`)],
            ["x", v],
          ]),
        })),
    },
  );
}

/** One run's answers, in order per endpoint (the last repeats). */
interface Plan {
  component: TokenAnswer[];
  authorizer: TokenAnswer[];
  answers: Json[];
}

const planArb = (endpoint: string): fc.Arbitrary<Plan> =>
  fc.record({
    component: fc.array(tokenAnswer("component_access_token"), { minLength: 1, maxLength: 2 }),
    authorizer: fc.array(tokenAnswer("authorizer_access_token"), { minLength: 1, maxLength: 2 }),
    answers: fc.array(answerFor(endpoint), { minLength: 1, maxLength: 2 }),
  });

// ---- the server ------------------------------------------------------------------------------

let wx: FakeWechat;
let plan: Plan = { component: [], authorizer: [], answers: [] };
let served = { component: 0, authorizer: 0, answers: 0 };
/** Tokens handed out in answers the client accepts: what it has fetched, so far, this run. */
let fetched: string[] = [];

function take<T>(list: T[], i: number): T {
  return list[Math.min(i, list.length - 1)]!;
}

function serve(req: Recorded): Reply {
  const sent = req.query.access_token ?? req.query.component_access_token ?? "";
  let text: Json;
  let tokens: string[] = [];
  if (req.path.endsWith("/api_component_token"))
    ({ text, tokens } = take(plan.component, served.component++));
  else if (req.path.endsWith("/api_authorizer_token"))
    ({ text, tokens } = take(plan.authorizer, served.authorizer++));
  else text = take(plan.answers, served.answers++);
  const inString = (s: string) => JSON.stringify(s).slice(1, -1);
  // Echo what was fetched before this answer; then count this answer's tokens as fetched.
  const body = text.replaceAll(SENT, inString(sent)).replaceAll(ISSUED, inString(fetched.join(" ")));
  fetched.push(...tokens);
  return { body };
}

beforeAll(async () => {
  wx = await startFakeWechat(serve);
});
afterAll(() => wx.close());

function reset(next: Plan): void {
  plan = next;
  served = { component: 0, authorizer: 0, answers: 0 };
  fetched = [];
}

// ---- what must hold --------------------------------------------------------------------------

const RAW_FAILURES = [
  "TypeError",
  "RangeError",
  "Invalid time value",
  "Maximum call stack",
  "Cannot convert",
];

function leaks(texts: string[], secrets: string[]): string | undefined {
  for (const text of texts)
    for (const s of secrets)
      for (const form of [s, JSON.stringify(s).slice(1, -1)])
        if (text.includes(form)) return `${JSON.stringify(form)} in ${JSON.stringify(text.slice(0, 400))}`;
  return undefined;
}

function renderings(v: unknown): string[] {
  const e = v as { message?: unknown; stack?: unknown; toJSON?: () => unknown };
  return [
    String(e?.message),
    String(e?.stack),
    String(JSON.stringify(v)),
    String(JSON.stringify(e?.toJSON?.())),
    inspect(v, { depth: 6 }),
  ];
}

/** Each command, the endpoint it reads, and its arguments; the client calls that endpoint with REQUESTS. */
const COMMANDS: Array<[string, EndpointName, string[]]> = [
  ["check-nickname", "checkNickName", ["Fuzzy"]],
  ["nickname-status", "getNickNameStatus", ["12"]],
  ["audit-status", "getAuditStatus", ["34"]],
  ["latest-audit", "getLatestAuditStatus", []],
];

const REQUESTS: Partial<Record<EndpointName, object>> = {
  checkNickName: { nick_name: "Fuzzy" },
  getNickNameStatus: { audit_id: 12 },
  getAuditStatus: { auditid: 34 },
};

describe("hostile answers", () => {
  it("through the client: typed outcomes, no secret, each run ended by the client's own timeouts", async () => {
    const endpoints: EndpointName[] = [...COMMANDS.map((c) => c[1]), "queryQuota"];
    const arb = fc
      .constantFrom(...endpoints)
      .chain((endpoint) => fc.tuple(fc.constant(endpoint), planArb(endpoint)));
    await fc.assert(
      fc.asyncProperty(arb, async ([endpoint, p]) => {
        reset(p);
        const client = new WechatClient({
          baseUrl: wx.url,
          timeoutMs: 5_000,
          retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
          token: platformToken({
            componentAppId: CREDENTIALS.WECHAT_COMPONENT_APPID,
            componentAppSecret: CREDENTIALS.WECHAT_COMPONENT_APPSECRET,
            componentVerifyTicket: CREDENTIALS.WECHAT_COMPONENT_VERIFY_TICKET,
            authorizerAppId: CREDENTIALS.WECHAT_AUTHORIZER_APPID,
            authorizerRefreshToken: CREDENTIALS.WECHAT_AUTHORIZER_REFRESH_TOKEN,
          }),
        });
        const outcome = await client.call(endpoint, (REQUESTS[endpoint] ?? {}) as never).then(
          (answer) => ({ answer }),
          (error: unknown) => ({ error }),
        );
        await client.close();
        if ("error" in outcome) expect(outcome.error, inspect(outcome.error)).toBeInstanceOf(WxaError);
        const texts = renderings("error" in outcome ? outcome.error : outcome.answer);
        expect(leaks(texts, [...SECRET_CREDENTIALS, ...fetched])).toBeUndefined();
      }),
      { numRuns: 120, ...SEED, ...PATH },
    );
  }, 60_000);

  it("through wxa: exit 0, 1 or 3, no raw failure, no secret", async () => {
    const arb = fc
      .tuple(fc.constantFrom(...COMMANDS), fc.boolean())
      .chain(([command, json]) => fc.tuple(fc.constant(command), fc.constant(json), planArb(command[1])));
    await fc.assert(
      fc.asyncProperty(arb, async ([[command, , args], json, p]) => {
        reset(p);
        let out = "";
        // One attempt: the CLI's backoff is real time (a token refresh on 40001 still happens).
        const code = await runCli([command, ...args, "--attempts", "1", ...(json ? ["--json"] : [])], {
          stdout: (s) => (out += `${s}\n`),
          stderr: (s) => (out += `${s}\n`),
          env: { WECHAT_API_BASE_URL: wx.url, ...CREDENTIALS },
        });
        expect([0, 1, 3], out).toContain(code);
        for (const raw of RAW_FAILURES) expect(out).not.toContain(raw);
        expect(leaks([out], [...SECRET_CREDENTIALS, ...fetched])).toBeUndefined();
        if (json) expect(() => JSON.parse(out), out).not.toThrow();
      }),
      { numRuns: 100, ...SEED, ...PATH },
    );
  }, 60_000);
});
