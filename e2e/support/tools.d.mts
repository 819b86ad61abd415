export interface Tools {
  ok: true;
  tofuBin: string;
  terraformBin: string;
  /** The provisioned CLI config: the hashicorp/* mirror only. */
  cliConfig: string;
  /** The unpacked hashicorp/* mirror (hashicorp/http). */
  providersDir: string;
  httpVersion: string;
  terraformNote: string;
}
export interface ToolsFailure {
  ok: false;
  error: string;
}
export interface PackedProvider {
  /** The release artifacts (zips, SHA256SUMS, manifest). */
  release: string;
  /** The packed filesystem mirror of the zips, for both registry hosts. */
  mirror: string;
  /** CLI config: the packed mirror for wxa-audit/wechat, the provisioned one for hashicorp/*. */
  cliConfig: string;
  zips: string[];
  version: string;
}
export interface Engine {
  /** e.g. "tofu-1.12.6" */
  id: string;
  /** e.g. "OpenTofu 1.12.6" */
  name: string;
  bin: string;
  version: string;
  /** TF_CLI_CONFIG_FILE for this engine ("" = leave the user's). */
  cliConfig: string;
}
export interface EngineRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const repoRoot: string;
export const provisionScript: string;
export const providerPackageDir: string;
export const providerBundle: string;
export const releaseScript: string;
export const providerVersion: string;
export const PROVIDER_ADDRESSES: string[];
export function provisionTools(opts?: { log?: (line: string) => void }): Tools | ToolsFailure;
export function packProvider(dir: string, tools: Tools | ToolsFailure | undefined): PackedProvider;
export function cliConfigText(opts: { wechatMirror: string; providersDir: string }): string;
export function engineVersion(bin: string, cliConfig?: string): string;
export function detectEngines(
  tools: Tools | ToolsFailure | undefined,
  env?: NodeJS.ProcessEnv,
  cliConfig?: string,
): Engine[];
export function hasGo(): boolean;
export function engineEnv(engine: Engine, extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
export const ENGINE_RUN_TIMEOUT_MS: number;
export function runEngine(
  engine: Engine,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<EngineRun>;
