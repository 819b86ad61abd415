/**
 * gRPC statuses and the error that carries one, shared by the server (eager) and the
 * Provider RPCs (loaded later, maybe from another chunk of the bundle: see scripts/bundle.mjs).
 * Kept free of imports so the start path stays small.
 */

/** Largest request or response message: schemas and states are small, 16 MiB is generous. */
export const MAX_MESSAGE_BYTES = 16 << 20;

/** gRPC status codes we send, with the names the logs use (Connect's Code names). */
export const Status = {
  OK: 0,
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  ResourceExhausted: 8,
  Unimplemented: 12,
  Internal: 13,
} as const;
export type StatusCode = (typeof Status)[keyof typeof Status];

// A brand, not instanceof: the lazily loaded chunk has its own copy of this class.
const BRAND = Symbol.for("wxa-audit.RpcError");

/** An error an RPC implementation throws to answer with a given gRPC status. */
export class RpcError extends Error {
  readonly [BRAND] = true;
  constructor(
    message: string,
    readonly code: StatusCode,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

export function isRpcError(error: unknown): error is RpcError {
  return typeof error === "object" && error !== null && (error as { [BRAND]?: boolean })[BRAND] === true;
}

/** One unary method: the request message's bytes in, the answer's bytes out. */
export type UnaryHandler = (request: Uint8Array) => Uint8Array | Promise<Uint8Array>;
