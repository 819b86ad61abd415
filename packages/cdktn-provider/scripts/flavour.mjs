// The cdktn flavour's sources: @wxa-audit/cdktf-provider's src/ (constructs, generated bindings,
// matchers) and its unit tests, copied into flavour/ with every `cdktf` module specifier mapped
// to `cdktn` (and the package's own name to this one's). Nothing else changes: one set of
// sources, two flavours, so they cannot drift. The bindings test is left out (it regenerates
// the cdktf bindings with @cdktf/provider-generator, a cdktf tool). Run by build, typecheck and
// test; `flavour/` is generated, never edited.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_DIR = join(here, "..");
export const CDKTF_PACKAGE_DIR = join(PACKAGE_DIR, "..", "cdktf-provider");
export const FLAVOUR_DIR = join(PACKAGE_DIR, "flavour");
const SKIPPED = new Set(["test/bindings.test.ts"]);

/**
 * `from "cdktf"`, `import("cdktf")`, `import 'cdktf'`, `require("cdktf")` and subpaths
 * (`cdktf/lib/...`) become cdktn's; `@wxa-audit/cdktf-provider[/x]` becomes this package.
 * Only module specifiers: identifiers (`cdktf.Token`) and text stay as they are.
 */
export function toCdktn(source) {
  return source
    .replace(/((?:\bfrom|\bimport|\brequire\()\s*\(?\s*)(["'])cdktf(\/[^"']*)?\2/g, "$1$2cdktn$3$2")
    .replace(/(["'])@wxa-audit\/cdktf-provider(\/[^"']*)?\1/g, "$1@wxa-audit/cdktn-provider$2$1");
}

function copyTree(from, to, rel = "") {
  for (const entry of readdirSync(join(from, rel))) {
    const path = join(rel, entry);
    if (SKIPPED.has(relative(CDKTF_PACKAGE_DIR, join(from, path)))) continue;
    if (statSync(join(from, path)).isDirectory()) copyTree(from, to, path);
    else if (/\.(ts|mts|js|mjs)$/.test(entry)) {
      mkdirSync(dirname(join(to, path)), { recursive: true });
      writeFileSync(join(to, path), toCdktn(readFileSync(join(from, path), "utf8")));
    }
  }
}

export function writeFlavour() {
  rmSync(FLAVOUR_DIR, { recursive: true, force: true });
  for (const dir of ["src", "test"]) copyTree(join(CDKTF_PACKAGE_DIR, dir), join(FLAVOUR_DIR, dir));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFlavour();
