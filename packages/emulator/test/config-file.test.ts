/**
 * The config file as hostile input: errors name the path of the bad value (and its line) but never
 * quote the file, so no app secret, verify ticket or refresh token reaches stderr; unknown YAML
 * tags are errors; only a regular file under the size limit is read (a FIFO or /dev/zero is refused
 * at once instead of hanging or eating memory).
 */
import { execFile, execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfigFile, startEmulator } from "../src/index.js";
import { CONFIG_FILE_MAX_BYTES } from "../src/limits.js";

const BIN = fileURLToPath(new URL("../bin/wxa-emulator.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "wxa-emulator-config-file-"));
let n = 0;
const file = (text: string, ext = "yaml") => {
  const path = join(dir, `c${++n}.${ext}`);
  writeFileSync(path, text);
  return path;
};

const SECRETS = ["TOPSECRET-app-1", "ticket@@@SECRET-2", "refreshtoken@@@SECRET-3", "cmpsecret-SECRET-4"];
const leaks = (text: string) => SECRETS.filter((s) => text.includes(s) || text.includes(s.slice(0, 12)));

/** The ConfigError loading `path` throws, and the process warnings emitted meanwhile. */
function loadError(path: string, opts?: { maxBytes?: number }): { err: ConfigError; warnings: string[] } {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on("warning", onWarning);
  try {
    loadConfigFile(path, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return { err: e as ConfigError, warnings };
  } finally {
    process.off("warning", onWarning);
  }
  throw new Error(`expected ${path} to be refused`);
}

/** Runs the CLI on a config, killed after `ms` if it has not exited by itself. */
function cli(config: string, ms = 10_000) {
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, "--port", "0", "--config", config],
      { timeout: ms },
      (err, _out, stderr) => {
        const e = err as (Error & { code?: number; signal?: string }) | null;
        resolve({
          code: e ? (typeof e.code === "number" ? e.code : null) : 0,
          signal: e?.signal ?? null,
          stderr,
        });
      },
    );
  });
}

const PLATFORM = `platforms:
  - appid: wxcomponent
    secret: ${SECRETS[3]}
    verifyTicket: ${SECRETS[1]}
tenants:
  - name: wxapp
    secret: ${SECRETS[0]}
    authorizer: { componentAppId: wxcomponent, refreshToken: ${SECRETS[2]} }
`;

describe("config errors name the path and never quote the file", () => {
  it("a YAML syntax error on a line holding a secret names the path and line, without the line", () => {
    const { err } = loadError(
      file(PLATFORM.replace(`secret: ${SECRETS[0]}`, `secret: ${SECRETS[0]} : x: y`)),
    );
    expect(err.message).toContain("tenants[0].secret");
    expect(err.message).toMatch(/line 7/);
    expect(leaks(err.message)).toEqual([]);
  });

  it.each([
    [
      "a tab as indentation",
      PLATFORM.replace(`    verifyTicket: ${SECRETS[1]}`, `\tverifyTicket: ${SECRETS[1]}`),
    ],
    [
      "a bad escape in a quoted secret",
      PLATFORM.replace(`secret: ${SECRETS[3]}`, `secret: "${SECRETS[3]}\\q"`),
    ],
    [
      "an unclosed quote",
      PLATFORM.replace(`refreshToken: ${SECRETS[2]} }`, `refreshToken: "${SECRETS[2]} }`),
    ],
    [
      "a duplicate key",
      PLATFORM.replace(`    secret: ${SECRETS[0]}`, `    secret: ${SECRETS[0]}\n    secret: x`),
    ],
    ["a secret left as a bare line", PLATFORM.replace(`    secret: ${SECRETS[0]}`, `    ${SECRETS[0]}`)],
  ])("%s: no secret in the message", (_what, text) => {
    const { err, warnings } = loadError(file(text));
    expect(err.issues.length).toBeGreaterThan(0);
    expect(leaks(err.message)).toEqual([]);
    expect(leaks(warnings.join("\n"))).toEqual([]);
  });

  it.each([
    ["!foo", "tenants[0].secret"],
    ["!!js/function", "tenants[0].secret"],
    ["!!binary", "tenants[0].secret"],
  ])("an unknown tag (%s) is an error naming %s, and prints no warning", (tag, path) => {
    const { err, warnings } = loadError(
      file(PLATFORM.replace(`secret: ${SECRETS[0]}`, `secret: ${tag} ${SECRETS[0]}`)),
    );
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/tag/);
    expect(leaks(err.message)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("a schema error beside secrets names the path; an unknown key is not quoted", () => {
    const badType = loadError(file(PLATFORM.replace("appid: wxcomponent", "appid: 12")));
    expect(badType.err.message).toContain("platforms[0].appid");
    expect(leaks(badType.err.message)).toEqual([]);
    const strayKey = loadError(file(`${PLATFORM}    ${SECRETS[1]}-as-key: 1\n`));
    expect(strayKey.err.message).toContain("tenants[0]");
    expect(strayKey.err.message).toMatch(/unknown key/);
    expect(leaks(strayKey.err.message)).toEqual([]);
    // A known field name in the wrong place is named.
    const misplaced = loadError(file(`${PLATFORM}    verifyTicket: ${SECRETS[1]}\n`));
    expect(misplaced.err.message).toMatch(/tenants\[0\].*verifyTicket/);
    expect(leaks(misplaced.err.message)).toEqual([]);
  });

  it("JSON configs get the same treatment", () => {
    const { err } = loadError(
      file(`{"platforms":[{"appid":"wxc","secret":"${SECRETS[3]}","verifyTicket":"${SECRETS[1]}",}]`, "json"),
    );
    expect(err.message).toMatch(/line 1/);
    expect(leaks(err.message)).toEqual([]);
  });

  it("an alias bomb is refused", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const { err } = loadError(file(`${bomb.join("\n")}\n`));
    expect(err.message).toMatch(/alias/);
  });
});

describe("the config file itself", () => {
  it("must be a regular file: a directory is refused", () => {
    const { err } = loadError(dir);
    expect(err.message).toMatch(/not a regular file/);
  });

  it("must be under the size limit (read no further than the limit)", () => {
    const big = join(dir, "big.yaml");
    const fd = openSync(big, "w");
    // Sparse: one byte past the limit, without writing megabytes.
    writeFileSync(fd, "# ");
    closeSync(fd);
    execFileSync("truncate", ["-s", String(CONFIG_FILE_MAX_BYTES + 1), big]);
    const { err } = loadError(big);
    expect(err.message).toMatch(new RegExp(`over ${CONFIG_FILE_MAX_BYTES} bytes`));
    const small = file(PLATFORM);
    expect(loadError(small, { maxBytes: 100 }).err.message).toMatch(/over 100 bytes/);
    expect(loadConfigFile(small).tenants?.[0]?.name).toBe("wxapp");
  });

  it("configMaxBytes reaches the file check from startEmulator", async () => {
    await expect(startEmulator({ config: file(PLATFORM), configMaxBytes: 64 })).rejects.toThrow(
      /over 64 bytes/,
    );
  });

  it("the CLI refuses a FIFO at once instead of waiting for a writer", async () => {
    const fifo = join(dir, "fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    const r = await cli(fifo);
    expect(r.signal, "the CLI hung on the FIFO and was killed").toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a regular file/);
  });

  it("the CLI refuses /dev/zero at once instead of reading it until memory runs out", async () => {
    const r = await cli("/dev/zero");
    expect(r.signal, "the CLI was still reading /dev/zero and was killed").toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a regular file/);
  });
});
