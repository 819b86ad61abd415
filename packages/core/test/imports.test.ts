/**
 * Every module core's mutation testing mutates can be imported. Why a test of its own: a mutant
 * that makes a module throw while it loads (a top-level check turned round) fails every test
 * file that imports it statically at collection, so vitest reports no tests from them, and
 * Stryker counts a run with no failed test as a survivor. Imported here inside a test, the same
 * failure is a failed test: the mutant is killed. The imports are literal so vitest's `related`
 * (which Stryker uses to pick the test files for a module-load mutant) finds this file.
 */
import { expect, it } from "vitest";

const MODULES: Record<string, () => Promise<object>> = {
  client: () => import("../src/client.js"),
  errors: () => import("../src/errors.js"),
  limiter: () => import("../src/limiter.js"),
  ranges: () => import("../src/ranges.js"),
  redact: () => import("../src/redact.js"),
  retry: () => import("../src/retry.js"),
  tokens: () => import("../src/tokens.js"),
  transport: () => import("../src/transport.js"),
  "http/dispatcher": () => import("../src/http/dispatcher.js"),
  "http/exchange": () => import("../src/http/exchange.js"),
  "http/node": () => import("../src/http/node.js"),
  cli: () => import("../src/cli.js"),
  index: () => import("../src/index.js"),
};

it.each(Object.keys(MODULES))("src/%s imports", async (name) => {
  const mod = await MODULES[name]!();
  expect(Object.keys(mod).length).toBeGreaterThan(0);
});
