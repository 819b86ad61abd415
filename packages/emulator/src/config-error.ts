/**
 * A config that failed: each issue names the path of the bad value (`tenants[0].audits[1].status`)
 * and, from a file, its line and column. No issue quotes the config: the file holds app secrets,
 * verify tickets and refresh tokens, and this message goes to stderr.
 */

export interface ConfigIssue {
  /** `platforms[0].secret`; "" for the whole config. */
  path: string;
  message: string;
}

/** A config (file) that failed validation; `issues` name each bad value by its path. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `invalid emulator config (${source}):\n${issues.map((i) => `  ${i.path || "(root)"}: ${i.message}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/** `tenants[0].audits[1].status` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** Where a value is in the file (1-based), when it came from one. */
export type Locate = (
  path: ReadonlyArray<PropertyKey>,
  key?: string,
) => { line: number; col: number } | undefined;

export const at = (where: { line: number; col: number } | undefined): string =>
  where ? ` (line ${where.line}, column ${where.col})` : "";
