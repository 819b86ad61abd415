// Starts the provider through a real engine N times in a row and counts failures: the handshake
// soak. Each run is `<engine> providers schema -json` (or `validate`) in a scratch directory
// whose CLI config dev_overrides wxa-audit/wechat to the directory of the bundle, so there is
// no `init` and no registry.
//
//   node scripts/handshake-soak.mjs <engine binary> [count=200] [--bundle FILE] [--command schema|validate]
//
// Prints one line per failure (exit code and the engine's stderr) and a summary; exit 1 if any
// run failed. Runs are sequential and bounded by count; each run has a 120 s limit.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    bundle: { type: "string", default: join(root, "dist", "bundle", "terraform-provider-wechat.cjs") },
    command: { type: "string", default: "schema" },
  },
});
const [engine, countArg = "200"] = positionals;
if (!engine) {
  console.error(
    "usage: handshake-soak.mjs <engine binary> [count] [--bundle FILE] [--command schema|validate]",
  );
  process.exit(2);
}
const count = Number(countArg);

const scratch = mkdtempSync(join(tmpdir(), "wxa-soak-"));
const plugins = join(scratch, "plugins");
const work = join(scratch, "work");
mkdirSync(plugins);
mkdirSync(work);
// dev_overrides wants the executable under the provider's binary name, in a directory.
copyFileSync(resolve(values.bundle), join(plugins, "terraform-provider-wechat"));
const cliConfig = join(scratch, "cli.tfrc");
writeFileSync(
  cliConfig,
  `provider_installation {\n  dev_overrides {\n    "wxa-audit/wechat" = ${JSON.stringify(plugins)}\n  }\n  direct {}\n}\n`,
);
writeFileSync(
  join(work, "main.tf"),
  `terraform {\n  required_providers {\n    wechat = { source = "wxa-audit/wechat" }\n  }\n}\n` +
    `provider "wechat" {\n  time_budget_ms = 5000\n}\n` +
    `data "wechat_nickname_check" "name" {\n  nick_name = "Quiet Harbor Books"\n}\n`,
);
const args = values.command === "validate" ? ["validate", "-no-color"] : ["providers", "schema", "-json"];
const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };

let failures = 0;
const started = Date.now();
for (let i = 1; i <= count; i++) {
  const res = spawnSync(engine, args, {
    cwd: work,
    env,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  const ok =
    res.status === 0 &&
    (values.command === "validate" ||
      res.stdout.includes('"wxa-audit/wechat"') ||
      res.stdout.includes("/wxa-audit/wechat"));
  if (!ok) {
    failures++;
    console.log(
      `run ${i}: FAILED (exit ${res.status ?? res.signal}${res.error ? `, ${res.error.message}` : ""})`,
    );
    console.log(`${res.stderr}`.trim().split("\n").slice(-20).join("\n"));
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${engine} ${args.join(" ")}: ${count - failures} passed, ${failures} failed (${seconds} s)`);
rmSync(scratch, { recursive: true, force: true });
process.exitCode = failures > 0 ? 1 : 0;
