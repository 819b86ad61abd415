/**
 * The shape of the source, pinned: the emulator is organised by area, and no file grows past 300
 * lines without saying why at its top.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
  );

describe("source layout", () => {
  it("no file over 300 lines without a reason stated at its top", () => {
    for (const file of files(SRC)) {
      const text = readFileSync(file, "utf8");
      if (text.split("\n").length <= 300) continue;
      expect(text.split("\n").slice(0, 20).join("\n"), file).toMatch(/Over 300 lines/);
    }
  });

  it("each record-keeping area has its machine, model, handlers, admin routes and schemas", () => {
    for (const area of ["code-audit", "nickname"])
      for (const f of ["machine", "model", "handlers", "admin", "schemas", "index"])
        expect(existsSync(join(SRC, "areas", area, `${f}.ts`)), `${area}/${f}.ts`).toBe(true);
    for (const f of ["model", "handlers", "index"])
      expect(existsSync(join(SRC, "areas", "tokens", `${f}.ts`))).toBe(true);
    for (const f of ["state", "model", "handlers", "admin", "schemas", "index"])
      expect(existsSync(join(SRC, "areas", "release", `${f}.ts`)), `release/${f}.ts`).toBe(true);
  });
});
