/**
 * Handshake robustness: every engine starts the provider (installed from the release zips)
 * WXA_E2E_HANDSHAKES times in a row (default 200) through `providers schema -json`, which starts
 * the provider, handshakes, asks for its schema and stops it. Not one start may fail. The time
 * is printed (never asserted).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRun, type Engine, enginesOrSkip, Workspace } from "../support/harness.js";

const engines = enginesOrSkip();
const STARTS = Number(process.env.WXA_E2E_HANDSHAKES || 200);
// A soak of zero starts (or NaN from a typo) would pass without starting anything.
if (!Number.isInteger(STARTS) || STARTS < 1) {
  throw new Error(`WXA_E2E_HANDSHAKES must be an integer >= 1, got ${process.env.WXA_E2E_HANDSHAKES}`);
}

let ws: Workspace;
beforeAll(() => {
  ws = new Workspace("handshake");
});
afterAll(() => ws?.dispose());

describe.each(engines)("$name", (engine: Engine) => {
  it(`starts the provider ${STARTS} times in a row without one failure`, { timeout: 900_000 }, async () => {
    const s = ws.hcl(`handshake-${engine.id.replace(/[^a-z0-9]/gi, "-")}`, "clean").on(engine);
    await s.init();
    const failures: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < STARTS; i++) {
      const r = await s.run(["providers", "schema", "-json"]);
      let ok = r.code === 0;
      if (ok) {
        try {
          const schemas = JSON.parse(r.stdout).provider_schemas as Record<
            string,
            { data_source_schemas?: object }
          >;
          ok = Object.values(schemas).some(
            (p) => p.data_source_schemas && "wechat_nickname_check" in p.data_source_schemas,
          );
        } catch {
          ok = false;
        }
      }
      if (!ok) failures.push(`start ${i + 1}: ${describeRun(r)}`);
    }
    const ms = performance.now() - t0;
    process.stderr.write(
      `e2e: handshake soak, ${engine.name}: ${STARTS} starts, ${failures.length} failed, ${(ms / 1000).toFixed(1)} s (${(ms / STARTS).toFixed(0)} ms per start)\n`,
    );
    expect(failures.length, failures.slice(0, 3).join("\n")).toBe(0);
  });
});
