import { type App, TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";

// biome-ignore lint/suspicious/noExplicitAny: synthesized JSON is walked freely in assertions
export type Json = Record<string, any>;

/** Synthesizes what `fn` declares in a fresh stack; returns the JSON text and its parse. */
export function synth(fn: (scope: Construct) => void): { text: string; json: Json } {
  const text = Testing.synthScope(fn);
  return { text, json: JSON.parse(text) as Json };
}

/** The one `data.<type>` block of a synthesized stack, with its logical id. */
export function onlyData(json: Json, type: string): { name: string; block: Json } {
  const entries = Object.entries(json.data?.[type] ?? {});
  if (entries.length !== 1) throw new Error(`expected one data.${type}, found ${entries.length}`);
  const [name, block] = entries[0]!;
  return { name, block: block as Json };
}

/** The synthesized `provider.wechat` blocks. */
export function wechatProviders(json: Json): Json[] {
  return [json.provider?.wechat ?? []].flat() as Json[];
}

/** A stack in an app writing to a temporary directory, for full synthesis. */
export function appStack(id = "stack"): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  return { app, stack: new TerraformStack(app, id) };
}
