/** How the emulator keeps secrets (tokens, app secrets, tickets): as SHA-256 hex, never in clear. */
import { createHash } from "node:crypto";

/** Full SHA-256 hex of a secret. */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
