/**
 * A Provider call through protobuf-es (the generated descriptors): for the methods without a
 * hand codec (GetProviderSchema, GetMetadata), which the bundle answers from precomputed bytes,
 * so a real start only gets here when run from source. Its own lazily loaded chunk.
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Provider } from "./generated/tfplugin6/tfplugin6_pb.js";
import { RpcError, Status } from "./rpc-status.js";

export async function callWithProtobuf(
  name: string,
  impl: (request: unknown) => unknown,
  payload: Uint8Array,
): Promise<Uint8Array> {
  const method = Provider.methods.find((m) => m.name === name);
  if (method?.methodKind !== "unary") throw new RpcError(`${name} is not a unary method`, Status.Internal);
  let request: unknown;
  try {
    request = fromBinary(method.input, payload);
  } catch (error) {
    throw new RpcError(`cannot decode the request: ${(error as Error).message}`, Status.InvalidArgument);
  }
  // biome-ignore lint/suspicious/noExplicitAny: the implementation returns its output's init shape
  return toBinary(method.output, create(method.output, (await impl(request)) as any));
}
