/**
 * `@wxa-audit/cdktf-provider/testing`: matchers for your own stack tests, with a vitest adapter.
 * vitest is an optional peer dependency: only this entry point imports it.
 *
 *   import { setupWxaMatchers } from "@wxa-audit/cdktf-provider/testing";
 *   setupWxaMatchers(); // once, e.g. in a vitest setupFiles module
 *   expect(Testing.synthScope(...)).toHaveWechatCheck({ kind: "nickname_check", severity: "error" });
 */
import { expect as vitestExpect } from "vitest";
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

/** Registers the matchers on vitest's `expect` (or on the `expect` you pass). */
export function setupWxaMatchers(
  expect: { extend(matchers: Record<string, unknown>): void } = vitestExpect,
): void {
  expect.extend(wxaMatchers as unknown as Record<string, unknown>);
}
