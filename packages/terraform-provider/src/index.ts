/**
 * @wxa-audit/terraform-provider as a library: the provider's logic (what the wire layer serves)
 * and its schema in `terraform providers schema -json` form, for generating CDKTF bindings.
 */

export { defaultTokenCacheDir, FileTokenStore, prepareCacheDir } from "./provider/file-token-store.js";
export {
  type AttributeSchema,
  type BlockSchema,
  createProviderLogic,
  type Diagnostic,
  PROVIDER_ADDRESS,
  type ProviderLogic,
  type ProviderLogicOptions,
  type ProviderSchema,
  providerSchema,
  providerSchemaJson,
  type ReadResult,
  type SchemaJson,
  type TfObject,
  type TfValue,
  UNKNOWN,
} from "./provider/index.js";
export { PLATFORM_KEYS } from "./provider/provider-config.js";
