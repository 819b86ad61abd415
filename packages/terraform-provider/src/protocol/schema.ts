/**
 * Contract schema -> tfplugin6.Schema. The attribute `type` is cty's JSON type notation as
 * bytes ("string" with its quotes, ["list","string"]); descriptions are Markdown.
 */
import { create } from "@bufbuild/protobuf";
import type { AttributeSchema, BlockSchema, TfType } from "../provider/contract.js";
import {
  type Schema,
  type Schema_Attribute,
  Schema_AttributeSchema,
  SchemaSchema,
  StringKind,
} from "./generated/tfplugin6/tfplugin6_pb.js";

const utf8 = new TextEncoder();

export function typeJson(type: TfType): Uint8Array {
  return utf8.encode(JSON.stringify(type));
}

export function toProtoAttribute(a: AttributeSchema): Schema_Attribute {
  return create(Schema_AttributeSchema, {
    name: a.name,
    type: typeJson(a.type),
    description: a.description,
    descriptionKind: StringKind.MARKDOWN,
    required: a.required === true,
    optional: a.optional === true,
    computed: a.computed === true,
    sensitive: a.sensitive === true,
  });
}

export function toProtoSchema(block: BlockSchema): Schema {
  return create(SchemaSchema, {
    version: BigInt(block.version),
    block: {
      version: BigInt(block.version),
      attributes: block.attributes.map(toProtoAttribute),
      description: block.description,
      descriptionKind: StringKind.MARKDOWN,
    },
  });
}
