/** The emulator's own refusals, each with a stable `code` the admin API answers with. */
export { IllegalTransitionError } from "./model/lifecycle.js";

export class NotFoundError extends Error {
  readonly code = "not_found";
  constructor(
    readonly what: string,
    readonly id: string | number,
  ) {
    super(`no ${what} ${id}`);
  }
}

export class DuplicateIdError extends Error {
  readonly code = "conflict";
  constructor(
    readonly field: string,
    readonly id: number,
  ) {
    super(`${field}: id ${id} already exists`);
  }
}

/**
 * A value given to the admin API that does not fit the state (a snapshot's parts, a clock moved
 * past year 9999). `field` is its path in the body (`tenants.1.auditIds.0`, `seconds`); the
 * message names the problem, never a secret or a hash.
 */
export class InvalidFieldError extends Error {
  readonly code = "invalid_request";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A snapshot that cannot be imported; nothing was changed. */
export class SnapshotError extends InvalidFieldError {}
