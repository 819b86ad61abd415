/**
 * Driving the provider's logic as the wire layer would, against a real emulator on a random
 * loopback port: configs carry every attribute (null when unset), as Terraform decodes them.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WechatClient } from "@wxa-audit/core";
import type { RunningEmulator } from "@wxa-audit/emulator";
import type { Diagnostic, ProviderLogic, ReadResult, TfObject } from "../src/provider/contract.js";
import { createProviderLogic, type ProviderLogicOptions } from "../src/provider/index.js";

const SCHEMA = createProviderLogic({ env: {} }).schema();

/** A provider config as Terraform sends it: every attribute, null unless given. */
export function providerConfig(values: TfObject = {}): TfObject {
  return { ...Object.fromEntries(SCHEMA.provider.attributes.map((a) => [a.name, null])), ...values };
}

/** A data source config as Terraform sends it: every attribute (outputs too), null unless given. */
export function dsConfig(typeName: string, values: TfObject = {}): TfObject {
  const block = SCHEMA.dataSources[typeName];
  if (!block) throw new Error(`no data source ${typeName}`);
  for (const k of Object.keys(values)) {
    if (!block.attributes.some((a) => a.name === k)) throw new Error(`${typeName} has no attribute ${k}`);
  }
  return { ...Object.fromEntries(block.attributes.map((a) => [a.name, null])), ...values };
}

/** Fast retries for tests: backoffs of a few ms, never sleeps of seconds. */
export const FAST: TfObject = { retry_base_delay_ms: 1, retry_max_attempts: 3 };

export interface Harness {
  logic: ProviderLogic;
  read(typeName: string, values?: TfObject): Promise<ReadResult>;
}

/** A configured provider talking to `url` as `token` (a lenient-mode tenant of its own). */
export async function provider(
  url: string,
  token: string | undefined,
  config: TfObject = {},
  opts: ProviderLogicOptions = {},
): Promise<Harness> {
  const logic = createProviderLogic({
    env: { WXA_TOKEN_CACHE_DIR: freshDir() },
    ...opts,
  });
  const diags = await logic.configure(
    providerConfig({ base_url: url, ...(token && { access_token: token }), ...FAST, ...config }),
  );
  if (diags.length > 0) throw new Error(`configure: ${JSON.stringify(diags)}`);
  return {
    logic,
    read: (typeName, values = {}) => logic.readDataSource(typeName, dsConfig(typeName, values)),
  };
}

export function freshDir(): string {
  return join(mkdtempSync(join(tmpdir(), "wxa-tfp-")), "cache");
}

export function wechat(emu: RunningEmulator, token: string): WechatClient {
  return new WechatClient({ baseUrl: emu.url, token, retry: { maxAttempts: 1 } });
}

/** A code audit of the token's tenant, moved to `to` when given. */
export async function codeAuditIn(
  emu: RunningEmulator,
  token: string,
  to?: "approved" | "rejected" | "deferred" | "withdrawn",
  extra: { reason?: string; screenshot?: string } = {},
): Promise<number> {
  const wx = wechat(emu, token);
  try {
    const { auditid } = await wx.submitAudit({ version_desc: "1.0.0" });
    if (to) await emu.admin.transitionAudit(auditid, { to, ...extra });
    return auditid;
  } finally {
    await wx.close();
  }
}

/** A nickname audit of the token's tenant (a keyword-policy name with material opens one), moved to `to`. */
export async function nicknameAuditIn(
  emu: RunningEmulator,
  token: string,
  name: string,
  to?: "succeeded" | "failed",
  failReason?: string,
): Promise<number> {
  const wx = wechat(emu, token);
  try {
    const { audit_id } = await wx.setNickName({ nick_name: name, license: "media-license" });
    if (audit_id === undefined) throw new Error(`setNickName(${name}) opened no audit`);
    if (to)
      await emu.admin.transitionNicknameAudit(audit_id, {
        to,
        ...(failReason && { fail_reason: failReason }),
      });
    return audit_id;
  } finally {
    await wx.close();
  }
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export function only(diags: readonly Diagnostic[]): Diagnostic {
  if (diags.length !== 1) throw new Error(`expected one diagnostic, got ${JSON.stringify(diags, null, 2)}`);
  return diags[0]!;
}

/** Every string anywhere in a value. */
export function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v !== null && typeof v === "object") return Object.values(v).flatMap(strings);
  return [];
}
