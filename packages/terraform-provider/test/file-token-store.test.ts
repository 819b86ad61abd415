import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir, userInfo } from "node:os";
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

/** The cache directory is only used when it is ours and private. */
describe("prepareCacheDir", () => {
  const root = () => mkdtempSync(join(tmpdir(), "wxa-prep-"));

  it("creates a missing directory 0700, and tightens a looser one of ours", () => {
    const made = join(root(), "a", "b");
    expect(prepareCacheDir(made)).toBe(made);
    expect(statSync(made).mode & 0o777).toBe(0o700);
    const loose = join(root(), "loose");
    mkdirSync(loose, { mode: 0o755 });
    chmodSync(loose, 0o755);
    expect(prepareCacheDir(loose)).toBe(loose);
    expect(statSync(loose).mode & 0o777).toBe(0o700);
  });

  it("refuses a symlink, a file and (as root) a directory someone else owns", () => {
    const r = root();
    const real = join(r, "real");
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, join(r, "link"));
    expect(prepareCacheDir(join(r, "link"))).toBeUndefined();
    writeFileSync(join(r, "file"), "");
    expect(prepareCacheDir(join(r, "file"))).toBeUndefined();
    if (process.getuid?.() === 0) {
      const theirs = join(r, "theirs");
      mkdirSync(theirs, { mode: 0o755 });
      chownSync(theirs, 12345, 12345);
      expect(prepareCacheDir(theirs)).toBeUndefined();
      // Not ours: not tightened either.
      expect(statSync(theirs).mode & 0o777).toBe(0o755);
    }
  });
});

/** Locks between processes: each store is a process; clocks are injected, nothing sleeps. */
describe("FileTokenStore: locks", () => {
  const lockOf = (store: FileTokenStore) => `${store.fileOf("k")}.lock`;

  it("takes over a lock older than staleLockMs (its process died) instead of waiting", async () => {
    const dir = fresh();
    const dead = new FileTokenStore({ dir });
    expect(await dead.get("k")).toBeUndefined(); // takes the lock, never sets
    const later = Date.now() + 60_000;
    const next = new FileTokenStore({ dir, staleLockMs: 30_000, now: () => later, pollMs: 1 });
    // The clock is frozen: only taking the lock over ends this get().
    expect(await next.get("k")).toBeUndefined();
    expect(existsSync(lockOf(next))).toBe(true);
    next.releaseAll(); // it is next's lock now
    expect(existsSync(lockOf(next))).toBe(false);
  });

  it("waits for a live lock up to lockWaitMs, then gives up and leaves it alone", async () => {
    const dir = fresh();
    const holder = new FileTokenStore({ dir });
    await holder.get("k");
    let now = Date.now();
    const ticks: number[] = [];
    const waiter = new FileTokenStore({
      dir,
      staleLockMs: 600_000,
      lockWaitMs: 5_000,
      pollMs: 1,
      now: () => {
        ticks.push(now);
        now += 1_000;
        return now;
      },
    });
    expect(await waiter.get("k")).toBeUndefined();
    waiter.releaseAll();
    expect(existsSync(lockOf(holder))).toBe(true); // still the holder's
    // About five polls of 1 s each: it neither gave up at once nor waited on.
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    expect(ticks.length).toBeLessThan(20);
    holder.releaseAll();
    expect(existsSync(lockOf(holder))).toBe(false);
  });

  it("with lockWaitMs 0 and a stopped clock, gives up at once", async () => {
    const dir = fresh();
    const holder = new FileTokenStore({ dir });
    await holder.get("k");
    const t = Date.now();
    const waiter = new FileTokenStore({ dir, lockWaitMs: 0, staleLockMs: 600_000, now: () => t });
    expect(await waiter.get("k")).toBeUndefined();
    holder.releaseAll();
  });

  it("a token written by another process just as we took the lock is used, and the lock let go", async () => {
    const dir = fresh();
    const t = Date.now();
    const other = new FileTokenStore({ dir });
    // In the refresh margin: not fresh, so this get() goes for the lock.
    await other.set("k", { token: "old", expiresAt: t + 1_000 });
    let calls = 0;
    const store = new FileTokenStore({
      dir,
      now: () => {
        // The third reading of the clock is the freshness check of the first read: the other
        // process's set() lands right after it, before our lock.
        if (++calls === 3)
          writeFileSync(other.fileOf("k"), JSON.stringify({ token: "new", expiresAt: t + 7_200_000 }));
        return t;
      },
    });
    expect(await store.get("k")).toEqual({ token: "new", expiresAt: t + 7_200_000 });
    expect(existsSync(lockOf(store))).toBe(false);
  });

  it("a token in the refresh margin is handed back with the lock taken (the caller fetches)", async () => {
    const dir = fresh();
    const t = Date.now();
    const setter = new FileTokenStore({ dir });
    await setter.set("k", { token: "aging", expiresAt: t + 1_000 });
    const store = new FileTokenStore({ dir, now: () => t });
    expect(await store.get("k")).toEqual({ token: "aging", expiresAt: t + 1_000 });
    expect(existsSync(lockOf(store))).toBe(true);
    await store.set("k", { token: "renewed", expiresAt: t + 7_200_000 });
    expect(existsSync(lockOf(store))).toBe(false);
    // With a smaller margin the same age is fresh: no lock taken.
    await setter.set("k", { token: "aging", expiresAt: t + 1_000 });
    const relaxed = new FileTokenStore({ dir, now: () => t, freshMarginMs: 500 });
    expect(await relaxed.get("k")).toEqual({ token: "aging", expiresAt: t + 1_000 });
    expect(existsSync(lockOf(relaxed))).toBe(false);
  });

  it("an expired token is a plain miss (no warning); delete() removes the file", async () => {
    const dir = fresh();
    const t = Date.now();
    const warnings: string[] = [];
    const store = new FileTokenStore({
      dir,
      now: () => t,
      lockWaitMs: 0,
      onWarning: (m) => warnings.push(m),
    });
    await store.set("k", { token: "gone", expiresAt: t });
    expect(await store.get("k")).toBeUndefined();
    expect(warnings).toEqual([]);
    store.releaseAll();
    await store.set("k", { token: "kept", expiresAt: t + 7_200_000 });
    expect(existsSync(store.fileOf("k"))).toBe(true);
    await store.delete("k");
    expect(existsSync(store.fileOf("k"))).toBe(false);
    expect(await store.get("k")).toBeUndefined();
  });

  it("a failed set() leaves no temporary file and lets go of the lock", async () => {
    const dir = fresh();
    const store = new FileTokenStore({ dir, lockWaitMs: 0 });
    mkdirSync(store.fileOf("k")); // the rename onto it fails
    await store.get("k"); // takes the lock
    await expect(store.set("k", { token: "t", expiresAt: Date.now() + 7_200_000 })).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"))).toEqual([]);
  });
});

describe("FileTokenStore: what it reads and refuses", () => {
  it("never follows a symlink, even to a good token file elsewhere", async () => {
    const dir = fresh();
    const elsewhere = join(mkdtempSync(join(tmpdir(), "wxa-elsewhere-")), "token.json");
    writeFileSync(elsewhere, JSON.stringify({ token: "planted-token", expiresAt: Date.now() + 7_200_000 }));
    const warnings: string[] = [];
    const store = new FileTokenStore({ dir, lockWaitMs: 0, onWarning: (m) => warnings.push(m) });
    symlinkSync(elsewhere, store.fileOf("k"));
    expect(await store.get("k")).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(store.fileOf("k"));
  });

  it("a file of exactly MAX_TOKEN_FILE_BYTES is still read", async () => {
    const dir = fresh();
    const store = new FileTokenStore({ dir, lockWaitMs: 0 });
    const token = { token: "padded-token", expiresAt: Date.now() + 7_200_000 };
    const text = JSON.stringify(token);
    writeFileSync(store.fileOf("k"), text + " ".repeat(MAX_TOKEN_FILE_BYTES - text.length));
    expect(await store.get("k")).toEqual(token);
  });

  it.each([
    ["null", "null"],
    ["no expiry", JSON.stringify({ token: "a" })],
    ["no token", JSON.stringify({ expiresAt: 1 })],
    ["a string expiry", JSON.stringify({ token: "a", expiresAt: "tomorrow" })],
  ])("%s: not a stored token, ignored with a warning", async (_name, text) => {
    const dir = fresh();
    const warnings: string[] = [];
    const store = new FileTokenStore({ dir, lockWaitMs: 0, onWarning: (m) => warnings.push(m) });
    writeFileSync(store.fileOf("k"), text);
    expect(await store.get("k")).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining("is not a stored token")]);
  });

  it("a fresh token is served at once while another process holds the lock", async () => {
    const dir = fresh();
    const t = Date.now();
    const holder = new FileTokenStore({ dir, now: () => t });
    await holder.get("k"); // holds the lock
    await new FileTokenStore({ dir }).set("k", { token: "fresh", expiresAt: t + 7_200_000 });
    // A stopped clock: waiting for the lock would never end.
    const reader = new FileTokenStore({ dir, now: () => t, staleLockMs: 600_000 });
    expect(await reader.get("k")).toEqual({ token: "fresh", expiresAt: t + 7_200_000 });
    holder.releaseAll();
  });

  it("no namespace is the empty namespace", async () => {
    const dir = fresh();
    await new FileTokenStore({ dir }).set("k", { token: "plain", expiresAt: Date.now() + 7_200_000 });
    expect((await new FileTokenStore({ dir, namespace: "", lockWaitMs: 0 }).get("k"))?.token).toBe("plain");
  });

  it("the default directory is per user under the temporary directory", () => {
    const who = typeof process.getuid === "function" ? process.getuid() : userInfo().username;
    expect(defaultTokenCacheDir({})).toBe(join(tmpdir(), `wxa-audit-${who}`));
  });

  it("each option is checked by name: whole milliseconds within a timer's range", () => {
    expect(() => new FileTokenStore({ dir: fresh(), freshMarginMs: -1 })).toThrow(/freshMarginMs/);
    expect(() => new FileTokenStore({ dir: fresh(), staleLockMs: -1 })).toThrow(/staleLockMs/);
    expect(() => new FileTokenStore({ dir: fresh(), lockWaitMs: 1.5 })).toThrow(/lockWaitMs/);
    expect(
      () => new FileTokenStore({ dir: fresh(), lockWaitMs: 0, pollMs: 1, freshMarginMs: 0 }),
    ).not.toThrow();
  });
});
