#!/usr/bin/env node
// Writes docs/index.md and docs/data-sources/*.md from the provider schema and examples/hcl/main.tf.
// Run after the build: `node scripts/gen-docs.mjs` (or `pnpm --filter @wxa-audit/terraform-provider docs`).
// test/docs.test.ts fails when the committed docs drift from what this writes.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderDocs } from "../dist/docs/render.js";
import { providerSchema } from "../dist/provider/index.js";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const example = readFileSync(join(pkg, "../../examples/hcl/main.tf"), "utf8");
for (const [file, content] of renderDocs(providerSchema(), example)) {
  const path = join(pkg, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  console.log(`wrote ${file}`);
}
