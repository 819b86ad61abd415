export interface Tools {
  ok: true;
  tofuBin: string;
  terraformBin: string;
  cliConfig: string;
  externalVersion: string;
  relabel: { from: string; to: string } | null;
  terraformNote: string;
}
export interface ToolsFailure {
  ok: false;
  error: string;
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
export const DEFAULT_MIRROR_VERSION: string;
export function provisionTools(opts?: { log?: (line: string) => void }): Tools | ToolsFailure;
export function relabelNote(relabel: { from: string; to: string }): string;
export function engineVersion(bin: string, cliConfig?: string): string;
export function detectEngines(tools: Tools | ToolsFailure | undefined, env?: NodeJS.ProcessEnv): Engine[];
export function hasGo(): boolean;
export function engineEnv(engine: Engine, extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
export function runEngine(
  engine: Engine,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<EngineRun>;
