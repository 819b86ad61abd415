import { defineConfig } from "vitest/config";

export default defineConfig({
  // Spawn-based CLI tests: a bound that holds on a busy 2-core machine, never an assertion on time.
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
