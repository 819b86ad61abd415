#!/usr/bin/env node
// Summarises StrykerJS's JSON reports (packages/*/reports/mutation/mutation.json, the
// mutation-testing-report-schema Stryker writes) as one Markdown table per package: killed,
// survived, no coverage and timeout per file, and the score as Stryker counts it, (killed +
// timeout) / (every valid mutant). Equivalent mutants marked with `Stryker disable` are "Ignored"
// and left out, as in Stryker's own report.
//
//   node scripts/mutation-summary.mjs            print the tables
//   node scripts/mutation-summary.mjs --check    also exit 1 if a target of issue 13 is missed:
//                                                every file >= 80%, each package >= 85%,
//                                                redaction and token handling >= 90%
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TARGETS } from "./stryker-base.mjs";

const root = join(import.meta.dirname, "..");
const { file: FILE_MIN, package: PACKAGE_MIN, strict: STRICT } = TARGETS;

const VALID = new Set(["Killed", "Timeout", "Survived", "NoCoverage"]);

/** Counts of one file's mutants by status. */
function tally(mutants) {
  const t = { Killed: 0, Survived: 0, NoCoverage: 0, Timeout: 0 };
  for (const m of mutants) if (VALID.has(m.status)) t[m.status]++;
  const valid = t.Killed + t.Survived + t.NoCoverage + t.Timeout;
  const detected = t.Killed + t.Timeout;
  return { ...t, valid, detected, score: valid === 0 ? 100 : (100 * detected) / valid };
}

const pct = (n) => `${n.toFixed(1)}%`;
const failures = [];
let reports = 0;

for (const pkg of readdirSync(join(root, "packages")).sort()) {
  const file = join(root, "packages", pkg, "reports/mutation/mutation.json");
  if (!existsSync(file)) continue;
  reports++;
  const report = JSON.parse(readFileSync(file, "utf8"));
  const rows = Object.entries(report.files)
    .map(([path, f]) => [path.replace(/^.*?(src\/)/, "$1"), tally(f.mutants)])
    .sort(([a], [b]) => a.localeCompare(b));
  const total = tally(Object.values(report.files).flatMap((f) => f.mutants));
  console.log(`\n### ${pkg}\n`);
  console.log("| file | killed | survived | no coverage | timeout | score |");
  console.log("| --- | --: | --: | --: | --: | --: |");
  for (const [path, t] of rows) {
    console.log(
      `| \`${path}\` | ${t.Killed} | ${t.Survived} | ${t.NoCoverage} | ${t.Timeout} | ${pct(t.score)} |`,
    );
    const min = STRICT[`packages/${pkg}/${path}`] ?? FILE_MIN;
    if (t.score < min) failures.push(`packages/${pkg}/${path}: ${pct(t.score)} < ${min}%`);
  }
  console.log(
    `| **all** | ${total.Killed} | ${total.Survived} | ${total.NoCoverage} | ${total.Timeout} | **${pct(total.score)}** |`,
  );
  if (total.score < PACKAGE_MIN) failures.push(`packages/${pkg}: ${pct(total.score)} < ${PACKAGE_MIN}%`);
}

if (reports === 0) {
  console.error(
    "no reports: run `pnpm test:mutation` first (each package writes reports/mutation/mutation.json)",
  );
  process.exit(1);
}
if (process.argv.includes("--check")) {
  if (failures.length > 0) {
    console.error(`\nbelow target:\n${failures.map((f) => `  ${f}`).join("\n")}`);
    process.exit(1);
  }
  console.log("\nevery target met");
}
