import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultTokenCacheDir, FileTokenStore, prepareCacheDir } from "../src/provider/file-token-store.js";

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
