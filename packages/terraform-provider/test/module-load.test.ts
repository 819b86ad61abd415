/**
 * Each module that mutation testing mutates (stryker.config.mjs), imported inside a test. A mutant
 * that makes a module throw while it loads fails every test file that imports it statically before
 * any test is collected: vitest then reports no tests at all, which StrykerJS counts as a survivor.
 * Here the import is a test of its own, so such a mutant fails a test and is killed. The imports
 * are literal so vitest's `related` (how Stryker picks the test files for a load-time mutant) finds
 * this file. Outside mutation testing it is a plain check: each module loads on its own.
 */
import { describe, expect, it } from "vitest";

const modules: Record<string, () => Promise<Record<string, unknown>>> = {
  "provider/logic": () => import("../src/provider/logic.js"),
  "provider/call-settings": () => import("../src/provider/call-settings.js"),
  "provider/provider-config": () => import("../src/provider/provider-config.js"),
  "provider/session": () => import("../src/provider/session.js"),
  "provider/read-cache": () => import("../src/provider/read-cache.js"),
  "provider/diagnostics": () => import("../src/provider/diagnostics.js"),
  "provider/file-token-store": () => import("../src/provider/file-token-store.js"),
  "data-sources/audit-quota": () => import("../src/data-sources/audit-quota.js"),
  "data-sources/code-audit-verdict": () => import("../src/data-sources/code-audit-verdict.js"),
  "data-sources/code-audit": () => import("../src/data-sources/code-audit.js"),
  "data-sources/common": () => import("../src/data-sources/common.js"),
  "data-sources/core-fields": () => import("../src/data-sources/core-fields.js"),
  "data-sources/data-source": () => import("../src/data-sources/data-source.js"),
  "data-sources/index": () => import("../src/data-sources/index.js"),
  "data-sources/inputs": () => import("../src/data-sources/inputs.js"),
  "data-sources/latest-code-audit": () => import("../src/data-sources/latest-code-audit.js"),
  "data-sources/nickname-audit": () => import("../src/data-sources/nickname-audit.js"),
  "data-sources/nickname-check": () => import("../src/data-sources/nickname-check.js"),
  "data-sources/verdict": () => import("../src/data-sources/verdict.js"),
  "protocol/dynamic-value": () => import("../src/protocol/dynamic-value.js"),
  "protocol/wire-codec": () => import("../src/protocol/wire-codec.js"),
};

describe("each mutated module loads on its own", () => {
  for (const [name, load] of Object.entries(modules))
    it(name, async () => {
      expect(Object.keys(await load()).length).toBeGreaterThan(0);
    });
});
