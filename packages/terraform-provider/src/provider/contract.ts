/**
 * The contract between the wire (src/protocol: go-plugin handshake, TLS, gRPC, tfplugin6
 * messages, msgpack DynamicValues) and the provider's logic (src/provider, src/data-sources).
 * Pure types and one sentinel: the logic never sees protobuf or msgpack, the wire never sees
 * WeChat. Mirrors terraform-plugin-framework's split of providerserver / fwserver / fromproto6.
 */

/** A value Terraform has not decided yet (msgpack extension 0, or 12 with refinements). */
export const UNKNOWN: unique symbol = Symbol.for("wxa-audit.terraform.unknown");
export type Unknown = typeof UNKNOWN;

/** A Terraform value as the logic sees it: null for null, UNKNOWN for unknown. */
export type TfValue = null | Unknown | string | number | boolean | TfValue[] | { [key: string]: TfValue };
export type TfObject = { [key: string]: TfValue };

/** cty's JSON type notation, as GetProviderSchema sends it (JSON bytes): "string", ["list","string"]. */
export type TfType =
  | "string"
  | "number"
  | "bool"
  | readonly ["list", TfType]
  | readonly ["set", TfType]
  | readonly ["map", TfType];

export interface AttributeSchema {
  readonly name: string;
  readonly type: TfType;
  /** Markdown. */
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

export interface BlockSchema {
  readonly version: number;
  readonly description: string;
  readonly attributes: readonly AttributeSchema[];
}

export interface ProviderSchema {
  readonly provider: BlockSchema;
  /** Keyed by the data source's type name, e.g. `wechat_nickname_check`. */
  readonly dataSources: Readonly<Record<string, BlockSchema>>;
}

/** Steps from the block's root: attribute names, then list indices or map keys. */
export type AttributePath = readonly (string | number)[];

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly attribute?: AttributePath;
}

export interface ReadResult {
  /** Every attribute of the schema, configured values unchanged; absent when reading failed. */
  readonly state?: TfObject;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * What the gRPC layer calls, one method per RPC that means something for a data-source-only
 * provider. Configs arrive decoded against the schema: every attribute present (null if unset).
 */
export interface ProviderLogic {
  schema(): ProviderSchema;
  validateProviderConfig(config: TfObject): readonly Diagnostic[];
  configure(config: TfObject): Promise<readonly Diagnostic[]>;
  validateDataSourceConfig(typeName: string, config: TfObject): readonly Diagnostic[];
  readDataSource(typeName: string, config: TfObject): Promise<ReadResult>;
  /** StopProvider: cancel what is in flight. Shutdown: close pools. */
  stop(): Promise<void>;
}
