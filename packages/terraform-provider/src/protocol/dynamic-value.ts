/**
 * tfplugin6 DynamicValue <-> TfValue, following cty's msgpack encoding
 * (docs/plugin-protocol/object-wire-format.md in hashicorp/terraform):
 *
 * - null is msgpack nil; an unknown value is extension type 0 (fixext1 d4 00 00), and newer
 *   engines send extension type 12 for an unknown carrying refinements (prefix, range, not
 *   null): both decode to UNKNOWN, the refinements are not the logic's business.
 * - numbers arrive as an int, a float64, or, for a value neither can hold exactly, a decimal
 *   string; we decode all three and encode integers as msgpack ints, the rest as float64.
 * - an object is a map keyed by attribute name; we decode it against the block schema so every
 *   attribute is present (null when absent), and encode state carrying every attribute.
 *
 * Errors thrown here never quote the value (it may be a secret): only the attribute path and
 * the expected type.
 */
import { Decoder, Encoder, ExtData, ExtensionCodec } from "@msgpack/msgpack";
import {
  type AttributeSchema,
  type BlockSchema,
  type TfObject,
  type TfType,
  type TfValue,
  UNKNOWN,
} from "../provider/contract.js";

/** cty's extension types: 0 = unknown, 12 = unknown with refinements. */
const EXT_UNKNOWN = 0;
const EXT_UNKNOWN_REFINED = 12;

/** Bounds for one DynamicValue; the gRPC message limit bounds the bytes, these the counts. */
export const DYNAMIC_VALUE_LIMITS = {
  maxStrLength: 8 << 20,
  maxBinLength: 8 << 20,
  maxArrayLength: 1 << 20,
  maxMapLength: 1 << 20,
  maxExtLength: 1 << 16,
} as const;

const codec = new ExtensionCodec();
codec.register({
  type: EXT_UNKNOWN,
  // cty writes fixext1 with a zero byte; that is what go-cty's decoder expects back.
  encode: (input) => (input === UNKNOWN ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});
codec.register({ type: EXT_UNKNOWN_REFINED, encode: () => null, decode: () => UNKNOWN });

const decoder = new Decoder({ extensionCodec: codec, ...DYNAMIC_VALUE_LIMITS });
// forceIntegerToFloat stays off: integral numbers go out as msgpack ints, as cty writes them.
// Stryker disable next-line BooleanLiteral: encodeObject turns every undefined into null first
const encoder = new Encoder({ extensionCodec: codec, ignoreUndefined: false });

export class DynamicValueError extends Error {
  override readonly name = "DynamicValueError";
  constructor(
    message: string,
    readonly path: readonly (string | number)[] = [],
  ) {
    super(message);
  }
}

export interface DynamicValueBytes {
  readonly msgpack: Uint8Array;
  readonly json: Uint8Array;
}

/** Decodes a config or state against its block: msgpack first, JSON when msgpack is empty. */
export function decodeObject(value: DynamicValueBytes | undefined, block: BlockSchema): TfObject {
  let raw: unknown = null;
  if (value && value.msgpack.length > 0) {
    try {
      raw = decoder.decode(value.msgpack);
    } catch (cause) {
      throw new DynamicValueError(`malformed msgpack (${(cause as Error).name})`);
    }
  } else if (value && value.json.length > 0) {
    try {
      raw = JSON.parse(Buffer.from(value.json).toString("utf8"));
    } catch {
      throw new DynamicValueError("malformed JSON");
    }
  }
  return conformObject(raw, block.attributes);
}

/** Encodes an object carrying every attribute of the block, as msgpack. */
export function encodeObject(value: TfObject, block: BlockSchema): Uint8Array {
  const out: Record<string, unknown> = {};
  for (const attribute of block.attributes) {
    out[attribute.name] = checkValue(value[attribute.name] ?? null, attribute.type, [attribute.name]);
  }
  return encoder.encode(out);
}

function conformObject(raw: unknown, attributes: readonly AttributeSchema[]): TfObject {
  // A whole-object null or unknown still gives the logic every attribute, as the contract says.
  const whole = raw === null || raw === undefined ? null : raw === UNKNOWN ? UNKNOWN : undefined;
  if (whole === undefined && !isPlainMap(raw)) {
    throw new DynamicValueError("expected an object");
  }
  const out: TfObject = {};
  for (const attribute of attributes) {
    out[attribute.name] =
      whole !== undefined
        ? whole
        : conform((raw as Record<string, unknown>)[attribute.name], attribute.type, [attribute.name]);
  }
  return out;
}

function conform(raw: unknown, type: TfType, path: (string | number)[]): TfValue {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN) return UNKNOWN;
  if (raw instanceof ExtData) throw new DynamicValueError(`unsupported msgpack extension ${raw.type}`, path);
  if (type === "string") {
    if (typeof raw === "string") return raw;
  } else if (type === "bool") {
    if (typeof raw === "boolean") return raw;
  } else if (type === "number") {
    return decodeNumber(raw, path);
  } else if (type[0] === "map") {
    if (isPlainMap(raw)) {
      const out: Record<string, TfValue> = {};
      for (const [key, element] of Object.entries(raw)) out[key] = conform(element, type[1], [...path, key]);
      return out;
    }
  } else if (Array.isArray(raw)) {
    return raw.map((element, i) => conform(element, type[1], [...path, i]));
  }
  throw new DynamicValueError(`expected ${typeName(type)}`, path);
}

function decodeNumber(raw: unknown, path: (string | number)[]): number {
  if (typeof raw === "number") return raw;
  if (typeof raw === "bigint") return Number(raw);
  // cty writes numbers that neither int64 nor float64 holds exactly as decimal strings.
  if (typeof raw === "string" && /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(raw.trim())) {
    return Number(raw);
  }
  throw new DynamicValueError("expected number", path);
}

/** The logic's state must match the schema: a mismatch is a provider bug, reported as such. */
function checkValue(value: TfValue, type: TfType, path: (string | number)[]): unknown {
  if (value === null || value === UNKNOWN) return value;
  if (type === "string" || type === "bool") {
    if (typeof value === (type === "string" ? "string" : "boolean")) return value;
  } else if (type === "number") {
    if (typeof value === "number" && !Number.isNaN(value)) return value;
  } else if (type[0] === "map") {
    if (isPlainMap(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, element] of Object.entries(value)) {
        out[key] = checkValue(element, type[1], [...path, key]);
      }
      return out;
    }
  } else if (Array.isArray(value)) {
    return value.map((element, i) => checkValue(element, type[1], [...path, i]));
  }
  throw new DynamicValueError(`state value is not ${typeName(type)}`, path);
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof ExtData) &&
    !ArrayBuffer.isView(value)
  );
}

export function typeName(type: TfType): string {
  return typeof type === "string" ? type : `${type[0]}(${typeName(type[1])})`;
}
