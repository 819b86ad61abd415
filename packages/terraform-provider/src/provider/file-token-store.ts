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
 * - Bad files: a token file is only ever read if it is a regular file (no symlink, FIFO or device:
 *   a FIFO would block the process, /dev/zero would fill its memory) of at most
 *   MAX_TOKEN_FILE_BYTES. Anything else is ignored with a warning that names the file, never its
 *   content, and the next fetch writes a good file over it.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEFAULT_TOKEN_MARGIN_MS,
  MAX_TIMER_MS,
  rangeProblem,
  type StoredToken,
  type TokenStore,
} from "@wxa-audit/core";

/**
 * A stored token is `{"token": "...", "expiresAt": n}`: WeChat's tokens are a few hundred bytes.
 * Past this a file is not one of ours.
 */
export const MAX_TOKEN_FILE_BYTES = 64 * 1024;

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
  /** A token file was not usable and is ignored: what to tell the user (a path, never content). */
  onWarning?: (message: string) => void;
}

/** Where the platform has them (Linux, macOS); elsewhere the fstat check alone guards. */
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

function ms(name: string, value: number, min: number): number {
  const problem = rangeProblem(name, value, { min, max: MAX_TIMER_MS, integer: true, unit: "ms" });
  if (problem) throw new RangeError(`FileTokenStore: ${problem}`);
  return value;
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
    // Stryker disable next-line LogicalOperator: mkdirSync already refused a non-directory; a symlink is both
    if (!st.isDirectory() || st.isSymbolicLink()) return undefined;
    if (typeof process.getuid === "function" && st.uid !== process.getuid()) return undefined;
    if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
    return dir;
  } catch {
    // Not usable (made by someone else, unreadable, ...): fall through.
  }
  return undefined;
}

export class FileTokenStore implements TokenStore {
  readonly dir: string;
  readonly #namespace: string;
  readonly #freshMarginMs: number;
  readonly #lockWaitMs: number;
  readonly #staleLockMs: number;
  readonly #pollMs: number;
  readonly #now: () => number;
  readonly #onWarning: (message: string) => void;
  readonly #held = new Set<string>();

  constructor(opts: FileTokenStoreOptions) {
    this.dir = opts.dir;
    this.#namespace = opts.namespace ?? "";
    this.#freshMarginMs = ms("freshMarginMs", opts.freshMarginMs ?? DEFAULT_TOKEN_MARGIN_MS, 0);
    this.#lockWaitMs = ms("lockWaitMs", opts.lockWaitMs ?? 10_000, 0);
    this.#staleLockMs = ms("staleLockMs", opts.staleLockMs ?? 30_000, 0);
    this.#pollMs = ms("pollMs", opts.pollMs ?? 20, 1);
    this.#now = opts.now ?? Date.now;
    const warn = opts.onWarning ?? (() => {});
    // Once per message: a waiting get() reads the same bad file at every poll.
    const warned = new Set<string>();
    this.#onWarning = (message) => {
      if (warned.has(message)) return;
      warned.add(message);
      warn(message);
    };
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
    // Stryker disable next-line MethodExpression: the name stays unique with or without "0." in it
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify({ token: value.token, expiresAt: value.expiresAt }), {
        mode: 0o600,
        // Stryker disable next-line StringLiteral: the name is random per write, so no test can plant a file there first
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
    const text = this.#readBounded(file);
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as Partial<StoredToken> | null;
      if (typeof parsed?.token !== "string" || typeof parsed.expiresAt !== "number") throw new Error();
      if (parsed.expiresAt <= this.#now()) return undefined;
      return { token: parsed.token, expiresAt: parsed.expiresAt };
    } catch {
      this.#onWarning(
        `Token cache file ${file} is not a stored token; ignored (a new token will replace it).`,
      );
      return undefined;
    }
  }

  /**
   * The file's text, if it is a regular file of at most MAX_TOKEN_FILE_BYTES; undefined when
   * there is none (the usual miss) or it is not usable (with a warning). Opened without
   * following a symlink and without blocking (a FIFO opens at once), then checked on the open
   * descriptor, so what is checked is what is read.
   */
  #readBounded(file: string): string | undefined {
    let fd: number;
    try {
      fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW | NONBLOCK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") this.#onWarning(`Token cache file ${file} cannot be opened (${code}); ignored.`);
      return undefined;
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) {
        this.#onWarning(
          `Token cache file ${file} is not a regular file; ignored (a new token will replace it).`,
        );
        return undefined;
      }
      const buf = Buffer.alloc(MAX_TOKEN_FILE_BYTES + 1);
      let n = 0;
      for (;;) {
        const read = fs.readSync(fd, buf, n, buf.length - n, null);
        if (read === 0) break;
        n += read;
        if (n > MAX_TOKEN_FILE_BYTES) {
          this.#onWarning(
            `Token cache file ${file} is larger than ${MAX_TOKEN_FILE_BYTES} bytes; ignored (a new token will replace it).`,
          );
          return undefined;
        }
      }
      return buf.subarray(0, n).toString("utf8");
    } catch (err) {
      this.#onWarning(
        `Token cache file ${file} cannot be read (${(err as NodeJS.ErrnoException).code}); ignored.`,
      );
      return undefined;
    } finally {
      fs.closeSync(fd);
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
