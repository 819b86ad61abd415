/**
 * Runs `wxa` from the source (src/cli.ts's runCli) in this process, with its own argv, env,
 * stdin and captured output, as the bin would print it (one line per message). The CLI tests
 * use this so a change to the source can fail them; test/bin.test.ts keeps one check of the
 * built bin itself.
 */
import { runCli } from "../../src/cli.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runWxa(args: string[], env: Record<string, string>, stdin = ""): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (s) => (stdout += `${s}\n`),
    stderr: (s) => (stderr += `${s}\n`),
    env: { ...env },
    stdin: (async function* () {
      yield Buffer.from(stdin);
    })(),
  });
  return { code, stdout, stderr };
}
