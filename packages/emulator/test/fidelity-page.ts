/**
 * Reads docs/reference/wechat-fidelity.md, the audit of what independent sources say WeChat
 * answers, interface by interface, into data: for each interface (found by the method and path of
 * its heading), the errcodes the page lists, and the wire errmsg where the page gives one for
 * certain. The fidelity test checks the catalogue and the emulator against this, so the page and
 * the code cannot drift apart; nothing here restates a fact of the page.
 */
import { readFileSync } from "node:fs";

export const FIDELITY_PAGE = new URL("../../../docs/reference/wechat-fidelity.md", import.meta.url);

export interface PageErrcode {
  readonly errcode: number;
  /** WeChat's wire errmsg as the page gives it; undefined where the page gives none for certain. */
  readonly errmsg: string | undefined;
  /** The page says the code is NOT documented for this interface (only in WeChat's global list). */
  readonly notForThisInterface: boolean;
  /** The table row or prose line it came from, for failure messages. */
  readonly line: string;
}

export interface PageInterface {
  readonly heading: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly errcodes: readonly PageErrcode[];
}

// "### 10. api_component_token — POST /cgi-bin/component/api_component_token  [D10]"
const HEADING = /^### \d+\. .*?\b(GET|POST) (\/\S+)/;
// An errcode in a first table cell or in prose: -1, five digits, or a range "53013–53017".
const CODE = /(?<![\w.:-])(-1|\d{5})(?:[–-](\d{5}))?(?![\w])/g;

function codesIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(CODE)) {
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let c = from; c <= to; c++) out.push(c);
  }
  return out;
}

/**
 * The wire errmsg of a table cell, when the cell is one: the text before any " (" note or " — "
 * remark. Cells that are notes about the errmsg rather than the errmsg itself (elided with "…",
 * a parenthesised note, a source tag, "wire wording unknown") give none.
 */
function errmsgOf(cell: string, codes: number): string | undefined {
  const text = cell.split(" — ")[0]!.split(" (")[0]!.trim();
  if (text === "" || (codes > 1 && !cell.includes("occupied"))) return undefined;
  if (/[…[(/]|global list|unknown|group/.test(text)) return undefined;
  return text;
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim());
}

/** The page's per-interface sections, in order. */
export function readFidelityPage(text = readFileSync(FIDELITY_PAGE, "utf8")): PageInterface[] {
  const start = text.indexOf("## Per-interface tables");
  const end = text.indexOf("## Doc samples");
  if (start < 0 || end < 0) throw new Error("wechat-fidelity.md: sections not found");
  const out: PageInterface[] = [];
  let current: { heading: string; method: "GET" | "POST"; path: string; errcodes: PageErrcode[] } | undefined;
  for (const line of text.slice(start, end).split("\n")) {
    const h = HEADING.exec(line);
    if (h) {
      current = { heading: line, method: h[1] as "GET" | "POST", path: h[2]!, errcodes: [] };
      out.push(current);
      continue;
    }
    if (!current || line.startsWith("Legend") || /^\|[-| ]+\|$/.test(line.trim())) continue;
    if (line.startsWith("|")) {
      const [first = "", second = ""] = cells(line);
      if (!/^(-1|\d{5})/.test(first)) continue; // the header row
      const codes = codesIn(first);
      const notForThisInterface = /\bnot on D\d/.test(second);
      for (const errcode of codes) {
        current.errcodes.push({ errcode, errmsg: errmsgOf(second, codes.length), notForThisInterface, line });
      }
      continue;
    }
    // Prose (the token sections): every errcode named, without an errmsg.
    for (const errcode of codesIn(line)) {
      current.errcodes.push({ errcode, errmsg: undefined, notForThisInterface: false, line });
    }
  }
  return out;
}
