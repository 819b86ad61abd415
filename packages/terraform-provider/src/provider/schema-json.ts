/**
 * The provider's schema exactly as `terraform providers schema -json` prints it (Terraform's
 * internal/command/jsonprovider: struct field order, map keys sorted, false and empty fields
 * omitted, description_kind "markdown"). The CDKTF bindings are generated from it.
 */
import type { AttributeSchema, BlockSchema, ProviderSchema } from "./contract.js";

export const PROVIDER_ADDRESS = "registry.terraform.io/wxa-audit/wechat";

export interface SchemaJson {
  format_version: "1.0";
  provider_schemas: Record<string, { provider: BlockJson; data_source_schemas: Record<string, BlockJson> }>;
}
interface BlockJson {
  version: number;
  block: {
    attributes: Record<string, Record<string, unknown>>;
    description?: string;
    description_kind: string;
  };
}

export function schemaJson(schema: ProviderSchema): SchemaJson {
  return {
    format_version: "1.0",
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: block(schema.provider),
        data_source_schemas: Object.fromEntries(
          Object.keys(schema.dataSources)
            .sort()
            .map((name) => [name, block(schema.dataSources[name]!)]),
        ),
      },
    },
  };
}

function block(b: BlockSchema): BlockJson {
  const attrs = [...b.attributes].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return {
    version: b.version,
    block: {
      attributes: Object.fromEntries(attrs.map((a) => [a.name, attribute(a)])),
      ...(b.description && { description: b.description }),
      description_kind: "markdown",
    },
  };
}

function attribute(a: AttributeSchema): Record<string, unknown> {
  return {
    type: a.type,
    ...(a.description && { description: a.description }),
    description_kind: "markdown",
    ...(a.required && { required: true }),
    ...(a.optional && { optional: true }),
    ...(a.computed && { computed: true }),
    ...(a.sensitive && { sensitive: true }),
  };
}
