// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform expressions, not JS templates
import { describe, expect, it } from "vitest";
import { evaluateTemplate, TerraformExpressionError } from "../src/terraform-expression.js";

const result = {
  ok: "true",
  message: 'WeChat nickname check failed for "Foo": errcode 53012 (Name forbidden)',
};
const scope = { self: { result }, data: { external: { x_1: { result } } } };

describe("evaluateTemplate", () => {
  it.each([
    ['${(lookup(self.result, "ok", "false") == "true")}', true],
    ['${lookup(self.result, "missing", "false") == "true"}', false],
    ['${lookup(data.external.x_1.result, "ok", "x") != "true"}', false],
    ["${data.external.x_1.result.ok}", "true"],
    ['${data.external.x_1.result["ok"]}', "true"],
    ['${!(self.result.ok == "true") || true && false}', false],
    ["plain", "plain"],
    ['a ${self.result.ok} b $${not} "q"', 'a true b ${not} "q"'],
    ['${lookup(self.result, "message", "none")}', result.message],
    ['${"esc \\"quoted\\""}', 'esc "quoted"'],
    ["${tostring(3)}", "3"],
  ])("%s", (template, expected) => {
    expect(evaluateTemplate(template, scope)).toEqual(expected);
  });

  it("fails like Terraform on a missing index or unknown reference", () => {
    expect(() => evaluateTemplate("${self.result.nope}", scope)).toThrow(TerraformExpressionError);
    expect(() => evaluateTemplate("${other.x}", scope)).toThrow(/unknown reference/);
    expect(() => evaluateTemplate("${upper(1)}", scope)).toThrow(/unsupported/);
    expect(() => evaluateTemplate('${"x" && true}', scope)).toThrow(/bool/);
  });
});
