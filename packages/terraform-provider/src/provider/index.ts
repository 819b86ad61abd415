/** The provider's logic, for the wire layer (src/protocol) and for tests. */
import type { ProviderSchema } from "./contract.js";
import { createProviderLogic } from "./logic.js";
import { type SchemaJson, schemaJson } from "./schema-json.js";

export * from "./contract.js";
export { createProviderLogic, type ProviderLogicOptions } from "./logic.js";
export { PROVIDER_ADDRESS, type SchemaJson } from "./schema-json.js";

/** The schema as the provider serves it over GetProviderSchema. */
export function providerSchema(): ProviderSchema {
  return createProviderLogic({ env: {} }).schema();
}

/** Exactly what `terraform providers schema -json` prints for this provider. */
export function providerSchemaJson(): SchemaJson {
  return schemaJson(providerSchema());
}
