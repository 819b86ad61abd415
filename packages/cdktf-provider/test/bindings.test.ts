// The committed bindings (src/gen/) must be exactly what the generator makes of the provider's
// schema: a changed attribute in the provider fails here until `gen:bindings` is run again.
import { describe, expect, it } from "vitest";
import { generateBindings, loadProviderSchema, readCommittedBindings } from "../scripts/gen-bindings.mjs";

describe("generated bindings", () => {
  it("match the provider's schema (run `pnpm --filter @wxa-audit/cdktf-provider gen:bindings`)", async () => {
    const expected = await generateBindings(await loadProviderSchema());
    const committed = readCommittedBindings();
    expect([...committed.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected) {
      expect(committed.get(path), `src/gen/${path} drifted from the provider's schema`).toBe(content);
    }
  });

  it("are marked generated and have one class per data source and the provider", () => {
    const committed = readCommittedBindings();
    for (const [path, content] of committed) {
      expect(content.startsWith("// GENERATED FILE: do not edit."), path).toBe(true);
    }
    const classes = [...committed.values()].flatMap((c) =>
      [...c.matchAll(/^export class (\w+)/gm)].map((m) => m[1]),
    );
    expect(classes.sort()).toEqual([
      "DataWechatAuditQuota",
      "DataWechatCodeAudit",
      "DataWechatLatestCodeAudit",
      "DataWechatNicknameAudit",
      "DataWechatNicknameCheck",
      "WechatProvider",
    ]);
  });
});
