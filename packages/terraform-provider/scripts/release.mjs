#!/usr/bin/env node
// release.mjs — the provider's release artifacts, in the layout a provider registry (and a
// "packed" filesystem mirror) expects, for every platform we publish:
//
//   dist/release/terraform-provider-wechat_<ver>_<os>_<arch>.zip   one entry:
//                  terraform-provider-wechat_v<ver>  (the bundle, mode 0755)
//   dist/release/terraform-provider-wechat_<ver>_manifest.json    {"version":1,"metadata":{"protocol_versions":["6.0"]}}
//   dist/release/terraform-provider-wechat_<ver>_SHA256SUMS        sha256sum format, zips + manifest
//
// The zips are deterministic (fixed entry time, fixed attributes, fixed compression level, no
// extra fields), so the same bundle always gives the same SHA256SUMS.
//
//   node scripts/release.mjs [--out DIR] [--mirror DIR] [--platforms linux_amd64,...] [--bundle FILE] [--quiet]
//
//   --mirror DIR   also lay the zips out as a packed filesystem mirror for both registry hosts:
//                  DIR/<host>/wxa-audit/wechat/terraform-provider-wechat_<ver>_<os>_<arch>.zip
//
// Needs the build first (`pnpm --filter @wxa-audit/terraform-provider build`): it packs
// dist/bundle/terraform-provider-wechat.cjs and takes the names from dist/install/layout.js.
// Signing SHA256SUMS (the public registry wants a detached GPG signature) is not done here.
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { zipSync } from "fflate";

const pkgRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const layoutJs = join(pkgRoot, "dist", "install", "layout.js");
const defaultBundle = join(pkgRoot, "dist", "bundle", "terraform-provider-wechat.cjs");

function die(msg) {
  process.stderr.write(`release: ${msg}\n`);
  process.exit(1);
}

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      out: { type: "string", default: join(pkgRoot, "dist", "release") },
      mirror: { type: "string" },
      platforms: { type: "string" },
      bundle: { type: "string", default: defaultBundle },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (err) {
  process.stderr.write(`release: ${err.message}\n`);
  process.exit(2);
}
const bundle = resolve(opts.bundle);
if (opts.help) {
  process.stdout.write(
    "usage: node scripts/release.mjs [--out DIR] [--mirror DIR] [--platforms linux_amd64,...] [--quiet]\n",
  );
  process.exit(0);
}
for (const [f, what] of [
  [layoutJs, "dist/install/layout.js"],
  [bundle, bundle === defaultBundle ? "dist/bundle/terraform-provider-wechat.cjs" : bundle],
]) {
  if (!existsSync(f))
    die(`${what} is missing: build first (pnpm --filter @wxa-audit/terraform-provider build)`);
}
const layout = await import(layoutJs);
const { version } = JSON.parse(readFileSync(join(pkgRoot, "package.json"), "utf8"));
const platforms = opts.platforms ? opts.platforms.split(",").filter(Boolean) : [...layout.RELEASE_PLATFORMS];
const unknown = platforms.filter((p) => !layout.isPlatform(p));
if (unknown.length)
  die(`unknown platform ${unknown.join(", ")}; one of ${layout.RELEASE_PLATFORMS.join(", ")}`);

const executable = readFileSync(bundle);
if (!executable.subarray(0, 2).equals(Buffer.from("#!")))
  die(`${bundle} has no #! line: not an executable script`);

// A DOS date-time is local time, and fflate reads it with local getters: build it from local
// components so every time zone writes the same bytes. 1980-01-01 is the zip epoch.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
// Regular file (S_IFREG), rwxr-xr-x, in the high 16 bits ("version made by" Unix = 3): what
// Go's archive/zip (the engines' unzip) turns into mode 0755.
const UNIX_EXECUTABLE = 0o100755 * 0x10000;

function zipFor() {
  return Buffer.from(
    zipSync(
      {
        [layout.binaryName(version)]: [
          new Uint8Array(executable),
          { level: 9, mtime: FIXED_MTIME, os: 3, attrs: UNIX_EXECUTABLE },
        ],
      },
      { level: 9, mtime: FIXED_MTIME },
    ),
  );
}
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

const out = resolve(opts.out);
mkdirSync(out, { recursive: true });
// Only this provider's artifacts of any version are replaced; nothing else in --out is touched.
for (const f of readdirSync(out)) if (f.startsWith("terraform-provider-wechat_")) rmSync(join(out, f));

const files = [];
const zipBytes = zipFor(); // the same bytes for every platform: the bundle runs on all of them
for (const p of platforms) {
  const name = layout.zipName(version, p);
  writeFileSync(join(out, name), zipBytes);
  files.push({ name, sha: sha256(zipBytes), size: zipBytes.length });
}
const manifest = Buffer.from(
  `${JSON.stringify({ version: 1, metadata: { protocol_versions: layout.PROTOCOL_VERSIONS } })}\n`,
);
const manifestName = layout.manifestName(version);
writeFileSync(join(out, manifestName), manifest);
files.push({ name: manifestName, sha: sha256(manifest), size: manifest.length });
files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const sums = files.map((f) => `${f.sha}  ${f.name}\n`).join("");
writeFileSync(join(out, layout.shasumsName(version)), sums);

if (opts.mirror) {
  const mirror = resolve(opts.mirror);
  for (const host of layout.HOSTS) {
    const d = layout.packedDir(mirror, host);
    mkdirSync(d, { recursive: true });
    for (const f of readdirSync(d)) if (f.endsWith(".zip")) rmSync(join(d, f));
    for (const p of platforms)
      copyFileSync(join(out, layout.zipName(version, p)), join(d, layout.zipName(version, p)));
  }
}

if (!opts.quiet) {
  process.stdout.write(`release: wxa-audit/wechat ${version}, ${platforms.length} platforms, in ${out}\n`);
  for (const f of files) process.stdout.write(`  ${f.sha}  ${f.name} (${f.size} bytes)\n`);
  process.stdout.write(`  ${layout.shasumsName(version)}\n`);
  if (opts.mirror)
    process.stdout.write(
      `release: packed mirror for ${layout.HOSTS.join(", ")} in ${resolve(opts.mirror)}\n`,
    );
}
