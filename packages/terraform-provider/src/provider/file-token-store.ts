/**
 * A TokenStore on disk, so the plans of a day share one platform token until it nears expiry,
 * and provider processes running at once (terraform starts one per plan, validate, apply) fetch
 * one token between them instead of one each (WeChat caps token fetches per day). Moved here
 * from the hashicorp/external checker of @wxa-audit/cdktf-provider.
 *
 * - Where: `$WXA_TOKEN_CACHE_DIR`, else `$XDG_CACHE_HOME/wxa-audit`, else `<tmpdir>/wxa-audit-<uid>`.
 *   The directory must be ours and mode 0700 (tightened if ours and looser; ignored if not ours).
 * - What: one 0600 file per key, named by a hash of (namespace, key): no appid in a file name.
 *   Written to a temporary name and renamed, so readers never see half a file.
 * - When: the first process to miss takes a lock file and fetches, the others wait for its
 *   answer (bounded) instead of fetching too. Within one process core's token providers already
 *   keep one fetch in flight.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_TOKEN_MARGIN_MS, type StoredToken, type TokenStore } from "@wxa-audit/core";

export interface FileTokenStoreOptions {
  dir: string;
  /** Mixed into every file name: tokens of another WeChat (the emulator, say) never collide. */
  namespace?: string;
  /**
   * A stored token counts as fresh while `expiresAt - freshMarginMs > now`; defaults to core's
   * margin so a waiting process and core agree on "fresh".
   */
  freshMarginMs?: number;
  /** How long to wait for another process's fetch before fetching ourselves. */
  lockWaitMs?: number;
  /** A lock older than this is abandoned (its process died). */
  staleLockMs?: number;
  now?: () => number;
  /** Poll interval while another process fetches. */
  pollMs?: number;
}

export function defaultTokenCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WXA_TOKEN_CACHE_DIR) return env.WXA_TOKEN_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, "wxa-audit");
  const uid = typeof process.getuid === "function" ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `wxa-audit-${uid}`);
}

/** Creates (or checks) the cache directory; `undefined` when it is not safe to use. */
export function prepareCacheDir(dir: string): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || st.isSymbolicLink()) return undefined;
    if (typeof process.getuid === "function" && st.uid !== process.getuid()) return undefined;
    if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
    return dir;
  } catch {
    return undefined;
  }
}

export class FileTokenStore implements TokenStore {
  readonly dir: string;
  readonly #namespace: string;
  readonly #freshMarginMs: number;
  readonly #lockWaitMs: number;
  readonly #staleLockMs: number;
  readonly #pollMs: number;
  readonly #now: () => number;
  readonly #held = new Set<string>();

  constructor(opts: FileTokenStoreOptions) {
    this.dir = opts.dir;
    this.#namespace = opts.namespace ?? "";
    this.#freshMarginMs = opts.freshMarginMs ?? DEFAULT_TOKEN_MARGIN_MS;
    this.#lockWaitMs = opts.lockWaitMs ?? 10_000;
    this.#staleLockMs = opts.staleLockMs ?? 30_000;
    this.#pollMs = opts.pollMs ?? 20;
    this.#now = opts.now ?? Date.now;
  }

  /** The file a key lives in: a hash, so no appid shows in a directory listing. */
  fileOf(key: string): string {
    const h = createHash("sha256").update(`${this.#namespace}\0${key}`).digest("hex").slice(0, 40);
    return path.join(this.dir, `${h}.json`);
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const file = this.fileOf(key);
    const lock = `${file}.lock`;
    const giveUpAt = this.#now() + this.#lockWaitMs;
    for (;;) {
      const stored = this.#read(file);
      if (stored && this.#fresh(stored)) return stored;
      if (this.#held.has(lock) || this.#tryLock(lock)) {
        // Someone may have written between our read and our lock.
        const again = this.#read(file);
        if (again && this.#fresh(again)) {
          this.#release(lock);
          return again;
        }
        // Ours to fetch: core calls set() with the new token, which releases the lock.
        return stored;
      }
      if (this.#now() >= giveUpAt) return stored;
      await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
    }
  }

  async set(key: string, value: StoredToken): Promise<void> {
    const file = this.fileOf(key);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify({ token: value.token, expiresAt: value.expiresAt }), {
        mode: 0o600,
        flag: "wx",
      });
      fs.renameSync(tmp, file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    } finally {
      this.#release(`${file}.lock`);
    }
  }

  async delete(key: string): Promise<void> {
    fs.rmSync(this.fileOf(key), { force: true });
  }

  /** Drops the locks this process holds (a fetch that failed never reached set()). */
  releaseAll(): void {
    for (const lock of [...this.#held]) this.#release(lock);
  }

  #fresh(t: StoredToken): boolean {
    return t.expiresAt - this.#freshMarginMs > this.#now();
  }

  #read(file: string): StoredToken | undefined {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<StoredToken>;
      if (typeof parsed.token !== "string" || typeof parsed.expiresAt !== "number") return undefined;
      if (parsed.expiresAt <= this.#now()) return undefined;
      return { token: parsed.token, expiresAt: parsed.expiresAt };
    } catch {
      return undefined;
    }
  }

  #tryLock(lock: string): boolean {
    try {
      fs.writeFileSync(lock, String(process.pid), { mode: 0o600, flag: "wx" });
      this.#held.add(lock);
      return true;
    } catch {
      try {
        if (this.#now() - fs.statSync(lock).mtimeMs > this.#staleLockMs) fs.rmSync(lock, { force: true });
      } catch {
        // Gone already: the next round takes it.
      }
      return false;
    }
  }

  #release(lock: string): void {
    if (!this.#held.delete(lock)) return;
    fs.rmSync(lock, { force: true });
  }
}
