/**
 * The bundled checker, shipped into each synthesized stack directory by one TerraformAsset per
 * stack, so `plan` runs the copy next to cdk.tf.json and never a path into node_modules.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AssetType, TerraformAsset, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

export const CHECKER_FILE_NAME = "wxa-check.cjs";
const ASSET_ID = "WxaAuditChecker";

/** Absolute path of the bundled checker (dist/checker/wxa-check.cjs). */
export function checkerBundlePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // From dist/ when installed; from src/ (tests, ts sources) the build output sits in ../dist.
  const candidates = [
    join(here, "checker", CHECKER_FILE_NAME),
    join(here, "..", "dist", "checker", CHECKER_FILE_NAME),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `@wxa-audit/cdktf-provider: the bundled checker is missing (looked for ${candidates.join(", ")}); build the package first`,
    );
  }
  return found;
}

/** The stack's checker asset, created on first use. */
export function checkerAsset(scope: Construct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ASSET_ID);
  if (existing instanceof TerraformAsset) return existing;
  return new TerraformAsset(stack, ASSET_ID, { path: checkerBundlePath(), type: AssetType.FILE });
}
