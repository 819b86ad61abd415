/**
 * The cdktn flavour is the cdktf package's sources with `cdktf` module specifiers mapped to
 * `cdktn` (scripts/flavour.mjs). Its constructs synthesize in a cdktn app; the cdktf package's
 * do not (the issue's `_resetResolveDiscoveredProviderFeatureUsage is not a function`: cdktf's
 * classes in a cdktn tree); nothing built here loads cdktf.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WechatNicknameCheck as CdktfCheck } from "@wxa-audit/cdktf-provider";
import { App, TerraformStack } from "cdktn";
import { describe, expect, it } from "vitest";
import { WechatNicknameCheck } from "../dist/index.js";
import { toCdktn } from "../scripts/flavour.mjs";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe("toCdktn", () => {
  it("maps module specifiers, and only them", () => {
    expect(toCdktn('import { App } from "cdktf";')).toBe('import { App } from "cdktn";');
    expect(toCdktn("import * as cdktf from 'cdktf';\ncdktf.Token.asString(x);")).toBe(
      "import * as cdktf from 'cdktn';\ncdktf.Token.asString(x);",
    );
    expect(toCdktn('const m = await import("cdktf/lib/x");')).toBe('const m = await import("cdktn/lib/x");');
    expect(toCdktn('import { s } from "@wxa-audit/cdktf-provider/testing";')).toBe(
      'import { s } from "@wxa-audit/cdktn-provider/testing";',
    );
    expect(toCdktn('const text = "cdktf synth";')).toBe('const text = "cdktf synth";');
  });
});

describe("the built package", () => {
  it("imports cdktn, never cdktf", () => {
    const js = filesUnder(join(import.meta.dirname, "..", "dist")).filter((f) => /\.(js|d\.ts)$/.test(f));
    expect(js.length).toBeGreaterThan(10);
    const offenders = js.filter((f) =>
      /(from|import|require\()\s*\(?\s*["']cdktf(\/[^"']*)?["']/.test(readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
    const withCdktn = js.filter((f) => /from ["']cdktn["']/.test(readFileSync(f, "utf8")));
    expect(withCdktn.length).toBeGreaterThan(5);
  });

  it("synthesizes in a cdktn app, where the cdktf flavour's constructs fail", () => {
    const synth = (build: (stack: TerraformStack) => void) => {
      const outdir = mkdtempSync(join(tmpdir(), "wxa-cdktn-"));
      try {
        const app = new App({ outdir });
        build(new TerraformStack(app, "release"));
        app.synth();
        return JSON.parse(readFileSync(join(outdir, "stacks", "release", "cdk.tf.json"), "utf8"));
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    };
    const json = synth((s) => new WechatNicknameCheck(s, "name", { nickName: "Quiet Harbor Books" }));
    expect(Object.values(json.data.wechat_nickname_check)).toEqual([
      expect.objectContaining({ nick_name: "Quiet Harbor Books" }),
    ]);
    expect(json.terraform.required_providers.wechat.source).toBe("wxa-audit/wechat");
    // The failure, for contrast: cdktf's construct classes in cdktn's tree.
    expect(() =>
      synth((s) => new CdktfCheck(s as never, "name", { nickName: "Quiet Harbor Books" })),
    ).toThrow(/_resetResolveDiscoveredProviderFeatureUsage/);
  });
});
