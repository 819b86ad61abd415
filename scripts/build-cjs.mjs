// The CommonJS half of each published package's dual build, run from the package directory after
// `tsc` has written the ESM build and its declarations to dist/:
//   dist/cjs/**.js     every src/**.ts that the `require` entry points reach, compiled file by
//                      file (not bundled) by esbuild to CommonJS, with a source map pointing at
//                      the shipped src/;
//   dist/cjs/**.d.ts   tsc's declarations (and their maps), copied: under dist/cjs/package.json's "type": "commonjs"
//                      TypeScript reads them as CommonJS, which `require` resolution (node16,
//                      nodenext) needs;
//   dist/cjs/package.json  {"type": "commonjs"}.
// Why a CommonJS build at all: jest's default runtime and ts-node with the stock
// `cdktf init --template=typescript` tsconfig load packages through `require`, and jest's module
// system cannot load ES modules (Node's require(esm) does not help there). esbuild rather than a
// second tsc: tsc refuses `import.meta` under `module: commonjs`, esbuild shims it (below), and it
// takes milliseconds instead of a second type-checking pass.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { build } from "esbuild";

// `--src <dir>`: where the sources are when not src/ (the cdktn flavour compiles a generated copy);
// `--no-sourcemap`: for a package that ships no sources for its maps to point at.
const args = process.argv.slice(2);
const srcArg = args.includes("--src") ? args[args.indexOf("--src") + 1] : "src";
const sourcemap = !args.includes("--no-sourcemap");
const pkg = process.cwd();
const src = join(pkg, srcArg);
const dist = join(pkg, "dist");
const out = join(dist, "cjs");

/** Every file under `dir`, recursively, as paths. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** The src files of the package's `require` entry points (exports' `require.default`). */
function requireEntries() {
  const { exports } = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  return Object.values(exports)
    .map((e) => (typeof e === "object" ? e.require?.default : undefined))
    .filter(Boolean)
    .map((p) => join(src, p.replace(/^\.\/dist\/cjs\//, "").replace(/\.js$/, ".ts")));
}

/**
 * The src files `require` can reach: the entries and what they import, transitively. The rest
 * (the bins' CLI modules, which use top-level await) stays ESM-only, run by the ESM bins.
 */
async function reachable(entries) {
  const { metafile } = await build({
    entryPoints: entries,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    outdir: out,
    logLevel: "silent",
  });
  return Object.keys(metafile.inputs).map((f) => join(pkg, f));
}

rmSync(out, { recursive: true, force: true });
const entryPoints = await reachable(requireEntries());
const IMPORT_META_URL = "__wxaImportMetaUrl";
const result = await build({
  entryPoints,
  outdir: out,
  outbase: src,
  bundle: false,
  format: "cjs",
  platform: "node",
  target: "node20",
  sourcemap,
  logLevel: "warning",
  // `import.meta.url` (createRequire(import.meta.url) for lazily loaded dependencies) has no
  // CommonJS meaning; this file's URL is what every use of it here wants. Declared after
  // "use strict" (a banner would come before it and turn strict mode off), in the files using it.
  define: { "import.meta.url": IMPORT_META_URL },
  write: false,
});
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  let text = file.text;
  if (file.path.endsWith(".js") && text.includes(IMPORT_META_URL)) {
    text = text.replace(
      '"use strict";\n',
      `"use strict";\nvar ${IMPORT_META_URL} = require("node:url").pathToFileURL(__filename).href;\n`,
    );
  }
  writeFileSync(file.path, text);
}

for (const f of walk(dist)) {
  if (f.startsWith(`${out}/`)) continue;
  const target = join(out, relative(dist, f));
  if (f.endsWith(".d.ts")) {
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(f, target);
  } else if (f.endsWith(".d.ts.map")) {
    // Declaration maps too (go to definition lands in src/), their sources re-pointed from here.
    const map = JSON.parse(readFileSync(f, "utf8"));
    map.sources = map.sources.map((s) => relative(dirname(target), resolve(dirname(f), s)));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(map));
  }
}
writeFileSync(join(out, "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
