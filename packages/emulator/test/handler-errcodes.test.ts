/**
 * A handler can answer only the errcodes its endpoint's row in core's table lists (plus the
 * generic ones): the type says so, and the OpenAPI document lists what the row lists.
 */
import { ENDPOINTS } from "@wxa-audit/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { fail, ok } from "../src/answers.js";
import type { Handler } from "../src/areas/context.js";
import { buildOpenApi } from "../src/index.js";

describe("handler errcodes are typed from the endpoint table", () => {
  it("a code the row lists compiles; one it does not list does not", () => {
    const undo: Handler<"undoCodeAudit"> = () => fail(87012);
    // @ts-expect-error 85012 is not in undocodeaudit's row
    const wrong: Handler<"undoCodeAudit"> = () => fail(85012);
    const generic: Handler<"queryQuota"> = () => fail(-1);
    expectTypeOf(ok()).toExtend<ReturnType<typeof undo>>();
    expect([undo, wrong, generic]).toHaveLength(3);
  });

  it("undocodeaudit's 87012 (nothing to withdraw) is in its row, so in the OpenAPI document", () => {
    expect(ENDPOINTS.undoCodeAudit.errcodes).toContain(87012);
    expect(ENDPOINTS.undoCodeAudit.errcodes).not.toContain(89402);
    const op = (buildOpenApi().paths as Record<string, Record<string, { description: string }>>)[
      ENDPOINTS.undoCodeAudit.path
    ]!.get!;
    expect(op.description).toMatch(/\b87012\b/);
  });
});
