/**
 * The README's errcode tables are the ones src/errcode-causes.ts renders: every errcode of every
 * endpoint's row, WeChat's errmsg from core's catalogue, and how to produce it. Compared cell by
 * cell (the formatter pads the columns); `pnpm --filter @wxa-audit/emulator docs:errcodes`
 * rewrites them.
 */
import { readFileSync } from "node:fs";
import { ENDPOINTS, type EndpointName, GENERIC_ERRCODES } from "@wxa-audit/core/tables";
import { describe, expect, it } from "vitest";
import { ERRCODE_CAUSES, errcodeTable } from "../src/errcode-causes.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const block = readme.slice(
  readme.indexOf("<!-- errcode-table:begin -->") + "<!-- errcode-table:begin -->".length,
  readme.indexOf("<!-- errcode-table:end -->"),
);
/** A table row as its cells, trimmed; a separator row's cells as `---`. */
const rows = (md: string) =>
  md
    .split("\n")
    .filter((l) => l.trim().startsWith("|"))
    .map((l) =>
      l
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/^:?-+:?$/, "---")),
    );

describe("the README's errcode tables", () => {
  it("are what errcode-causes.ts renders (run `pnpm --filter @wxa-audit/emulator docs:errcodes`)", () => {
    expect(readme).toContain("<!-- errcode-table:end -->");
    expect(rows(block)).toEqual(rows(errcodeTable()));
  });

  it("give a cause for every errcode of every endpoint's row, and for every generic code", () => {
    for (const [name, def] of Object.entries(ENDPOINTS) as [
      EndpointName,
      (typeof ENDPOINTS)[EndpointName],
    ][]) {
      const own = (def.errcodes as readonly number[]).filter(
        (c) => !(GENERIC_ERRCODES as readonly number[]).includes(c),
      );
      expect(Object.keys(ERRCODE_CAUSES[name]).map(Number).sort(), name).toEqual([...own].sort());
    }
    const table = rows(block);
    for (const c of GENERIC_ERRCODES) expect(table.some((r) => r[0] === String(c))).toBe(true);
  });
});
