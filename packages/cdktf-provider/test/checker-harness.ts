/**
 * Runs a construct's check as Terraform would: synthesize the construct, take its data source's
 * query, spawn `node <bundled checker>` with that query on stdin, then evaluate the construct's
 * own postconditions and check-block asserts against the result.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Construct } from "constructs";
import { checkerBundlePath } from "../src/checker-asset.js";
import { evaluateTemplate, type TfValue } from "../src/terraform-expression.js";
import { onlyExternal, synth } from "./helpers.js";

export const CHECKER = checkerBundlePath();

export interface CheckerRun {
  code: number | null;
  stdout: string;
  stderr: string;
  result: Record<string, string>;
}

/** `node wxa-check.cjs` with the query on stdin, as hashicorp/external runs it. */
export function runChecker(
  query: Record<string, string> | string,
  env: NodeJS.ProcessEnv,
): Promise<CheckerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("node", [CHECKER], { env: { PATH: process.env.PATH, ...env }, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      let result: Record<string, string> = {};
      if (code === 0) result = JSON.parse(stdout) as Record<string, string>;
      resolve({ code, stdout, stderr, result });
    });
    child.stdin.end(typeof query === "string" ? query : JSON.stringify(query));
  });
}

export interface Judged extends CheckerRun {
  query: Record<string, string>;
  /** error_messages of failed postconditions: the plan fails. */
  errors: string[];
  /** error_messages of failed check asserts: the plan warns. */
  warnings: string[];
}

/** Declares one check with `declare`, runs it, and judges it with its own conditions. */
export async function judge(declare: (scope: Construct) => void, env: NodeJS.ProcessEnv): Promise<Judged> {
  const { json } = synth(declare);
  const { name, ds } = onlyExternal(json);
  const run = await runChecker(ds.query, env);
  const errors: string[] = [];
  const warnings: string[] = [];
  if (run.code === 0) {
    // hashicorp/external insists on a flat object of strings.
    for (const v of Object.values(run.result))
      if (typeof v !== "string") throw new Error("non-string result");
    const self = { self: { result: run.result } };
    for (const pc of ds.lifecycle?.postcondition ?? []) {
      if (evaluateTemplate(pc.condition, self) !== true)
        errors.push(String(evaluateTemplate(pc.error_message, self)));
    }
    const data: Record<string, TfValue> = { data: { external: { [name]: { result: run.result } } } };
    for (const check of Object.values(json.check ?? {}) as Array<{
      assert: Array<{ condition: string; error_message: string }>;
    }>) {
      for (const a of check.assert) {
        if (evaluateTemplate(a.condition, data) !== true)
          warnings.push(String(evaluateTemplate(a.error_message, data)));
      }
    }
  }
  return { ...run, query: ds.query, errors, warnings };
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export { join };
