/**
 * Nothing but the commit point writes the store: only it imports the store's writers
 * (model/writes.ts) as values, and no other source file assigns, increments or map-writes the
 * state the journal files (tenants' counters, flags, names, tokens, platforms, rules, records'
 * spedUp, fault rules). The store's maps are also read-only by type outside model/writes.ts.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
  );
const sources = files(SRC).map((f) => ({ path: relative(SRC, f), text: readFileSync(f, "utf8") }));

/** Where the writers may be imported as values: the commit point and its apply step. */
const WRITERS_USERS = ["model/commit-point.ts", "model/apply-change.ts"];

const WRITES = [
  /\b(quota|undo|checks|flags)\.\w+\s*(\+\+|--|[-+*/]?=(?!=))/, // a counter or flag, in place
  /\.(spedUp|nickname|secretHash|authorizer)\s*=(?!=)/, // a flag, a name, a credential
  /\bstore\.rules\s*=(?!=)/, // the name rules
  /\bfaults\.(add|remove|clear|importState)\(/, // the fault rules (kept apart from the store)
  /\b(tenants|tokens|platforms|stableTokens|records)\.(set|delete|clear)\(/, // the store's maps
  /\b(auditIds|nicknameAuditIds)\.(push|splice|pop|shift|unshift)\(/, // a tenant's record lists
  /Object\.assign\(\s*\w+\.(quota|undo|checks|flags)\b/,
];

describe("the commit point is the only writer", () => {
  it("only the commit point imports the store's writers as values", () => {
    const importers = sources
      .filter((s) => /^import\s+(?!type\b)[^;]*from\s+"[./]*(model\/)?writes\.js"/m.test(s.text))
      .map((s) => s.path);
    expect(importers.sort()).toEqual([...WRITERS_USERS].sort());
  });

  it("no other module writes the state the journal files", () => {
    const offenders = sources
      .filter((s) => s.path !== "model/writes.ts" && !WRITERS_USERS.includes(s.path))
      .flatMap((s) =>
        s.text
          .split("\n")
          .map((line, i) => ({ line: line.trim(), at: `${s.path}:${i + 1}` }))
          .filter(({ line }) => !line.startsWith("*") && !line.startsWith("//"))
          .filter(({ line }) => WRITES.some((re) => re.test(line))),
      );
    expect(offenders).toEqual([]);
  });

  it("the patterns catch what they are meant to (so a pass means something)", () => {
    for (const bad of [
      "quota.used++;",
      "t.quota.speedupUsed += 1;",
      "sheet.spedUp = true;",
      "t.nickname = name;",
      "ctx.store.tokens.set(h, rec);",
      "store.stableTokens.delete(name);",
      "t.auditIds.push(id);",
      "Object.assign(t.undo, { day });",
      "store.rules = rules;",
      "em.faults.clear();",
    ])
      expect(
        WRITES.some((re) => re.test(bad)),
        bad,
      ).toBe(true);
    for (const fine of ["if (t.quota.used >= t.quota.limit)", "a.nickname === b", "store.tokens.get(h)"])
      expect(
        WRITES.some((re) => re.test(fine)),
        fine,
      ).toBe(false);
  });
});
