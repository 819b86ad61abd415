// Generates the typed bindings in src/gen/ from the provider's schema, as `cdktf get` does: the
// same library (@cdktf/provider-generator, the version of our cdktf) fed with the JSON that
// `terraform providers schema -json` prints for wxa-audit/wechat. Run it through
// `pnpm --filter @wxa-audit/cdktf-provider gen:bindings`; test/bindings.test.ts calls
// `generateBindings` too and fails when the committed files drift from the provider's schema.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const GEN_DIR = join(here, "..", "src", "gen");
export const PROVIDER_SOURCE = "wxa-audit/wechat";

const require = createRequire(import.meta.url);
// The package's index also loads its jsii language targets, which need jsii-pacmak; the provider
// generator alone does not. Its own dependencies are resolved from where it is installed.
const fromGenerator = createRequire(require.resolve("@cdktf/provider-generator/package.json"));
// @cdktf/commons runs `$TERRAFORM_BINARY_NAME version -json` when loaded (for cdktf-cli's debug
// output): generating needs no engine, so it gets a no-op while loading. Its telemetry to
// HashiCorp (read once, at load) is off: generating must not reach the network.
const engine = process.env.TERRAFORM_BINARY_NAME;
process.env.TERRAFORM_BINARY_NAME = "true";
const checkpoint = process.env.CHECKPOINT_DISABLE;
process.env.CHECKPOINT_DISABLE = "1";
const { TerraformProviderGenerator } = fromGenerator("./lib/get/generator/provider-generator");
const { CodeMaker } = fromGenerator("codemaker");
const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES } =
  fromGenerator("@cdktf/commons");
restoreEnv("TERRAFORM_BINARY_NAME", engine);
restoreEnv("CHECKPOINT_DISABLE", checkpoint);

function restoreEnv(name, value) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

const HEADER = [
  "// GENERATED FILE: do not edit. `pnpm --filter @wxa-audit/cdktf-provider gen:bindings` writes it",
  "// with @cdktf/provider-generator (what `cdktf get` runs) from the schema of",
  "// @wxa-audit/terraform-provider; test/bindings.test.ts fails when it drifts from that schema.",
];

/** The provider's schema as `terraform providers schema -json` prints it, from the built provider. */
export async function loadProviderSchema() {
  const { providerSchemaJson } = await import("@wxa-audit/terraform-provider");
  const json = providerSchemaJson();
  return typeof json === "string" ? JSON.parse(json) : json;
}

/** `~> MAJOR.MINOR` of the provider package: the constraint the bindings declare. */
export function providerVersionConstraint() {
  const { version } = require("@wxa-audit/terraform-provider/package.json");
  const [major, minor] = version.split(".");
  return `~> ${major}.${minor}`;
}

/** The bindings for `schema`: a map from path under src/gen/ to file content. */
export async function generateBindings(schema) {
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  generator.generate(
    new ConstructsMakerProviderTarget(
      new TerraformProviderConstraint({
        name: "wechat",
        source: PROVIDER_SOURCE,
        version: providerVersionConstraint(),
      }),
      LANGUAGES[0], // TypeScript
    ),
  );
  const out = mkdtempSync(join(tmpdir(), "wxa-bindings-"));
  try {
    await code.save(out);
    const root = join(out, "providers", "wechat");
    const files = new Map();
    const modules = readdirSync(root)
      .filter((d) => statSync(join(root, d)).isDirectory())
      .sort();
    for (const dir of modules) {
      files.set(`${dir}/index.ts`, fixForThisRepo(readFileSync(join(root, dir, "index.ts"), "utf8")));
    }
    // cdktf get's index.ts imports without extensions and its lazy-index.ts is CommonJS: this
    // package is ESM (NodeNext), so the index is written here with the same namespaces.
    const toCamel = (d) => d.replace(/-([a-z])/g, (_m, c) => c.toUpperCase());
    files.set(
      "index.ts",
      [...HEADER, ...modules.map((d) => `export * as ${toCamel(d)} from "./${d}/index.js";`), ""].join("\n"),
    );
    return files;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function fixForThisRepo(source) {
  // The repo compiles with noImplicitOverride; cdktf get's output predates that flag.
  const withOverride = source.replace(
    /^(\s+)(public|protected) (get alias|set alias|synthesizeAttributes|synthesizeHclAttributes)\(/gm,
    "$1$2 override $3(",
  );
  return `${HEADER.join("\n")}\n${withOverride}`;
}

/** The committed bindings: a map like `generateBindings`'s. */
export function readCommittedBindings(dir = GEN_DIR) {
  const files = new Map();
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p).split("\\").join("/"), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return files;
}

async function main() {
  const files = await generateBindings(await loadProviderSchema());
  rmSync(GEN_DIR, { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(GEN_DIR, path)), { recursive: true });
    writeFileSync(join(GEN_DIR, path), content);
  }
  process.stdout.write(`gen:bindings: wrote ${files.size} files to src/gen from the provider's schema\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
