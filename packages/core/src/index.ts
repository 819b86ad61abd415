export * from "./client.js";
export * from "./clock.js";
export * from "./errors.js";
export * from "./limiter.js";
export * from "./retry.js";
export * from "./tables.js";
export * from "./tokens.js";
export * from "./transport.js";
