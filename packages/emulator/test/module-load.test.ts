/**
 * Each module that mutation testing mutates, imported inside a test. A mutant that makes a module
 * throw while it is imported fails every test file that imports it statically before any test is
 * collected: vitest then reports no tests at all, which StrykerJS would count as a survivor. Here
 * the import is a test of its own, so such a mutant fails a test and counts as killed (see
 * stryker.config.mjs). It is a plain check outside mutation testing too: each module loads alone.
 */
import { describe, expect, it } from "vitest";

const modules: Record<string, () => Promise<Record<string, unknown>>> = {
  "areas/code-audit/machine": () => import("../src/areas/code-audit/machine.js"),
  "areas/nickname/machine": () => import("../src/areas/nickname/machine.js"),
  faults: () => import("../src/faults.js"),
  "name-rules": () => import("../src/name-rules.js"),
  clock: () => import("../src/clock.js"),
  journal: () => import("../src/journal.js"),
};

describe("each mutated module loads on its own", () => {
  for (const [name, load] of Object.entries(modules))
    it(name, async () => {
      expect(Object.keys(await load()).length).toBeGreaterThan(0);
    });
});
