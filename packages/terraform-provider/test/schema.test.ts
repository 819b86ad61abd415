/**
 * The schema: what `terraform providers schema -json` prints (the CDKTF bindings are generated
 * from it), and the attributes derived from core's endpoint table carry core's names, types and
 * descriptions.
 */
import { ENDPOINTS } from "@wxa-audit/core";
import { describe, expect, it } from "vitest";
import { coreField } from "../src/data-sources/core-fields.js";
import { PROVIDER_ADDRESS, providerSchema, providerSchemaJson } from "../src/provider/index.js";

const json = providerSchemaJson();
const wechat = json.provider_schemas[PROVIDER_ADDRESS]!;

describe("providerSchemaJson()", () => {
  it("has Terraform's layout: format 1.0, the provider block and five data sources", () => {
    expect(json.format_version).toBe("1.0");
    expect(Object.keys(json.provider_schemas)).toEqual(["registry.terraform.io/wxa-audit/wechat"]);
    expect(Object.keys(wechat)).toEqual(["provider", "data_source_schemas"]);
    expect(Object.keys(wechat.data_source_schemas)).toEqual([
      "wechat_audit_quota",
      "wechat_code_audit",
      "wechat_latest_code_audit",
      "wechat_nickname_audit",
      "wechat_nickname_check",
    ]);
    expect(Object.keys(wechat.provider)).toEqual(["version", "block"]);
  });

  it("prints attributes in Terraform's key order, sorted by name, false flags left out", () => {
    const attrs = wechat.data_source_schemas.wechat_code_audit!.block.attributes;
    expect(Object.keys(attrs)).toEqual(Object.keys(attrs).sort());
    expect(attrs.audit_id).toEqual({
      type: "number",
      description: "The `auditid` submitAudit returned.",
      description_kind: "markdown",
      required: true,
    });
    expect(Object.keys(attrs.allowed_statuses!)).toEqual([
      "type",
      "description",
      "description_kind",
      "optional",
      "computed",
    ]);
    expect(attrs.allowed_statuses!.type).toEqual(["list", "string"]);
    expect(attrs.ok).toMatchObject({ type: "bool", computed: true });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("the provider block: every setting optional, secrets sensitive, env_names a map", () => {
    const attrs = wechat.provider.block.attributes;
    expect(Object.keys(attrs)).toEqual([
      "access_token",
      "authorizer_appid",
      "authorizer_refresh_token",
      "base_url",
      "component_appid",
      "component_appsecret",
      "component_verify_ticket",
      "env_names",
      "request_timeout_ms",
      "retry_base_delay_ms",
      "retry_max_attempts",
      "time_budget_ms",
    ]);
    for (const a of Object.values(attrs)) expect(a.optional).toBe(true);
    const sensitive = Object.entries(attrs)
      .filter(([, a]) => a.sensitive)
      .map(([n]) => n);
    expect(sensitive).toEqual([
      "access_token",
      "authorizer_refresh_token",
      "component_appsecret",
      "component_verify_ticket",
    ]);
    expect(attrs.env_names!.type).toEqual(["map", "string"]);
    expect(attrs.access_token!.description).toContain("`WECHAT_ACCESS_TOKEN`");
  });

  it("every attribute and block is described", () => {
    const blocks = [wechat.provider, ...Object.values(wechat.data_source_schemas)];
    for (const b of blocks) {
      expect(b.block.description).toBeTruthy();
      for (const [name, a] of Object.entries(b.block.attributes)) expect(a.description, name).toBeTruthy();
    }
  });
});

describe("derived from core's endpoint table", () => {
  const derived: [string, string, string, string][] = [
    ["wechat_nickname_check", "checkNickName", "hit_condition", "hit_condition"],
    ["wechat_nickname_check", "checkNickName", "wording", "wording"],
    ["wechat_nickname_audit", "getNickNameStatus", "audit_stat", "audit_stat"],
    ["wechat_nickname_audit", "getNickNameStatus", "create_time", "create_time"],
    ["wechat_code_audit", "getAuditStatus", "status", "status"],
    ["wechat_code_audit", "getAuditStatus", "screenshot", "screenshot"],
    ["wechat_latest_code_audit", "getLatestAuditStatus", "auditid", "audit_id"],
    ["wechat_latest_code_audit", "getLatestAuditStatus", "ScreenShot", "screenshot"],
    ["wechat_latest_code_audit", "getLatestAuditStatus", "submit_audit_time", "submit_audit_time"],
    ["wechat_audit_quota", "queryQuota", "rest", "rest"],
    ["wechat_audit_quota", "queryQuota", "speedup_limit", "speedup_limit"],
  ];
  it.each(derived)("%s.%4$s from %2$s.%3$s", (ds, endpoint, wire, attr) => {
    const field = coreField(endpoint as keyof typeof ENDPOINTS, wire);
    const a = providerSchema().dataSources[ds]!.attributes.find((x) => x.name === attr)!;
    expect(a.type).toBe(field.type);
    expect(field.description).not.toBe("");
    expect(a.description.toLowerCase()).toContain(field.description.toLowerCase());
    expect(a.description).toContain(`\`${wire}\` from ${endpoint}`);
    expect(a.computed).toBe(true);
  });

  it("every field of the five answers is an attribute (nothing WeChat says is dropped)", () => {
    const sources = {
      wechat_nickname_check: "checkNickName",
      wechat_nickname_audit: "getNickNameStatus",
      wechat_code_audit: "getAuditStatus",
      wechat_latest_code_audit: "getLatestAuditStatus",
      wechat_audit_quota: "queryQuota",
    } as const;
    for (const [ds, endpoint] of Object.entries(sources)) {
      const descriptions = providerSchema()
        .dataSources[ds]!.attributes.map((a) => a.description)
        .join("\n");
      for (const wire of Object.keys((ENDPOINTS[endpoint].response as unknown as { shape: object }).shape)) {
        expect(descriptions, `${ds} lacks ${endpoint}.${wire}`).toContain(`\`${wire}\` from ${endpoint}`);
      }
    }
  });

  it("refuses a field core does not have", () => {
    expect(() => coreField("getAuditStatus", "nope")).toThrow(
      "core's getAuditStatus answer has no field nope",
    );
  });
});
