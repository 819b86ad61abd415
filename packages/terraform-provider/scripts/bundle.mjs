// Bundles src/main.ts (the wire, the provider logic, @wxa-audit/core and their dependencies)
// into ONE self-contained executable file: dist/bundle/terraform-provider-wechat.cjs, with a
// #! line and mode 0755, because the engines exec the provider directly and `init` hashes the
// whole provider directory (so no side files). CommonJS because dependencies require Node
// built-ins dynamically, which an ESM bundle cannot. Start time matters (engines start the provider ~3
// times per plan): minified, no source map; see bench/start.mjs.
//
// The file is a small loader (see LOADER) holding
//  - the start path (the entry and its static imports: handshake, TLS, node:http2 server),
//    compiled at every start through V8's code cache;
//  - chunks, each deflated and base64-encoded, inflated and compiled (also through the code
//    cache) only when first used: every `import("./relative")` of the entry's code becomes one
//    (main.ts: the provider, i.e. protobuf-es, the logic, core, zod, msgpack). Bytes in the
//    file cost every start (read, scan: ~1 ms per 100 KB measured), so chunks are stored packed (~4x smaller) and inflated (a few ms) only by a start that needs them.
//  - for the real entry, the GetProviderSchema / GetMetadata answers, computed at build time by
//    running the provider chunk itself (src/precomputed-answers.ts).
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE_OUT = join(root, "dist", "bundle", "terraform-provider-wechat.cjs");
const MAIN = join(root, "src", "main.ts");
const PRECOMPUTED = join(root, "src", "precomputed-answers.ts");
const PROVIDER_CHUNK = join(root, "src", "provider-chunk.ts");
/** The parameter through which bundled code reaches the loader's chunk table (see LOADER). */
const CHUNK_FN = "__wxa_chunk";

const ESBUILD = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  // Error names come from class names (diagnostics and logs report error.name).
  keepNames: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  write: false,
};

/** One build: the chunks it made (name -> code), shared by the nested builds. */
class Chunks {
  constructor() {
    this.code = new Map();
    this.building = new Map();
  }
  /** Bundles `file` (once) as a chunk; its own dynamic imports become chunks too. */
  add(name, file) {
    if (!this.building.has(name)) {
      this.building.set(
        name,
        build({ ...ESBUILD, entryPoints: [file], plugins: this.plugins() }).then((r) => {
          this.code.set(name, r.outputFiles[0].text);
        }),
      );
    }
    return this.building.get(name);
  }
  plugins(extra = []) {
    return [...extra, lazyChunks(this), noUndici()];
  }
}

/** `import("./x.js")` of our own code -> a module that asks the loader for chunk "x". */
function lazyChunks(chunks) {
  return {
    name: "lazy-chunks",
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.kind !== "dynamic-import") return undefined;
        const resolved = await b.resolve(args.path, {
          resolveDir: args.resolveDir,
          kind: "import-statement",
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, namespace: "lazy-chunk" };
      });
      b.onLoad({ filter: /.*/, namespace: "lazy-chunk" }, async (args) => {
        const name = relative(root, args.path).replace(/\.[cm]?[jt]s$/, "");
        await chunks.add(name, args.path);
        return { loader: "js", contents: `module.exports = ${CHUNK_FN}(${JSON.stringify(name)});` };
      });
    },
  };
}

/**
 * undici must not come back into the provider: core sends through node:http unless given a
 * Dispatcher, and undici would cost a start that reads ~50 ms to load and ~200 ms at exit (V8
 * finishing its llhttp WebAssembly; see core's src/http/node.ts). The build fails instead.
 */
function noUndici() {
  return {
    name: "no-undici",
    setup(b) {
      b.onResolve({ filter: /^undici$/ }, (args) => ({
        errors: [
          {
            text: `undici imported by ${relative(root, args.importer)}: the provider sends through node:http`,
          },
        ],
      }));
    },
  };
}

/** The real entry's precomputed answers: run the provider chunk as the bundle would. */
async function precomputeAnswers(chunks) {
  await chunks.add(relative(root, PROVIDER_CHUNK).replace(/\.ts$/, ""), PROVIDER_CHUNK);
  const loaded = new Map();
  const chunk = (name) => {
    if (!loaded.has(name)) {
      const m = { exports: {} };
      loaded.set(name, m);
      const fn = new Function(
        "exports",
        "require",
        "module",
        "__filename",
        "__dirname",
        CHUNK_FN,
        chunks.code.get(name),
      );
      fn(m.exports, createRequire(import.meta.url), m, PROVIDER_CHUNK, root, chunk);
    }
    return loaded.get(name).exports;
  };
  const silent = { log() {}, enabled: () => false };
  const { loadProvider, PRECOMPUTED_METHODS } = chunk(relative(root, PROVIDER_CHUNK).replace(/\.ts$/, ""));
  const provider = loadProvider(silent, {});
  const answers = {};
  for (const method of PRECOMPUTED_METHODS) {
    answers[method] = Buffer.from(await provider.handlers.get(method)(new Uint8Array(0))).toString("base64");
  }
  return answers;
}

/** `entry`: tests bundle their own entry (a fake ProviderLogic) exactly like the real one. */
export async function bundleProvider(outfile = BUNDLE_OUT, entry = MAIN) {
  mkdirSync(dirname(outfile), { recursive: true });
  const chunks = new Chunks();
  const answers = entry === MAIN ? await precomputeAnswers(chunks) : undefined;
  const replacePrecomputed = {
    name: "precomputed-answers",
    setup(b) {
      b.onLoad({ filter: /precomputed-answers\.ts$/ }, (args) =>
        args.path === PRECOMPUTED && answers
          ? {
              loader: "ts",
              contents: `export const PRECOMPUTED_ANSWERS = ${JSON.stringify(answers)};\nexport const PRECOMPUTED_METHODS = ${JSON.stringify(Object.keys(answers))};\n`,
            }
          : undefined,
      );
    },
  };
  const result = await build({
    ...ESBUILD,
    entryPoints: [entry],
    metafile: true,
    plugins: chunks.plugins([replacePrecomputed]),
  });
  await Promise.all(chunks.building.values());
  writeFileSync(outfile, loader(result.outputFiles[0].text, chunks.code));
  chmodSync(outfile, 0o755);
  return result;
}

const key = (code) => createHash("sha256").update(code).digest("hex").slice(0, 24);

/**
 * V8 compiles the start path at every start, three times per plan. So the code is compiled
 * with vm.Script and V8's code cache, kept per user in $XDG_CACHE_HOME/wxa-audit/v8 (else
 * ~/.cache/..., else <tmpdir>/wxa-audit-<uid>/v8), keyed by a hash of the code, the Node
 * version and the architecture, one file per chunk. Measured on the one-chunk bundle: 1.61x
 * instead of 2.17x `node -e 0` in the same run (see bench/start.mjs).
 *
 * Trust: a code cache is executable, so the directory must be ours (owner = our uid, no group
 * or other write) or it is not used. Any failure (missing, rejected by V8, unwritable) falls
 * back to a normal compile: the cache can only make a start faster, never break it. A file is
 * written at exit, atomically (temp + rename), when it was missing or rejected.
 * WXA_PROVIDER_CODE_CACHE=0 turns it off.
 */
function loader(main, chunks) {
  // By name, not by the order the builds finished in: the same sources give the same file
  // (release.mjs's zips and SHA256SUMS are reproducible).
  const packed = Object.fromEntries(
    [...chunks]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, code]) => [
        name,
        { key: key(code), code: deflateRawSync(Buffer.from(code, "utf8"), { level: 9 }).toString("base64") },
      ]),
  );
  return `#!/usr/bin/env node
// terraform-provider-wechat (wxa-audit/wechat): generated by scripts/bundle.mjs, do not edit.
"use strict";
const CODE = ${JSON.stringify(main)};
const CHUNKS = ${JSON.stringify(packed)};
(function run() {
  const vm = require("node:vm");
  const fs = require("node:fs");
  const os = require("node:os");
  const path = require("node:path");
  let dir;
  if (process.env.WXA_PROVIDER_CODE_CACHE !== "0" && typeof process.getuid === "function") {
    try {
      const uid = process.getuid();
      const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), ".cache") : "");
      const d = base ? path.join(base, "wxa-audit", "v8") : path.join(os.tmpdir(), "wxa-audit-" + uid, "v8");
      fs.mkdirSync(d, { recursive: true, mode: 0o700 });
      const st = fs.statSync(d);
      if (st.uid === uid && (st.mode & 0o022) === 0) dir = d;
    } catch {}
  }
  const toWrite = [];
  function compile(key, code) {
    const source = "(function (exports, require, module, __filename, __dirname, ${CHUNK_FN}) {" + code + "\\n})";
    let file;
    let cached;
    if (dir) {
      file = path.join(dir, key + "-" + process.version + "-" + process.arch + ".bin");
      try {
        const f = fs.statSync(file);
        if (f.uid === process.getuid() && (f.mode & 0o022) === 0) {
          cached = fs.readFileSync(file);
          fs.utimesSync(file, new Date(), new Date()); // in use: keep it from the 30-day pruning
        }
      } catch {}
    }
    const script = new vm.Script(source, { filename: __filename, cachedData: cached });
    if (file && (!cached || script.cachedDataRejected)) {
      if (toWrite.length === 0) process.once("exit", writeCaches);
      toWrite.push([file, script]);
    }
    return script.runInThisContext();
  }
  function writeCaches() {
    try {
      for (const [file, script] of toWrite) {
        const tmp = file + "." + process.pid + ".tmp";
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, file);
      }
      // Caches of other versions: drop those unused for 30 days, so upgrades do not pile up.
      const keep = new Set(toWrite.map(([file]) => file));
      for (const name of fs.readdirSync(dir)) {
        const old = path.join(dir, name);
        if (!keep.has(old) && Date.now() - fs.statSync(old).mtimeMs > 30 * 86400000) fs.unlinkSync(old);
      }
    } catch {}
  }
  const loaded = new Map();
  function chunk(name) {
    let m = loaded.get(name);
    if (m === undefined) {
      const { key, code } = CHUNKS[name];
      m = { exports: {} };
      loaded.set(name, m);
      const text = require("node:zlib").inflateRawSync(Buffer.from(code, "base64")).toString("utf8");
      compile(key, text)(m.exports, require, m, __filename, __dirname, chunk);
    }
    return m.exports;
  }
  compile(${JSON.stringify(key(main))}, CODE)(exports, require, module, __filename, __dirname, chunk);
})();
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await bundleProvider();
  if (process.argv.includes("--analyze")) {
    const { analyzeMetafile } = await import("esbuild");
    console.log(await analyzeMetafile(result.metafile));
  }
}
