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
