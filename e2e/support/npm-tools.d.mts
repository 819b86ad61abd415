export type NpmTool =
  | { ok: true; dir: string; bin(name: string): string; ms: number; cached: boolean }
  | { ok: false; error: string };

export const CDKTF_CLI_VERSION: string;
export const npmToolsDir: string;
export const npmCacheDir: string;
export function ensureNpmTool(
  name: string,
  version: string,
  opts?: { log?: (line: string) => void },
): NpmTool;
