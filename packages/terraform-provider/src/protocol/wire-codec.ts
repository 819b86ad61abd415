/**
 * tfplugin6 messages of the calls made at run time (validate, configure, read, stop), decoded
 * and encoded by hand: protobuf-es builds its descriptors when its generated module loads,
 * which cost more than all the rest of a validate or plan start's provider work (profiled:
 * registry and reflection ~45% of the provider chunk's load). The generated code stays the
 * source of truth: test/protocol/wire-codec.test.ts checks these against it byte for byte.
 *
 * Proto3 rules as protobuf-es's toBinary applies them: fields in number order; implicit-presence
 * scalars omitted at their default ("", 0, empty bytes); a set message field, even empty, sent;
 * a oneof case sent even at its default; the last occurrence of a scalar wins when decoding;
 * unknown fields skipped.
 */
import type { ProtoDiagnostic } from "./diagnostics.js";
import { RpcError, Status } from "./rpc-status.js";

// ---------------------------------------------------------------------------------- decoding

export interface DecodedDynamicValue {
  readonly msgpack: Uint8Array;
  readonly json: Uint8Array;
}

/** The request fields the provider reads: type_name and config, at their field numbers. */
export interface ConfigRequest {
  readonly typeName: string;
  readonly config: DecodedDynamicValue | undefined;
}

const EMPTY = new Uint8Array(0);

/** Field number -> the last length-delimited value seen (the only kind we read). */
function lengthDelimitedFields(bytes: Uint8Array, what: string): Map<number, Uint8Array> {
  const fields = new Map<number, Uint8Array>();
  let at = 0;
  const fail = (): never => {
    throw new RpcError(`cannot decode the request: malformed ${what}`, Status.InvalidArgument);
  };
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (at >= bytes.length) fail();
      const b = bytes[at++] as number;
      if (shift < 49) value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
    }
    return fail();
  };
  const skip = (n: number) => {
    if (n > bytes.length - at) fail();
    at += n;
  };
  while (at < bytes.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    if (field === 0) fail();
    switch (tag & 7) {
      case 0:
        varint();
        break;
      case 1:
        skip(8);
        break;
      case 5:
        skip(4);
        break;
      case 2: {
        const length = varint();
        const start = at;
        skip(length);
        // Embedded messages merge when repeated; ours (DynamicValue) are sent once by engines.
        fields.set(field, bytes.subarray(start, at));
        break;
      }
      default:
        fail();
    }
  }
  return fields;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function utf8(bytes: Uint8Array | undefined, what: string): string {
  if (!bytes || bytes.length === 0) return "";
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new RpcError(`cannot decode the request: invalid UTF-8 in ${what}`, Status.InvalidArgument);
  }
}

function dynamicValue(bytes: Uint8Array | undefined): DecodedDynamicValue | undefined {
  if (bytes === undefined) return undefined;
  const f = lengthDelimitedFields(bytes, "tfplugin6.DynamicValue");
  return { msgpack: f.get(1) ?? EMPTY, json: f.get(2) ?? EMPTY };
}

/**
 * A request by its field numbers: `typeName` (string) and `config` (DynamicValue);
 * fields we do not read (client capabilities, terraform_version, provider_meta) are skipped.
 */
export function decodeConfigRequest(
  bytes: Uint8Array,
  numbers: { readonly typeName?: number; readonly config: number },
  what: string,
): ConfigRequest {
  const f = lengthDelimitedFields(bytes, what);
  return {
    typeName: numbers.typeName === undefined ? "" : utf8(f.get(numbers.typeName), `${what}.type_name`),
    config: dynamicValue(f.get(numbers.config)),
  };
}

// ---------------------------------------------------------------------------------- encoding

const encoder = new TextEncoder();

/** A message under construction: parts concatenated at the end. */
class Writer {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  private push(part: Uint8Array): void {
    this.parts.push(part);
    this.length += part.length;
  }

  private varint(value: bigint | number): void {
    // int64 as protobuf encodes it: two's complement, so a negative is 10 bytes.
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    while (v > 0x7fn) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  private tag(field: number, wireType: 0 | 2): void {
    this.varint(field * 8 + wireType);
  }

  /** An enum or int64, omitted at 0 unless `always` (a oneof case). */
  int(field: number, value: number | bigint, always = false): this {
    if (!always && BigInt(value) === 0n) return this;
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array, always = false): this {
    if (!always && value.length === 0) return this;
    this.tag(field, 2);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  string(field: number, value: string, always = false): this {
    return this.bytes(field, encoder.encode(value), always);
  }

  /** An embedded message: sent when present, even empty. */
  message(field: number, value: Writer | undefined): this {
    if (value !== undefined) this.bytes(field, value.finish(), true);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

function diagnostic(d: ProtoDiagnostic): Writer {
  let path: Writer | undefined;
  if (d.attribute) {
    path = new Writer();
    for (const { selector } of d.attribute.steps) {
      const step = new Writer();
      if (selector.case === "attributeName") step.string(1, selector.value, true);
      else if (selector.case === "elementKeyString") step.string(2, selector.value, true);
      else step.int(3, selector.value, true);
      path.message(1, step);
    }
  }
  return new Writer().int(1, d.severity).string(2, d.summary).string(3, d.detail).message(4, path);
}

function diagnostics(w: Writer, field: number, ds: readonly ProtoDiagnostic[] | undefined): Writer {
  for (const d of ds ?? []) w.message(field, diagnostic(d));
  return w;
}

/** A response whose only field is its diagnostics, at `field`. */
export function encodeDiagnosticsResponse(
  field: number,
  ds: readonly ProtoDiagnostic[] | undefined,
): Uint8Array {
  return diagnostics(new Writer(), field, ds).finish();
}

/** tfplugin6.ReadDataSource.Response: state (1), diagnostics (2); deferred (3) is never sent. */
export function encodeReadDataSourceResponse(answer: {
  readonly state?: { readonly msgpack?: Uint8Array; readonly json?: Uint8Array };
  readonly diagnostics?: readonly ProtoDiagnostic[];
}): Uint8Array {
  const state = answer.state
    ? new Writer().bytes(1, answer.state.msgpack ?? EMPTY).bytes(2, answer.state.json ?? EMPTY)
    : undefined;
  return diagnostics(new Writer().message(1, state), 2, answer.diagnostics).finish();
}

/** tfplugin6.StopProvider.Response: Error (1). */
export function encodeStopProviderResponse(answer: { readonly Error?: string }): Uint8Array {
  return new Writer().string(1, answer.Error ?? "").finish();
}
