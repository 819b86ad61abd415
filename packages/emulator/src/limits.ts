/**
 * Every bound the emulator keeps, in one table: its default, the range an override may take, and
 * why it is there. Overrides come from `EmulatorOptions.limits`, the config file's `limits:` key
 * and the CLI's `--limit name=value` (options win over the config); limit-options.ts checks them
 * against these ranges. What happens past each bound is said with it; on the WeChat surface a
 * refused body is WeChat's 47001, on the admin API a 4xx with `code: "limit_exceeded"` naming
 * `limits.<name>`.
 */

export interface LimitSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly unit: "bytes" | "levels" | "entries" | "seconds";
  /** What it bounds and what happens past it (shown by the README). */
  readonly doc: string;
}

/** The limits in force: one number per row of LIMITS. */
export type Limits = { readonly [K in LimitName]: number };
export type LimitName = keyof typeof LIMITS;

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const LIMITS = {
  // --- Bodies: what any JSON entry point reads ------------------------------------------
  wechatBodyBytes: {
    default: MiB,
    min: KiB,
    max: 64 * MiB,
    unit: "bytes",
    doc: "WeChat-surface request body (WeChat's own 1 MiB); past it 47001 at once, the rest discarded unparsed (at most 16 times the limit)",
  },
  adminBodyBytes: {
    default: MiB,
    min: KiB,
    max: 64 * MiB,
    unit: "bytes",
    doc: "admin API request body (every route but PUT /snapshot); past it 413",
  },
  snapshotBodyBytes: {
    default: 64 * MiB,
    min: KiB,
    max: GiB,
    unit: "bytes",
    doc: "PUT /__admin/snapshot body (a snapshot holds every tenant); past it 413",
  },
  jsonDepth: {
    // The deepest legitimate body (a snapshot) is 5 levels; V8 overflows its stack turning a value
    // back into JSON a few thousand levels down, and structuredClone at ~2,000: 512 keeps clear of both.
    default: 64,
    min: 8,
    max: 512,
    unit: "levels",
    doc: "nesting of any JSON body (WeChat surface, admin API, snapshot) and of fault rules and config; past it 47001 or 400",
  },

  // --- The journal ----------------------------------------------------------------------
  journalEntries: {
    default: 10_000,
    min: 0,
    max: 1_000_000,
    unit: "entries",
    doc: "journal entries kept (0: no journal); the oldest go first",
  },
  journalBytes: {
    // Ten thousand ordinary entries take about 10 MiB. V8 lets its heap grow to two or three times
    // what is live before a full collection, so each MiB kept here costs more than a MiB of RSS.
    default: 32 * MiB,
    min: 64 * KiB,
    max: 4 * GiB,
    unit: "bytes",
    doc: "journal size, as its entries' approximate JSON bytes; the oldest go first",
  },
  journalFieldBytes: {
    default: 64 * KiB,
    min: 256,
    max: 64 * MiB,
    unit: "bytes",
    doc: "a journal entry's request or answer; a larger one is left out (`elided` gives its size)",
  },

  // --- Tenants and tokens ---------------------------------------------------------------
  lenientTenants: {
    default: 10_000,
    min: 1,
    max: 1_000_000,
    unit: "entries",
    doc: "tenants lenient mode made (one per unknown token or appid); the least recently used is evicted (journaled)",
  },
  lenientTenantBytes: {
    default: 32 * MiB,
    min: MiB,
    max: 16 * GiB,
    unit: "bytes",
    doc: "what lenient tenants keep (their records and release state, as approximate JSON bytes); the least recently used are evicted",
  },
  issuedTokens: {
    default: 100_000,
    min: 100,
    max: 10_000_000,
    unit: "entries",
    doc: "tokens the token endpoints issued, all appids; the oldest are forgotten first",
  },
  tokensPerAppid: {
    default: 16,
    min: 2,
    max: 1_000,
    unit: "entries",
    doc: "tokens of one kind kept per appid (a new one retires older ones); the oldest are forgotten first",
  },
  expiredTokenSeconds: {
    default: 86_400,
    min: 0,
    max: 30 * 86_400,
    unit: "seconds",
    doc: "how long an expired token is still known (42001 rather than 40001), on its appid's clock",
  },

  // --- Fault rules, schedules, history ---------------------------------------------------
  faultRules: {
    default: 1_000,
    min: 1,
    max: 100_000,
    unit: "entries",
    doc: "fault rules at once; another is refused (409)",
  },
  schedulesPerRecord: {
    default: 100,
    min: 1,
    max: 100_000,
    unit: "entries",
    doc: "scheduled moves pending on one record; another is refused (409)",
  },
  historyPerRecord: {
    default: 1_000,
    min: 10,
    max: 1_000_000,
    unit: "entries",
    doc: "transitions kept in a record's history (the journal has them all); the oldest go first",
  },

  // --- Pushes ---------------------------------------------------------------------------
  pushDeliveries: {
    default: 1_000,
    min: 1,
    max: 1_000_000,
    unit: "entries",
    doc: "push deliveries kept for the admin API; finished ones are forgotten first",
  },
  pushAttemptsKept: {
    default: 20,
    min: 1,
    max: 10_000,
    unit: "entries",
    doc: "tries kept per delivery (admin re-deliveries can add any number; every try is journaled)",
  },
} as const satisfies Record<string, LimitSpec>;

// --- Config files and times ----------------------------------------------------------
// Not rows of LIMITS: the config file's size must be known before the config (and its
// `limits:`) is read, so it is set by an option or flag only; the time bounds are facts of the
// calendar and of `Date`, not tunables.

/**
 * Largest config file read (`--config`, `config: "file.yaml"`), in bytes: 1 MiB. The YAML parser
 * needs about 90 MiB and 1.5 s for a 1 MiB file (some 4,500 tenants with two audits each), so a
 * bigger one is more likely a mistake (`/dev/zero`, a log) than a config. Override with
 * `configMaxBytes` (`--config-max-bytes`).
 */
export const CONFIG_FILE_MAX_BYTES = 1024 * 1024;

/**
 * The latest instant a clock may show, in unix seconds: 9999-12-31T23:59:59Z. A config's clock
 * start, a snapshot's clocks and every time a record carries stay at or below it, and a clock
 * advance past it is refused, so whatever the emulator answers formats as a date.
 */
export const MAX_UNIX_SECONDS = 253_402_300_799;

/**
 * The latest instant a due or expiry time (milliseconds) may name: the last one a JavaScript
 * `Date` holds. A move scheduled up to 100 years ahead of a clock at MAX_UNIX_SECONDS stays below.
 */
export const MAX_INSTANT_MS = 8_640_000_000_000_000;
