import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["support/global-setup.ts"],
    // Each test runs real engines (init + plan, sometimes several): generous per-test bounds.
    // They are bounds, never assertions on time.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // The three files plan in parallel; the engines themselves spawn one checker per check.
    maxWorkers: 3,
  },
});
