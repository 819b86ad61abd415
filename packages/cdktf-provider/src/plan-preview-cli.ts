/**
 * `wxa-plan-preview <stack dir>...`: runs the checks of synthesized stacks as `plan` would and
 * prints a summary. Exit 1 when a check would fail the plan, 2 on misuse.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { formatPlanPreview, runChecksLikeTerraform } from "./plan-preview.js";

const dirs = process.argv.slice(2);
if (dirs.length === 0 || dirs.some((d) => !existsSync(join(d, "cdk.tf.json")))) {
  process.stderr.write("usage: wxa-plan-preview <dir containing cdk.tf.json>...\n");
  process.exit(2);
}
let failed = false;
for (const dir of dirs) {
  const preview = await runChecksLikeTerraform(dir);
  process.stdout.write(`${formatPlanPreview(preview)}\n`);
  failed ||= !preview.ok;
}
process.exit(failed ? 1 : 0);
