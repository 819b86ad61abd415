/**
 * src/protocol/generated/ must be exactly what `gen:proto` makes from the vendored protos:
 * regenerate into a temp dir (same script, same buf and protoc-gen-es) and compare.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const committed = join(root, "src", "protocol", "generated");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

it("generated code matches the vendored protos", () => {
  const fresh = join(mkdtempSync(join(tmpdir(), "wxa-gen-")), "generated");
  execFileSync(process.execPath, [join(root, "scripts", "gen-proto.mjs"), fresh], { stdio: "pipe" });
  const list = (dir: string) =>
    files(dir)
      .map((f) => relative(dir, f))
      .sort();
  expect(list(committed)).toEqual(list(fresh));
  for (const file of list(fresh)) {
    expect(readFileSync(join(committed, file), "utf8"), `${file} drifted: run gen:proto`).toBe(
      readFileSync(join(fresh, file), "utf8"),
    );
  }
}, 60_000);
