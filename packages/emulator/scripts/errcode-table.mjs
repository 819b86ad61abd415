// Writes the README's errcode tables from src/errcode-causes.ts (built): run after changing an
// endpoint's errcodes or a cause. test/readme-errcodes.test.ts fails while the README lags.
import { readFileSync, writeFileSync } from "node:fs";
import { errcodeTable } from "../dist/errcode-causes.js";

const README = new URL("../README.md", import.meta.url);
const BEGIN = "<!-- errcode-table:begin -->";
const END = "<!-- errcode-table:end -->";
const text = readFileSync(README, "utf8");
const from = text.indexOf(BEGIN);
const to = text.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md: no ${BEGIN} ... ${END} block`);
writeFileSync(README, `${text.slice(0, from + BEGIN.length)}\n\n${errcodeTable()}\n\n${text.slice(to)}`);
console.log("README.md: errcode tables written");
