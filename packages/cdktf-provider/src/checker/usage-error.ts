/** Misuse of the checker (bad stdin, bad query, missing credentials): one stderr line, exit 2. */
export class CheckerUsageError extends Error {
  override readonly name = "CheckerUsageError";
}
