import { randomBytes } from "node:crypto";

/** Public ids: a type prefix and 16 random bytes, so they cannot be guessed or enumerated. */
export function newId(prefix: "req" | "hold"): string {
  return `${prefix}_${randomBytes(16).toString("base64url")}`;
}
