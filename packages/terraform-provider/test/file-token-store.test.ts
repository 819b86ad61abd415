import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  defaultTokenCacheDir,
  FileTokenStore,
  MAX_TOKEN_FILE_BYTES,
  prepareCacheDir,
} from "../src/provider/file-token-store.js";

const fresh = () => {
  const root = mkdtempSync(join(tmpdir(), "wxa-store-"));
  return prepareCacheDir(join(root, "cache"))!;
};

describe("FileTokenStore", () => {
  it("keeps tokens in a 0700 directory, one 0600 file per key named by a hash", async () => {
    const dir = fresh();
    let now = 1_000_000;
    const store = new FileTokenStore({ dir, namespace: "http://emu", now: () => now });
    await store.set("component:wx123", { token: "tok", expiresAt: now + 7_200_000 });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{40}\.json$/);
    expect(files[0]).not.toContain("wx123");
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    expect(await store.get("component:wx123")).toEqual({ token: "tok", expiresAt: 1_000_000 + 7_200_000 });
    // Within core's refresh margin it is no longer offered; once expired it is gone.
    now += 7_200_000 - 60_000;
    expect(
      await new FileTokenStore({ dir, namespace: "http://emu", now: () => now, lockWaitMs: 0 }).get(
        "component:wx123",
      ),
    ).toEqual({
      token: "tok",
      expiresAt: 8_200_000,
    });
    now += 120_000;
    expect(
      await new FileTokenStore({ dir, namespace: "http://emu", now: () => now, lockWaitMs: 0 }).get(
        "component:wx123",
      ),
    ).toBeUndefined();
  });

  it("separates namespaces (the emulator's tokens never serve WeChat)", async () => {
    const dir = fresh();
    const a = new FileTokenStore({ dir, namespace: "A" });
    await a.set("k", { token: "a", expiresAt: Date.now() + 7_200_000 });
    expect(await new FileTokenStore({ dir, namespace: "B", lockWaitMs: 0 }).get("k")).toBeUndefined();
    expect((await a.get("k"))?.token).toBe("a");
  });

  it("lets one process fetch: a second waits for the first one's set()", async () => {
    const dir = fresh();
    const first = new FileTokenStore({ dir, pollMs: 1 });
    const second = new FileTokenStore({ dir, pollMs: 1 });
    expect(await first.get("k")).toBeUndefined(); // takes the lock
    const waiting = second.get("k");
    await first.set("k", { token: "shared", expiresAt: Date.now() + 7_200_000 });
    expect((await waiting)?.token).toBe("shared");
    expect(readdirSync(dir).filter((f) => f.endsWith(".lock") || f.endsWith(".tmp"))).toEqual([]);
  });

  it("releases its locks when a fetch failed, and ignores garbage files", async () => {
    const dir = fresh();
    const first = new FileTokenStore({ dir });
    await first.get("k");
    first.releaseAll();
    writeFileSync(first.fileOf("k"), "not json", { mode: 0o600 });
    expect(await new FileTokenStore({ dir, lockWaitMs: 0 }).get("k")).toBeUndefined();
  });

  it("picks its directory from the environment", () => {
    expect(defaultTokenCacheDir({ WXA_TOKEN_CACHE_DIR: "/x" })).toBe("/x");
    expect(defaultTokenCacheDir({ XDG_CACHE_HOME: "/c" })).toBe(join("/c", "wxa-audit"));
    expect(defaultTokenCacheDir({})).toMatch(/wxa-audit-/);
  });
});

/**
 * Whatever sits at a token file's path, a read neither hangs nor grows memory: a FIFO (no writer:
 * reading it would block the process), a symlink to /dev/zero (endless), a file far larger than
 * a token, a directory. Each is ignored with a warning naming the file and never its content,
 * and the next fetch's set() replaces it.
 */
describe("FileTokenStore: files that are not ours", () => {
  const TOKEN = { token: "fresh-token-123456", expiresAt: Date.now() + 7_200_000 };
  const CONTENT = "CONTENT-MUST-NOT-SHOW";

  async function ignoredThenReplaced(make: (file: string) => void, replaced = true) {
    const dir = fresh();
    const warnings: string[] = [];
    const store = new FileTokenStore({ dir, lockWaitMs: 0, onWarning: (m) => warnings.push(m) });
    const file = store.fileOf("k");
    make(file);
    // A FIFO or a device must not block the read: a hang is this test's time limit, not a pass.
    expect(await store.get("k")).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).not.toContain(CONTENT);
    await store.set("k", TOKEN).catch(() => {});
    if (replaced) expect(await store.get("k")).toEqual(TOKEN);
    return warnings;
  }

  it("a FIFO", async () => {
    await ignoredThenReplaced((file) => execFileSync("mkfifo", ["-m", "600", file]));
  });

  it("a symlink to /dev/zero", async () => {
    await ignoredThenReplaced((file) => symlinkSync("/dev/zero", file));
  });

  it("a regular file larger than MAX_TOKEN_FILE_BYTES, even one that parses", async () => {
    expect(MAX_TOKEN_FILE_BYTES).toBeLessThan(1024 * 1024);
    await ignoredThenReplaced((file) =>
      writeFileSync(file, `{"token":"${CONTENT}","expiresAt":${TOKEN.expiresAt}}${" ".repeat(1024 * 1024)}`, {
        mode: 0o600,
      }),
    );
  });

  it("a directory (never replaced: set() fails and is ignored, as core ignores it)", async () => {
    const warnings = await ignoredThenReplaced((file) => mkdirSync(file), false);
    expect(warnings[0]).toMatch(/not a regular file/);
  });

  it("JSON that is not a stored token", async () => {
    await ignoredThenReplaced((file) => writeFileSync(file, JSON.stringify({ token: 1, note: CONTENT })));
  });

  it("a waiting get() warns once, not at every poll", async () => {
    const dir = fresh();
    const warnings: string[] = [];
    const holder = new FileTokenStore({ dir });
    await holder.get("k"); // takes the lock: the next one waits
    const waiter = new FileTokenStore({ dir, lockWaitMs: 60, pollMs: 1, onWarning: (m) => warnings.push(m) });
    writeFileSync(waiter.fileOf("k"), "garbage");
    expect(await waiter.get("k")).toBeUndefined();
    holder.releaseAll();
    expect(warnings).toHaveLength(1);
  });

  it("refuses option values no timer can hold", () => {
    expect(() => new FileTokenStore({ dir: fresh(), lockWaitMs: 2 ** 31 })).toThrow(/lockWaitMs/);
    expect(() => new FileTokenStore({ dir: fresh(), pollMs: 0 })).toThrow(/pollMs/);
  });
});
