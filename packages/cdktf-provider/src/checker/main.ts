/**
 * The plan-time checker, run by hashicorp/external as `node wxa-check.cjs`: a flat JSON object
 * of strings on stdin (the data source's query), a flat JSON object of strings on stdout (its
 * result), exit 0 for every outcome it can name. Misuse (unreadable stdin, a bad query, missing
 * credentials) is one line on stderr and exit 2; never a stack trace, never a secret.
 */
import { scrubText } from "@wxa-audit/core";
import { parseQuery } from "./query.js";
import { runCheck, scrubResult, secretValues } from "./run-check.js";
import { CheckerUsageError } from "./usage-error.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function die(message: string, code: number): void {
  process.stderr.write(`wxa-check: ${message.replace(/\s+/g, " ").trim()}\n`, () => process.exit(code));
}

async function main(): Promise<void> {
  let secrets: string[] = [];
  try {
    let text: string;
    try {
      text = await readStdin();
    } catch {
      throw new CheckerUsageError("cannot read stdin");
    }
    const req = parseQuery(text);
    secrets = secretValues(req);
    const result = scrubResult(await runCheck(req), secrets);
    process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
  } catch (err) {
    if (err instanceof CheckerUsageError) return die(scrubText(err.message, secrets), 2);
    const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    die(`internal error (please report): ${scrubText(what, secrets)}`, 1);
  }
}

void main();
