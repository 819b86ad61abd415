/**
 * The facts without the client: endpoint table, errcode catalogue, status names and redaction.
 * Loads no HTTP stack (undici), so a server that only needs the facts (the emulator) starts fast.
 */
export * from "./endpoints.js";
export * from "./errcodes.js";
export * from "./redact.js";
export * from "./status.js";
