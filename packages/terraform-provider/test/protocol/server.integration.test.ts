/**
 * The wire end to end: the bundle (scripts/bundle.mjs, the real entry and one over a fake
 * logic) spawned as the engines spawn it, spoken to over mTLS by @grpc/grpc-js.
 */
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { decode, encode } from "@msgpack/msgpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleProvider } from "../../scripts/bundle.mjs";
import { PRECOMPUTED_METHODS } from "../../src/precomputed-answers.js";
import {
  HealthCheckRequestSchema,
  HealthCheckResponse_ServingStatus,
  HealthCheckResponseSchema,
} from "../../src/protocol/generated/grpc/health/v1/health_pb.js";
import { EmptySchema } from "../../src/protocol/generated/plugin/grpc_controller_pb.js";
import {
  ConfigureProvider_RequestSchema,
  ConfigureProvider_ResponseSchema,
  Diagnostic_Severity,
  GetMetadata_RequestSchema,
  GetMetadata_ResponseSchema,
  GetProviderSchema_RequestSchema,
  GetProviderSchema_ResponseSchema,
  ReadDataSource_RequestSchema,
  ReadDataSource_ResponseSchema,
  StopProvider_RequestSchema,
  StopProvider_ResponseSchema,
  ValidateDataResourceConfig_RequestSchema,
  ValidateDataResourceConfig_ResponseSchema,
  ValidateProviderConfig_RequestSchema,
  ValidateProviderConfig_ResponseSchema,
} from "../../src/protocol/generated/tfplugin6/tfplugin6_pb.js";
import { createServerIdentity } from "../../src/protocol/tls.js";
import { providerSchema } from "../../src/provider/index.js";
import { loadProvider } from "../../src/provider-chunk.js";
import { HOSTILE_READS, PLATFORM_SECRETS, startHostileWechat } from "../hostile-wechat.js";
import { client, type Plugin, startPlugin, unary, unaryRaw } from "./plugin-process.js";

const P = "/tfplugin6.Provider/";
const dir = mkdtempSync(join(tmpdir(), "wxa-wire-"));
const fakeBundle = join(dir, "fake-provider.cjs");
const realBundle = join(dir, "terraform-provider-wechat.cjs");
const engine = createServerIdentity(); // plays go-plugin's client certificate
const msgpack = (v: unknown) => ({ msgpack: encode(v) });
/** A full provider configuration object (every attribute, null unless given), as engines send it. */
const providerConfig = (set: Record<string, unknown>) =>
  Object.fromEntries(providerSchema().provider.attributes.map((a) => [a.name, set[a.name] ?? null]));

beforeAll(async () => {
  await bundleProvider(fakeBundle, join(import.meta.dirname, "fake-main.ts"));
  await bundleProvider(realBundle);
}, 60_000);

describe("over AutoMTLS, with a fake logic", () => {
  let plugin: Plugin;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    plugin = await startPlugin(fakeBundle, { PLUGIN_CLIENT_CERT: engine.certPem });
    c = client(plugin, engine);
  });
  afterAll(() => {
    c.close();
    plugin.child.kill();
  });

  it("announces itself in one handshake line with its certificate", () => {
    expect(plugin.line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/);
    expect(plugin.serverCertPem).toContain("BEGIN CERTIFICATE");
  });

  it("answers go-plugin's health check for service plugin", async () => {
    const res = await unary(
      c,
      "/grpc.health.v1.Health/Check",
      HealthCheckRequestSchema,
      HealthCheckResponseSchema,
      {
        service: "plugin",
      },
    );
    expect(res.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
  });

  it("serves the schema and metadata", async () => {
    const res = await unary(
      c,
      `${P}GetProviderSchema`,
      GetProviderSchema_RequestSchema,
      GetProviderSchema_ResponseSchema,
      {},
    );
    expect(Object.keys(res.dataSourceSchemas)).toEqual(["fake_echo"]);
    const attrs = res.dataSourceSchemas.fake_echo?.block?.attributes ?? [];
    expect(attrs.map((a) => [a.name, Buffer.from(a.type).toString()])).toContainEqual([
      "tags",
      '["list","string"]',
    ]);
    expect(res.provider?.block?.attributes.find((a) => a.name === "token")?.sensitive).toBe(true);
    const meta = await unary(c, `${P}GetMetadata`, GetMetadata_RequestSchema, GetMetadata_ResponseSchema, {});
    expect(meta.dataSources.map((d) => d.typeName)).toEqual(["fake_echo"]);
  });

  it("validates and configures the provider, diagnostics with paths", async () => {
    const bad = await unary(
      c,
      `${P}ValidateProviderConfig`,
      ValidateProviderConfig_RequestSchema,
      ValidateProviderConfig_ResponseSchema,
      { config: msgpack({ token: "s3cret", retries: -1 }) },
    );
    expect(bad.diagnostics).toHaveLength(1);
    expect(bad.diagnostics[0]?.severity).toBe(Diagnostic_Severity.ERROR);
    expect(bad.diagnostics[0]?.attribute?.steps[0]?.selector).toEqual({
      case: "attributeName",
      value: "retries",
    });
    const ok = await unary(
      c,
      `${P}ConfigureProvider`,
      ConfigureProvider_RequestSchema,
      ConfigureProvider_ResponseSchema,
      {
        config: msgpack({ token: "s3cret", retries: 2 }),
      },
    );
    expect(ok.diagnostics).toEqual([]);
  });

  it("validates a data source config, unknowns included", async () => {
    const res = await unary(
      c,
      `${P}ValidateDataResourceConfig`,
      ValidateDataResourceConfig_RequestSchema,
      ValidateDataResourceConfig_ResponseSchema,
      // tags: ["a", "", <unknown>] with the unknown as Terraform writes it (fixext1 type 0)
      {
        typeName: "fake_echo",
        config: { msgpack: Buffer.from("81a474616773 93 a161 a0 d40000".replace(/ /g, ""), "hex") },
      },
    );
    expect(res.diagnostics).toHaveLength(1);
    expect(res.diagnostics[0]?.severity).toBe(Diagnostic_Severity.WARNING);
    expect(res.diagnostics[0]?.attribute?.steps.map((s) => s.selector.value)).toEqual(["tags", 1n]);
  });

  it("reads a data source: every attribute in the state", async () => {
    const res = await unary(
      c,
      `${P}ReadDataSource`,
      ReadDataSource_RequestSchema,
      ReadDataSource_ResponseSchema,
      {
        typeName: "fake_echo",
        config: msgpack({ name: "x", count: 3, tags: ["a"], enabled: true }),
      },
    );
    expect(res.diagnostics).toEqual([]);
    expect(decode(res.state!.msgpack)).toEqual({
      name: "x",
      count: 3,
      enabled: true,
      tags: ["a"],
      labels: null,
      greeting: "hello x",
      sizes: [1, 2.5, -3],
    });
  });

  it("turns a failing read, a throwing logic and an unknown type into diagnostics", async () => {
    const read = (typeName: string, name: string) =>
      unary(c, `${P}ReadDataSource`, ReadDataSource_RequestSchema, ReadDataSource_ResponseSchema, {
        typeName,
        config: msgpack({ name }),
      });
    const failed = await read("fake_echo", "fail");
    expect(failed.state).toBeUndefined();
    expect(failed.diagnostics[0]?.attribute?.steps.map((s) => s.selector.value)).toEqual(["labels", "k"]);
    const boom = await read("fake_echo", "boom");
    expect(boom.diagnostics[0]).toMatchObject({ summary: "Internal error in the provider" });
    expect(boom.diagnostics[0]?.detail).toContain("TypeError");
    const unknownType = await read("fake_nope", "x");
    expect(unknownType.diagnostics[0]?.summary).toBe("Unknown data source type");
  });

  it("answers UNIMPLEMENTED for what it does not serve", async () => {
    const empty = { typeName: "x" };
    for (const path of [
      "/plugin.GRPCStdio/StreamStdio",
      "/plugin.GRPCBroker/StartStream",
      `${P}GetFunctions`,
      `${P}GetResourceIdentitySchemas`,
      `${P}ReadResource`,
      "/no.Such/Thing",
    ]) {
      await expect(
        unary(
          c,
          path,
          ValidateDataResourceConfig_RequestSchema,
          ValidateDataResourceConfig_ResponseSchema,
          empty,
        ),
        path,
      ).rejects.toMatchObject({ code: 12 });
    }
  });

  it("refuses a client that presents another certificate", async () => {
    const stranger = createServerIdentity();
    const other = client(plugin, stranger);
    await expect(
      unary(other, "/grpc.health.v1.Health/Check", HealthCheckRequestSchema, HealthCheckResponseSchema, {}),
    ).rejects.toMatchObject({ code: 14 });
    other.close();
  });

  it("refuses a TLS client that presents no certificate", async () => {
    const anonymous = new grpc.Client(
      `127.0.0.1:${plugin.port}`,
      grpc.credentials.createSsl(Buffer.from(plugin.serverCertPem ?? "")),
      { "grpc.ssl_target_name_override": "localhost" },
    );
    await expect(
      unary(
        anonymous,
        "/grpc.health.v1.Health/Check",
        HealthCheckRequestSchema,
        HealthCheckResponseSchema,
        {},
      ),
    ).rejects.toMatchObject({ code: 14 });
    anonymous.close();
  });

  it("stops, then shuts down and exits 0 when the engine says so", async () => {
    const stop = await unary(
      c,
      `${P}StopProvider`,
      StopProvider_RequestSchema,
      StopProvider_ResponseSchema,
      {},
    );
    expect(stop.Error).toBe("");
    await unary(c, "/plugin.GRPCController/Shutdown", EmptySchema, EmptySchema, {});
    expect(await plugin.exited).toBe(0);
    // Nothing secret reached the log, at any level.
    expect(plugin.stderr()).not.toContain("s3cret");
  });
});

describe("the process", () => {
  it("serves plaintext h2c when the engine asks for no AutoMTLS", async () => {
    const plugin = await startPlugin(fakeBundle, { TF_LOG: "trace" });
    expect(plugin.line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc$/);
    const c = client(plugin);
    await unary(
      c,
      `${P}ConfigureProvider`,
      ConfigureProvider_RequestSchema,
      ConfigureProvider_ResponseSchema,
      {
        config: msgpack({ token: "s3cret" }),
      },
    );
    await unary(c, "/plugin.GRPCController/Shutdown", EmptySchema, EmptySchema, {});
    expect(await plugin.exited).toBe(0);
    c.close();
    const log = plugin.stderr();
    // hclog JSON lines only, at trace level, and never a value.
    for (const line of log.trim().split("\n"))
      expect(JSON.parse(line)).toHaveProperty("@module", "provider.wechat");
    expect(log).toContain('"rpc":"ConfigureProvider"');
    expect(log).not.toContain("s3cret");
  });

  it("survives Ctrl-C (SIGINT to the process group) and still shuts down on request", async () => {
    const plugin = await startPlugin(fakeBundle, { PLUGIN_CLIENT_CERT: engine.certPem, TF_LOG: "info" });
    const c = client(plugin, engine);
    await unary(c, "/grpc.health.v1.Health/Check", HealthCheckRequestSchema, HealthCheckResponseSchema, {});
    const interrupted = new Promise((resolve) => plugin.child.stderr.once("data", resolve));
    plugin.child.kill("SIGINT");
    await interrupted; // the "interrupt received" log line
    const res = await unary(
      c,
      "/grpc.health.v1.Health/Check",
      HealthCheckRequestSchema,
      HealthCheckResponseSchema,
      {},
    );
    expect(res.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    await unary(c, "/plugin.GRPCController/Shutdown", EmptySchema, EmptySchema, {});
    expect(await plugin.exited).toBe(0);
    expect(plugin.stderr()).toContain("interrupt received");
    c.close();
  });

  it("run by hand (no magic cookie): a message on stderr, nothing on stdout, exit 1", async () => {
    const { spawnSync } = await import("node:child_process");
    const res = spawnSync(process.execPath, [fakeBundle], {
      env: { PATH: process.env.PATH },
      encoding: "utf8",
    });
    expect(res.status).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/This binary is a plugin/);
  });

  it("is the same file from the same sources (chunks by name, not by build order)", async () => {
    const again = join(dir, "again.cjs");
    await bundleProvider(again);
    expect(readFileSync(again).equals(readFileSync(realBundle))).toBe(true);
  }, 60_000);

  it("is one executable file with a #! line", () => {
    expect(readFileSync(realBundle, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(realBundle).mode & 0o777).toBe(0o755);
  });

  it("the real provider's bundle handshakes, serves its schema and shuts down", async () => {
    const plugin = await startPlugin(realBundle, { PLUGIN_CLIENT_CERT: engine.certPem });
    const c = client(plugin, engine);
    const res = await unary(
      c,
      `${P}GetProviderSchema`,
      GetProviderSchema_RequestSchema,
      GetProviderSchema_ResponseSchema,
      {},
    );
    expect(Object.keys(res.dataSourceSchemas)).toContain("wechat_nickname_check");
    await unary(c, "/plugin.GRPCController/Shutdown", EmptySchema, EmptySchema, {});
    expect(await plugin.exited).toBe(0);
    c.close();
  });

  it("the real bundle's precomputed schema answers are, byte for byte, what this source computes", async () => {
    const plugin = await startPlugin(realBundle, { PLUGIN_CLIENT_CERT: engine.certPem, TF_LOG: "debug" });
    const c = client(plugin, engine);
    const computed = loadProvider({ log() {}, enabled: () => false }, {});
    expect([...PRECOMPUTED_METHODS]).toEqual(["GetProviderSchema", "GetMetadata"]);
    for (const method of PRECOMPUTED_METHODS) {
      const served = await unaryRaw(c, `${P}${method}`, new Uint8Array(0));
      const expected = await computed.handlers.get(method)?.(new Uint8Array(0));
      expect(expected?.length, method).toBeGreaterThan(0);
      expect(Buffer.compare(served, Buffer.from(expected ?? [])), method).toBe(0);
    }
    await unary(c, "/grpc.health.v1.Health/Check", HealthCheckRequestSchema, HealthCheckResponseSchema, {
      service: "plugin",
    });
    // Schema, metadata and ping: served without loading the provider chunk...
    expect(plugin.stderr()).not.toContain("provider loaded");
    // ...which the first call that needs the logic loads (and it works from the bundle).
    const v = await unary(
      c,
      `${P}ValidateProviderConfig`,
      ValidateProviderConfig_RequestSchema,
      ValidateProviderConfig_ResponseSchema,
      { config: msgpack(providerConfig({ base_url: "not a url" })) },
    );
    expect(v.diagnostics.length).toBeGreaterThan(0);
    expect(plugin.stderr()).toContain("provider loaded");
    await unary(c, "/plugin.GRPCController/Shutdown", EmptySchema, EmptySchema, {});
    expect(await plugin.exited).toBe(0);
    c.close();
  });
});

describe("the real provider against a hostile WeChat (test/hostile-wechat.ts)", () => {
  it("no fetched token in diagnostics, in state, or on stderr under TF_LOG=trace", async () => {
    const wx = await startHostileWechat();
    const plugin = await startPlugin(realBundle, {
      PLUGIN_CLIENT_CERT: engine.certPem,
      TF_LOG: "trace",
      WXA_TOKEN_CACHE_DIR: join(dir, "hostile-tokens"),
    });
    const c = client(plugin, engine);
    const schema = providerSchema();
    const configured = await unary(
      c,
      `${P}ConfigureProvider`,
      ConfigureProvider_RequestSchema,
      ConfigureProvider_ResponseSchema,
      {
        config: msgpack(
          providerConfig({
            base_url: wx.url,
            component_appid: "wxcomponentwire",
            authorizer_appid: "wxappwire",
            ...PLATFORM_SECRETS,
            retry_max_attempts: 2,
            retry_base_delay_ms: 1,
          }),
        ),
      },
    );
    expect(configured.diagnostics).toEqual([]);
    const texts: string[] = [];
    const outcomes: unknown[] = [];
    for (const [typeName, values] of HOSTILE_READS) {
      const attributes = schema.dataSources[typeName]!.attributes;
      const res = await unary(
        c,
        `${P}ReadDataSource`,
        ReadDataSource_RequestSchema,
        ReadDataSource_ResponseSchema,
        {
          typeName,
          config: msgpack(Object.fromEntries(attributes.map((a) => [a.name, values[a.name] ?? null]))),
        },
      );
      const state = decode(res.state!.msgpack) as Record<string, unknown>;
      outcomes.push(state.outcome);
      texts.push(JSON.stringify(state), ...res.diagnostics.flatMap((d) => [d.summary, d.detail]));
    }
    await unary(c, "/plugin.GRPCController/Shutdown", EmptySchema, EmptySchema, {});
    expect(await plugin.exited).toBe(0);
    c.close();
    await wx.close();
    expect(outcomes).toEqual(["hit_condition", "status", "status", "errcode", "errcode"]);
    expect(texts.join("\n")).toContain("echo ***");
    expect(plugin.stderr()).toContain("reading data source"); // trace and debug lines were written
    texts.push(plugin.stderr());
    expect(wx.issued.length).toBeGreaterThanOrEqual(3);
    for (const secret of [...Object.values(PLATFORM_SECRETS), ...wx.issued])
      for (const text of texts) expect(text).not.toContain(secret);
  });
});
