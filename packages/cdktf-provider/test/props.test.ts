// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform references, meant literally
/**
 * Every prop of every construct: a Terraform token (a TerraformVariable's value, another block's
 * attribute, an Fn.* expression) synthesizes to its reference unchanged; a bad literal fails at
 * synth with `<construct path>: <prop> must be ...`, the one form of every synth error.
 */
import { App, Fn, TerraformStack, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import {
  AuditStatus,
  type AuditStatusName,
  type OnHitCondition,
  type Severity,
  WechatAuditQuota,
  type WechatCheck,
  WechatCodeAudit,
  WechatLatestCodeAudit,
  WechatNicknameAudit,
  WechatNicknameCheck,
} from "../src/index.js";
import { MAX_SHOWN_CHARS } from "../src/props.js";
import { type Json, onlyData, synth, wechatProviders } from "./helpers.js";

type Props = Record<string, unknown>;
type Kind = "string" | "number" | "list";

/** Each construct with the props it requires, and its data source type. */
const CONSTRUCTS: {
  name: string;
  type: string;
  make: (scope: Construct, id: string, props: Props) => WechatCheck;
}[] = [
  {
    name: "WechatNicknameCheck",
    type: "wechat_nickname_check",
    make: (s, id, p) => new WechatNicknameCheck(s, id, { nickName: "Quiet Harbor", ...p }),
  },
  {
    name: "WechatNicknameAudit",
    type: "wechat_nickname_audit",
    make: (s, id, p) => new WechatNicknameAudit(s, id, { auditId: 1, ...p }),
  },
  {
    name: "WechatCodeAudit",
    type: "wechat_code_audit",
    make: (s, id, p) => new WechatCodeAudit(s, id, { auditId: 1, ...p }),
  },
  {
    name: "WechatLatestCodeAudit",
    type: "wechat_latest_code_audit",
    make: (s, id, p) => new WechatLatestCodeAudit(s, id, p),
  },
  {
    name: "WechatAuditQuota",
    type: "wechat_audit_quota",
    make: (s, id, p) => new WechatAuditQuota(s, id, p),
  },
];

/** Props of the data source: the prop, its kind, the synthesized attribute, the constructs having it. */
const DATA_PROPS: { prop: string; kind: Kind; attr: string; only?: string[] }[] = [
  { prop: "severity", kind: "string", attr: "severity" },
  { prop: "timeBudgetMs", kind: "number", attr: "time_budget_ms" },
  { prop: "retryBaseDelayMs", kind: "number", attr: "retry_base_delay_ms" },
  { prop: "retryMaxAttempts", kind: "number", attr: "retry_max_attempts" },
  { prop: "requestTimeoutMs", kind: "number", attr: "request_timeout_ms" },
  { prop: "nickName", kind: "string", attr: "nick_name", only: ["WechatNicknameCheck"] },
  { prop: "onHitCondition", kind: "string", attr: "on_hit_condition", only: ["WechatNicknameCheck"] },
  { prop: "auditId", kind: "number", attr: "audit_id", only: ["WechatNicknameAudit", "WechatCodeAudit"] },
  { prop: "expect", kind: "string", attr: "expect", only: ["WechatNicknameAudit"] },
  {
    prop: "allowedStatuses",
    kind: "list",
    attr: "allowed_statuses",
    only: ["WechatCodeAudit", "WechatLatestCodeAudit"],
  },
  { prop: "minRest", kind: "number", attr: "min_rest", only: ["WechatAuditQuota"] },
];

/** Props of the provider: the prop (a `platformVars` key as `platformVars.key`) and its attribute. */
const PROVIDER_PROPS: { prop: string; path: string[] }[] = [
  { prop: "baseUrl", path: ["base_url"] },
  { prop: "accessTokenVar", path: ["env_names", "access_token"] },
  { prop: "platformVars.componentAppId", path: ["env_names", "component_appid"] },
  { prop: "platformVars.componentAppSecret", path: ["env_names", "component_appsecret"] },
  { prop: "platformVars.componentVerifyTicket", path: ["env_names", "component_verify_ticket"] },
  { prop: "platformVars.authorizerAppId", path: ["env_names", "authorizer_appid"] },
  { prop: "platformVars.authorizerRefreshToken", path: ["env_names", "authorizer_refresh_token"] },
];

const LATEST = "data.wechat_latest_code_audit.source_result";

/** Ways to make a token of each kind, and the reference each must synthesize to. */
const TOKENS: {
  source: string;
  make: (scope: Construct, kind: Kind) => unknown;
  ref: (kind: Kind) => RegExp;
}[] = [
  {
    source: "a TerraformVariable, typed accessor",
    make: (s, kind) => {
      const v = new TerraformVariable(s, "v", { type: kind === "list" ? "list(string)" : kind });
      return kind === "string" ? v.stringValue : kind === "number" ? v.numberValue : v.listValue;
    },
    ref: () => /^\$\{var\.v\}$/,
  },
  {
    source: "a TerraformVariable's value",
    make: (s, kind) => new TerraformVariable(s, "v", { type: kind === "list" ? "list(string)" : kind }).value,
    ref: () => /^\$\{var\.v\}$/,
  },
  {
    source: "another block's attribute",
    make: (s, kind) => {
      const other = new WechatLatestCodeAudit(s, "source");
      return kind === "string" ? other.userVersion : kind === "number" ? other.auditId : other.screenshots;
    },
    ref: (kind) => {
      const attr = kind === "string" ? "user_version" : kind === "number" ? "audit_id" : "screenshots";
      return new RegExp(`^\\$\\{${LATEST.replace(/\./g, "\\.")}_\\w+\\.${attr}\\}$`);
    },
  },
  {
    source: "an Fn expression",
    make: (s, kind) => {
      const v = new TerraformVariable(s, "v", { type: kind === "list" ? "list(string)" : "string" });
      return kind === "string"
        ? Fn.trimspace(v.stringValue)
        : kind === "number"
          ? Fn.tonumber(v.stringValue)
          : Fn.compact(v.listValue);
    },
    ref: (kind) =>
      kind === "string"
        ? /^\$\{trimspace\(var\.v\)\}$/
        : kind === "number"
          ? /^\$\{tonumber\(var\.v\)\}$/
          : /^\$\{compact\(var\.v\)\}$/,
  },
];

/** `{ a: { b: v } }` for `"a.b"`. */
function propsAt(prop: string, value: unknown): Props {
  const [head, ...rest] = prop.split(".");
  return { [head!]: rest.length === 0 ? value : propsAt(rest.join("."), value) };
}

/** The one block of `type` made by the construct `id` (the token's source may add another). */
function blockOf(json: Json, type: string, id: string): Json {
  const entries = Object.entries((json.data?.[type] ?? {}) as Record<string, Json>).filter(([name]) =>
    name.startsWith(`${id}_result_`),
  );
  expect(entries, `data.${type} of ${id}`).toHaveLength(1);
  return entries[0]![1];
}

describe.each(CONSTRUCTS)("$name: a token", ({ name, type, make }) => {
  const props = DATA_PROPS.filter((p) => !p.only || p.only.includes(name));
  const cases = props.flatMap((p) => TOKENS.map((t) => ({ ...p, ...t })));

  it.each(cases)(
    "for $prop from $source synthesizes to its reference",
    ({ prop, kind, attr, make: token, ref }) => {
      const { json } = synth((s) => {
        make(s, "check", { [prop]: token(s, kind) });
      });
      expect(blockOf(json, type, "check")[attr]).toMatch(ref(kind));
    },
  );

  it.each(PROVIDER_PROPS.flatMap((p) => TOKENS.map((t) => ({ ...p, ...t }))))(
    "for $prop from $source configures its provider with the reference",
    ({ prop, path, make: token, ref }) => {
      const { json } = synth((s) => {
        make(s, "check", propsAt(prop, token(s, "string")));
      });
      const alias = /^wechat\.(wxa_\w+)$/.exec(blockOf(json, type, "check").provider)?.[1];
      const provider = wechatProviders(json).find((p) => p.alias === alias);
      expect(provider, `the aliased provider of ${alias}`).toBeDefined();
      expect(path.reduce((o: Json, k) => o?.[k], provider!)).toMatch(ref("string"));
    },
  );
});

it("typed TypeScript takes tokens as written: numbers and strings as they are, closed string sets with a cast", () => {
  const { json } = synth((s) => {
    const id = new TerraformVariable(s, "id", { type: "number" });
    const text = new TerraformVariable(s, "text", { type: "string" });
    const list = new TerraformVariable(s, "list", { type: "list(string)" });
    new WechatCodeAudit(s, "c", {
      auditId: id.numberValue,
      allowedStatuses: list.listValue as AuditStatusName[],
      severity: text.stringValue as Severity,
      timeBudgetMs: id.numberValue,
      baseUrl: text.stringValue,
    });
    new WechatNicknameCheck(s, "n", {
      nickName: text.stringValue,
      onHitCondition: text.stringValue as OnHitCondition,
      accessTokenVar: text.stringValue,
      platformVars: { authorizerAppId: text.stringValue },
    });
    new WechatNicknameAudit(s, "a", { auditId: text.stringValue, expect: text.value });
    new WechatAuditQuota(s, "q", { minRest: id.numberValue });
  });
  expect(onlyData(json, "wechat_code_audit").block).toMatchObject({
    audit_id: "${var.id}",
    allowed_statuses: "${var.list}",
    severity: "${var.text}",
    time_budget_ms: "${var.id}",
  });
  expect(onlyData(json, "wechat_nickname_audit").block).toMatchObject({
    audit_id: "${var.text}",
    expect: "${var.text}",
  });
  expect(onlyData(json, "wechat_audit_quota").block.min_rest).toBe("${var.id}");
});

it("checks given the same variable for a provider-level prop share one aliased provider", () => {
  const { json } = synth((s) => {
    const url = new TerraformVariable(s, "url", { type: "string" });
    const token = new TerraformVariable(s, "token_var", { type: "string" });
    // Each read of stringValue is a new token for the same var.url.
    new WechatNicknameCheck(s, "a", { nickName: "A", baseUrl: url.stringValue, accessTokenVar: token.value });
    new WechatAuditQuota(s, "b", { baseUrl: url.stringValue, accessTokenVar: token.stringValue });
    new WechatAuditQuota(s, "c", { baseUrl: url.stringValue });
  });
  const providers = wechatProviders(json);
  expect(providers).toHaveLength(2);
  expect(providers).toContainEqual({
    alias: expect.stringMatching(/^wxa_/),
    base_url: "${var.url}",
    env_names: { access_token: "${var.token_var}" },
  });
  expect(providers).toContainEqual({ alias: expect.stringMatching(/^wxa_/), base_url: "${var.url}" });
});

describe("tokens inside a prop", () => {
  it("allowedStatuses: a name token and a number token (another audit's status) as elements", () => {
    const { json } = synth((s) => {
      const other = new WechatLatestCodeAudit(s, "source");
      const name = new TerraformVariable(s, "name", { type: "string" });
      new WechatLatestCodeAudit(s, "check", {
        allowedStatuses: [AuditStatus.Approved, name.stringValue as "approved", other.status as AuditStatus],
      });
    });
    const [approved, name, status] = blockOf(json, "wechat_latest_code_audit", "check").allowed_statuses;
    expect(approved).toBe("approved");
    expect(name).toBe("${var.name}");
    // A number is a status by core's table: the same mapping a literal gets, done by Terraform.
    expect(status).toMatch(
      /^\$\{lookup\(\{.*"4" = "deferred".*\}, tostring\(data\.wechat_latest_code_audit\.source_result_\w+\.status\)/,
    );
  });

  it("auditId: a number token made text (`${v.numberValue}`) is the token, not its digits", () => {
    const { json } = synth((s) => {
      const id = new TerraformVariable(s, "id", { type: "number" });
      new WechatCodeAudit(s, "check", { auditId: `${id.numberValue}` });
      new WechatNicknameAudit(s, "rename", { auditId: String(id.numberValue) });
    });
    expect(onlyData(json, "wechat_code_audit").block.audit_id).toBe("${var.id}");
    expect(onlyData(json, "wechat_nickname_audit").block.audit_id).toBe("${var.id}");
  });

  it("nickName: text around a token is a token", () => {
    const { json } = synth((s) => {
      const n = new TerraformVariable(s, "n", { type: "number" });
      const env = new TerraformVariable(s, "env", { type: "string" });
      new WechatNicknameCheck(s, "check", { nickName: `Shop ${env.stringValue} ${n.numberValue}` });
    });
    expect(onlyData(json, "wechat_nickname_check").block.nick_name).toBe("Shop ${var.env} ${var.n}");
  });

  it("the construct's own fields show what was sent", () => {
    synth((s) => {
      const v = new TerraformVariable(s, "v", { type: "string" });
      const check = new WechatNicknameCheck(s, "n", { nickName: v.value, onHitCondition: v.value });
      expect(Token.isUnresolved(check.nickName)).toBe(true);
      expect(Token.isUnresolved(check.onHitCondition)).toBe(true);
      expect(Token.isUnresolved(check.severity)).toBe(false);
      const audit = new WechatCodeAudit(s, "c", { auditId: v.value, allowedStatuses: v.value });
      expect(Token.isUnresolved(audit.auditId)).toBe(true);
      expect(audit.allowedStatuses).toEqual([]); // no literal status to report
    });
  });
});

describe("a literal that is wrong fails at synth, naming the construct path and the prop", () => {
  const nested = (declare: (scope: Construct) => void) => () => {
    const stack = new TerraformStack(new App(), "st");
    declare(new Construct(stack, "team"));
  };
  // [construct, props, prop named, the literal the message shows (undefined: must not show it)]
  const cases: [string, Props, string, string | undefined][] = [
    ["WechatNicknameCheck", { nickName: "  " }, "nickName", '"  "'],
    ["WechatNicknameCheck", { nickName: 42 }, "nickName", "42"],
    ["WechatNicknameCheck", { onHitCondition: "no" }, "onHitCondition", '"no"'],
    ["WechatNicknameAudit", { auditId: 0 }, "auditId", "0"],
    ["WechatNicknameAudit", { auditId: "12a" }, "auditId", '"12a"'],
    ["WechatNicknameAudit", { auditId: -8.1e298 }, "auditId", "-8.1e+298"],
    ["WechatNicknameAudit", { expect: "done" }, "expect", '"done"'],
    ["WechatCodeAudit", { auditId: 1.5 }, "auditId", "1.5"],
    ["WechatCodeAudit", { allowedStatuses: [] }, "allowedStatuses", "[]"],
    ["WechatCodeAudit", { allowedStatuses: ["approved", 9] }, "allowedStatuses[1]", "9"],
    ["WechatLatestCodeAudit", { allowedStatuses: ["passed"] }, "allowedStatuses[0]", '"passed"'],
    ["WechatAuditQuota", { minRest: -1 }, "minRest", "-1"],
    ["WechatAuditQuota", { severity: "fatal" }, "severity", '"fatal"'],
    ["WechatAuditQuota", { timeBudgetMs: 1.5 }, "timeBudgetMs", "1.5"],
    ["WechatAuditQuota", { retryBaseDelayMs: -1 }, "retryBaseDelayMs", "-1"],
    ["WechatAuditQuota", { retryMaxAttempts: 0 }, "retryMaxAttempts", "0"],
    ["WechatAuditQuota", { requestTimeoutMs: "5s" }, "requestTimeoutMs", '"5s"'],
    ["WechatAuditQuota", { baseUrl: "nope" }, "baseUrl", '"nope"'],
    ["WechatAuditQuota", { baseUrl: "http://u:hunter2@x" }, "baseUrl", undefined],
    ["WechatAuditQuota", { accessTokenVar: "" }, "accessTokenVar", '""'],
    ["WechatAuditQuota", { platformVars: { authorizerAppId: "" } }, "platformVars.authorizerAppId", '""'],
    ["WechatAuditQuota", { platformVars: { authorizerAppid: "X" } }, "platformVars", '"authorizerAppid"'],
  ];
  it.each(cases)("%s %j: %s", (construct, props, prop, shown) => {
    const { make } = CONSTRUCTS.find((c) => c.name === construct)!;
    let message = "";
    try {
      nested((scope) => make(scope, "check", props))();
    } catch (e) {
      message = (e as Error).message;
    }
    const quoted = prop.replace(/[.[\]]/g, "\\$&");
    expect(message).toMatch(new RegExp(`^st/team/check: ${quoted} must be `));
    if (shown === undefined) expect(message).not.toContain("hunter2");
    else expect(message.endsWith(`, got ${shown}`), message).toBe(true);
  });

  it("a huge wrong literal is shown cut to MAX_SHOWN_CHARS, with its length", () => {
    const huge = "x".repeat(100_000);
    expect(
      nested(
        (scope) => new WechatNicknameCheck(scope, "check", { nickName: "ok", onHitCondition: huge as never }),
      ),
    ).toThrow(
      new RegExp(
        `^st/team/check: onHitCondition must be .*, got "x{${MAX_SHOWN_CHARS - 1}}\\.\\.\\. \\(100002 characters\\)$`,
      ),
    );
  });

  it("platformVars as one token for the whole object", () => {
    expect(
      nested((scope) => {
        const v = new TerraformVariable(scope, "v", { type: "map(string)" });
        new WechatAuditQuota(scope, "check", { platformVars: v.value });
      }),
    ).toThrow(/^st\/team\/check: platformVars must be /);
  });

  it("a literal that only looks like a number token is still validated", () => {
    expect(nested((scope) => new WechatNicknameAudit(scope, "check", { auditId: "-8.1e+298" }))).toThrow(
      /^st\/team\/check: auditId must be a positive integer, got "-8\.1e\+298"$/,
    );
  });
});
