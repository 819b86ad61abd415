/**
 * `@wxa-audit/cdktf-provider/testing`: matchers for your own stack tests, for vitest and jest.
 *
 *   import { setupWxaMatchers } from "@wxa-audit/cdktf-provider/testing";
 *   setupWxaMatchers(); // once, e.g. in a vitest setupFiles or jest setupFilesAfterEnv module
 *   expect(Testing.synthScope(...)).toHaveWechatCheck({ kind: "nickname_check", severity: "error" });
 *
 * It imports no test framework: vitest is ESM-only, so importing it here would break every
 * CommonJS (jest) app; the runner's `expect` is found at run time instead (see findExpect).
 */
// Types only (erased from the JavaScript): brings vitest's declarations into the program so the
// augmentation below applies; apps without vitest skip it (skipLibCheck, as cdktf's template sets).
import type {} from "vitest";
import {
  type CheckAssertionLike,
  type ResourceTypeLike,
  type WechatCheckExpectation,
  wxaMatchers,
} from "./matchers.js";

export * from "./matchers.js";

export interface WxaMatchers<R = unknown> {
  toHaveDataSourceWithProperties(type: ResourceTypeLike, properties?: Record<string, unknown>): R;
  toHaveResourceWithProperties(type: ResourceTypeLike, properties?: Record<string, unknown>): R;
  toHaveProviderWithProperties(type: ResourceTypeLike, properties?: Record<string, unknown>): R;
  toHaveProviderCount(type: ResourceTypeLike, count: number): R;
  toHaveCheckWithAssertion(assertion: CheckAssertionLike, checkName?: string): R;
  toHaveDataSourceWithPostcondition(type: ResourceTypeLike, postcondition: CheckAssertionLike): R;
  toHaveWechatCheck(expectation: WechatCheckExpectation): R;
  toNotContainText(...texts: string[]): R;
  toBeValidTerraform(): R;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors vitest's own declaration
  interface Assertion<T = any> extends WxaMatchers<T> {}
  interface AsymmetricMatchersContaining extends WxaMatchers {}
}

// jest's matcher types, for jest apps (@types/jest); the same parameters as its declaration so
// the interfaces merge, and harmless where jest is absent.
declare global {
  namespace jest {
    // biome-ignore lint/complexity/noBannedTypes: the same parameters as @types/jest, or the interfaces do not merge
    interface Matchers<R, T = {}> extends WxaMatchers<R> {}
  }
}

interface Extendable {
  extend(matchers: Record<string, unknown>): void;
}

/**
 * The running test framework's `expect`: jest's global, vitest's global (`globals: true`), or the
 * one vitest registers under Symbol.for("expect-global") in every worker, globals or not.
 */
function findExpect(): Extendable | undefined {
  const g = globalThis as Record<PropertyKey, unknown>;
  for (const candidate of [g.expect, g[Symbol.for("expect-global")]]) {
    if (typeof (candidate as Partial<Extendable> | undefined)?.extend === "function") {
      return candidate as Extendable;
    }
  }
  return undefined;
}

/** Registers the matchers on the running framework's `expect` (or on the `expect` you pass). */
export function setupWxaMatchers(expect: Extendable | undefined = findExpect()): void {
  if (!expect) {
    throw new Error(
      "setupWxaMatchers: no test framework's expect found; call it from a vitest or jest setup file, or pass your expect",
    );
  }
  expect.extend(wxaMatchers as unknown as Record<string, unknown>);
}
