// Bundles the checker before any test: synth tests ship it as an asset, checker tests spawn it.
// @ts-expect-error: plain ESM build script without types
import { bundleChecker } from "../scripts/bundle-checker.mjs";

export default async function setup(): Promise<void> {
  await bundleChecker();
}
