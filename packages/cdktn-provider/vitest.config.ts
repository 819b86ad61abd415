import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The cdktf package's own suite, mapped to cdktn (scripts/flavour.mjs), and this package's.
    include: ["flavour/test/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["flavour/test/setup-matchers.ts"],
    testTimeout: 20_000,
  },
});
