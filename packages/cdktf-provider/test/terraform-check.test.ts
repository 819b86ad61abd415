// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform expressions, not JS templates
import { App, Fn, Op, TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ExternalDataSource, ExternalProvider, TerraformCheck } from "../src/index.js";
import { synth } from "./helpers.js";

describe("TerraformCheck", () => {
  it("emits a top-level check block with its asserts, tokens resolved", () => {
    const { json, text } = synth((s) => {
      new ExternalProvider(s, "external");
      const ds = new ExternalDataSource(s, "probe", { program: ["echo"], query: { a: "b" } });
      new TerraformCheck(s, "health", {
        asserts: [
          {
            condition: Op.eq(Fn.lookup(ds.result, "status", "down"), "up") as unknown as string,
            errorMessage: "probe is down",
          },
        ],
      });
    });
    expect(json.check).toEqual({
      health: {
        assert: [
          {
            condition: '${(lookup(data.external.probe.result, "status", "down") == "up")}',
            error_message: "probe is down",
          },
        ],
      },
    });
    expect(text).toHaveCheckWithAssertion({ condition: expect.stringContaining('"up"') }, "health");
    expect(text).not.toHaveCheckWithAssertion({ errorMessage: "other" });
  });

  it("can hold a scoped data source and gains asserts later", () => {
    const { json } = synth((s) => {
      const c = new TerraformCheck(s, "scoped", {
        data: { external: { inner: { program: ["echo"] } } },
      });
      c.addAssert({ condition: '${data.external.inner.result.ok == "true"}', errorMessage: "no" });
    });
    expect(json.check.scoped).toEqual({
      data: { external: { inner: { program: ["echo"] } } },
      assert: [{ condition: '${data.external.inner.result.ok == "true"}', error_message: "no" }],
    });
  });

  it("refuses to synthesize without an assert", () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, "s");
    new TerraformCheck(stack, "empty");
    expect(() => app.synth()).toThrow(/has no assert/);
  });

  it("is a valid name for Terraform (the logical id)", () => {
    let name = "";
    synth((s) => {
      name = new TerraformCheck(s, "my-check", { asserts: [{ condition: "${true}", errorMessage: "x" }] })
        .name;
    });
    expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
  });
});
