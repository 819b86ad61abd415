/**
 * The emulator's limits, named in one place with their defaults. Each says why it is what it is,
 * and how to override it where it can be.
 */

// Config files and snapshots

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
