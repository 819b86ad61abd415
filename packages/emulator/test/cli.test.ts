/** The `wxa-emulator` bin (built dist): ready line, clean shutdown on signals, warnings, errors. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/wxa-emulator.js", import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: "pipe" });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => {
    out += c;
  });
  child.stderr!.setEncoding("utf8").on("data", (c: string) => {
    err += c;
  });
  return { child, stdout: () => out, stderr: () => err };
}

async function ready(r: Run): Promise<string> {
  while (!/http:\/\/\S+:\d+/.test(r.stdout())) {
    const [ev] = await Promise.race([
      once(r.child.stdout!, "data").then(() => ["data"]),
      once(r.child, "exit").then(() => ["exit"]),
    ]);
    if (ev === "exit") throw new Error(`exited early: ${r.stderr()}`);
  }
  return /http:\/\/\S+:\d+/.exec(r.stdout())![0];
}

async function exitCode(r: Run): Promise<number | null> {
  if (r.child.exitCode !== null) return r.child.exitCode;
  const [code] = (await once(r.child, "exit")) as [number | null];
  return code;
}

describe("wxa-emulator CLI", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "prints one ready line, answers, and closes cleanly on %s",
    async (signal) => {
      const r = run(["--port", "0", "--seed", "7"]);
      const url = await ready(r);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(r.stdout().trim().split("\n")).toHaveLength(1);
      const res = await fetch(`${url}/wxa/queryquota?access_token=cli`);
      expect(await res.json()).toMatchObject({ errcode: 0 });
      const clock = (await (await fetch(`${url}/__admin/clock`)).json()) as { frozen: boolean };
      expect(clock.frozen).toBe(true);
      r.child.kill(signal);
      expect(await exitCode(r)).toBe(0);
    },
  );

  it("--help prints usage and exits 0", async () => {
    const r = run(["--help"]);
    expect(await exitCode(r)).toBe(0);
    for (const flag of [
      "--port",
      "--host",
      "--seed",
      "--config",
      "--strict-tokens",
      "--admin-token",
      "--admin-allowed-host",
      "--config-max-bytes",
    ]) {
      expect(r.stdout()).toContain(flag);
    }
  });

  it("warns when binding a non-loopback host without an admin token, and says how to allow other hosts", async () => {
    const r = run(["--host", "0.0.0.0", "--port", "0"], { WXA_EMULATOR_ADMIN_TOKEN: "" });
    await ready(r);
    expect(r.stderr()).toMatch(/warning/);
    expect(r.stderr()).toMatch(/--admin-allowed-host/);
    r.child.kill("SIGTERM");
    expect(await exitCode(r)).toBe(0);
  });

  it("--admin-allowed-host admits requests addressed to that name (repeatable, comma-separated)", async () => {
    const r = run([
      "--port",
      "0",
      "--admin-allowed-host",
      "emulator,other",
      "--admin-allowed-host",
      ".svc.test",
    ]);
    const url = await ready(r);
    const status = (hostHeader: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${url}/__admin/clock`, { headers: { host: hostHeader } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await status("emulator:80")).toBe(200);
    expect(await status("other")).toBe(200);
    expect(await status("a.svc.test")).toBe(200);
    expect(await status("evil.example")).toBe(403);
    r.child.kill("SIGTERM");
    expect(await exitCode(r)).toBe(0);
  });

  it("refuses a bad --admin-allowed-host or --config-max-bytes with exit 2", async () => {
    expect(await exitCode(run(["--admin-allowed-host", "emulator:8080"]))).toBe(2);
    expect(await exitCode(run(["--admin-allowed-host", "http://emulator"]))).toBe(2);
    expect(await exitCode(run(["--config-max-bytes", "0"]))).toBe(2);
  });

  it("takes the admin token from WXA_EMULATOR_ADMIN_TOKEN", async () => {
    const r = run(["--port", "0", "--strict-tokens"], { WXA_EMULATOR_ADMIN_TOKEN: "s3cret-admin" });
    const url = await ready(r);
    expect(r.stdout()).toContain("strict");
    expect(r.stdout() + r.stderr()).not.toContain("s3cret-admin");
    expect((await fetch(`${url}/__admin/clock`)).status).toBe(401);
    expect(
      (await fetch(`${url}/__admin/clock`, { headers: { authorization: "Bearer s3cret-admin" } })).status,
    ).toBe(200);
    r.child.kill("SIGTERM");
    expect(await exitCode(r)).toBe(0);
  });

  it("exits non-zero with the path of a bad config value, or on a bad flag", async () => {
    const bad = run(["--config", "/nonexistent/emulator.yaml"]);
    expect(await exitCode(bad)).toBe(1);
    expect(bad.stderr()).toMatch(/cannot read/);
    const flag = run(["--bogus"]);
    expect(await exitCode(flag)).toBe(2);
    const port = run(["--port", "http"]);
    expect(await exitCode(port)).toBe(2);
  });

  it("--limit overrides a limit; a bad name or an out-of-range value exits 2 naming it", async () => {
    const r = run(["--port", "0", "--limit", "faultRules=1", "--limit", "wechatBodyBytes=2KiB"]);
    const url = await ready(r);
    const post = (path: string, body: string) =>
      fetch(`${url}${path}`, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect((await post("/__admin/faults", '{"errcode":-1,"tenant":"a"}')).status).toBe(201);
    expect((await post("/__admin/faults", '{"errcode":-1,"tenant":"b"}')).status).toBe(409);
    const big = await post(
      "/wxa/submit_audit?access_token=cli",
      JSON.stringify({ version_desc: "x".repeat(3000) }),
    );
    expect(await big.json()).toMatchObject({ errcode: 47001 });
    r.child.kill("SIGTERM");
    expect(await exitCode(r)).toBe(0);
    for (const [flag, named] of [
      ["nope=1", /limits\.nope/],
      ["jsonDepth=2", /limits\.jsonDepth/],
      ["faultRules=1KiB", /limits\.faultRules/],
      ["journalBytes", /name=value/],
    ] as const) {
      const bad = run(["--limit", flag]);
      expect(await exitCode(bad), flag).toBe(2);
      expect(bad.stderr()).toMatch(named);
    }
  });
});
