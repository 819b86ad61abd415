/**
 * Output attributes derived from core's endpoint table: a field's name, type and description
 * live once, in `ENDPOINTS[endpoint].response` (zod 4 schemas and their `.describe()` texts).
 * Read structurally (`shape`, `def.type`, `def.innerType`, a pipe's `def.out`, `description`), so this package
 * needs no zod of its own.
 */
import { ENDPOINTS, type EndpointName } from "@wxa-audit/core";
import type { AttributeSchema, TfType } from "../provider/contract.js";

interface ZodLike {
  readonly description?: string | undefined;
  /** `out`: what a pipe decodes to (core's AnswerId reads digit strings as numbers). */
  readonly def: { readonly type: string; readonly innerType?: ZodLike; readonly out?: ZodLike };
}

const WRAPPERS = new Set(["optional", "nullable", "default", "readonly", "nonoptional"]);
const TF_TYPES: Record<string, TfType> = { string: "string", number: "number", boolean: "bool" };

export interface CoreField {
  readonly wire: string;
  readonly type: TfType;
  /** The `.describe()` text, from the outermost wrapper that has one; "" when none does. */
  readonly description: string;
  readonly optional: boolean;
}

/** The field `wire` of the success answer of `endpoint`, as Terraform will type it. */
export function coreField(endpoint: EndpointName, wire: string): CoreField {
  const shape = (ENDPOINTS[endpoint].response as unknown as { shape: Record<string, ZodLike> }).shape;
  let schema: ZodLike | undefined = shape[wire];
  if (!schema) throw new Error(`core's ${endpoint} answer has no field ${wire}`);
  let description = schema.description ?? "";
  let optional = false;
  for (;;) {
    const { type, innerType, out }: ZodLike["def"] = schema.def;
    const inner: ZodLike | undefined = WRAPPERS.has(type) ? innerType : type === "pipe" ? out : undefined;
    if (!inner) break;
    optional ||= type === "optional";
    schema = inner;
    description ||= schema.description ?? "";
  }
  const type = TF_TYPES[schema.def.type];
  if (!type) throw new Error(`core's ${endpoint}.${wire} is a ${schema.def.type}: no Terraform type for it`);
  return { wire, type, description, optional };
}

/**
 * A computed attribute for a WeChat answer field: named `name` (default the wire name), typed and
 * described by core. `extra` adds what only this provider knows (e.g. how it is split).
 */
export function answerAttribute(
  endpoint: EndpointName,
  wire: string,
  name = wire,
  extra = "",
): AttributeSchema {
  const f = coreField(endpoint, wire);
  const said = f.description ? `${capitalize(f.description)}.` : "";
  const source = `WeChat's \`${wire}\` from ${endpoint}${f.optional ? " (null when WeChat leaves it out)" : ""}; null when WeChat gave no answer.`;
  return {
    name,
    type: f.type,
    description: [said, extra, source].filter(Boolean).join(" "),
    computed: true,
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
