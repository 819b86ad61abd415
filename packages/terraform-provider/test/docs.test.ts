/** The committed docs are what the schema and the HCL example generate (scripts/gen-docs.mjs). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderDocs, topLevelBlocks } from "../src/docs/render.js";
import { providerSchema } from "../src/provider/index.js";

const pkg = join(import.meta.dirname, "..");
const example = readFileSync(exampleFile(pkg), "utf8");

/**
 * The repository's examples/hcl/main.tf, looked for upwards: StrykerJS runs this file from a copy
 * of the package (.stryker-tmp/sandbox-*), where "../../examples" is not the repository's. Without
 * it this file failed to load there, no test of it ran, and every schema description mutant
 * survived.
 */
function exampleFile(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, "examples/hcl/main.tf");
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) throw new Error(`no examples/hcl/main.tf above ${from}`);
  }
}
const docs = renderDocs(providerSchema(), example);

describe("docs", () => {
  it.each([...docs.keys()])(
    "%s matches the schema (run `node scripts/gen-docs.mjs` after the build)",
    (file) => {
      expect(readFileSync(join(pkg, file), "utf8")).toBe(docs.get(file));
    },
  );

  it("one page per data source, plus the index", () => {
    expect([...docs.keys()].sort()).toEqual([
      "docs/data-sources/audit_quota.md",
      "docs/data-sources/code_audit.md",
      "docs/data-sources/latest_code_audit.md",
      "docs/data-sources/nickname_audit.md",
      "docs/data-sources/nickname_check.md",
      "docs/index.md",
    ]);
  });

  it("every data source's page has its example in both severities, and its schema lists", () => {
    for (const [file, text] of docs) {
      if (!file.startsWith("docs/data-sources/")) continue;
      expect(text).toMatch(/^---\npage_title: |^---\n# generated/);
      expect(text).toContain("## Example Usage");
      expect(text).toMatch(/severity\s+= "warning"/);
      expect(text).toContain("### Read-Only");
      expect(text).toContain("- `ok` (Boolean)");
    }
    expect(docs.get("docs/data-sources/code_audit.md")).toContain("### Required\n\n- `audit_id` (Number)");
    expect(docs.get("docs/data-sources/code_audit.md")).toContain("- `allowed_statuses` (List of String)");
    expect(docs.get("docs/index.md")).toContain("- `access_token` (String, Sensitive)");
    expect(docs.get("docs/index.md")).toContain('source = "wxa-audit/wechat"');
  });

  it("cuts top-level HCL blocks with their comments, ignoring braces in strings", () => {
    const blocks = topLevelBlocks('# a\nx "y" {\n  v = "a}}{"\n  m = {\n  }\n}\n\nz {}\n');
    expect(blocks.map((b) => b.text)).toEqual(['# a\nx "y" {\n  v = "a}}{"\n  m = {\n  }\n}', "z {}"]);
  });
});
