import { randomFillSync } from "node:crypto";

const ID_BYTES = 16;
// Every metered request takes an id: one call into the system's random source per id
// showed up as ~20 µs a request in the server's CPU profile (issue 22), so the bytes are
// drawn 256 ids at a time. Each byte is used once; they come from the same source.
const pool = Buffer.alloc(ID_BYTES * 256);
let offset = pool.length;

/** Public ids: a type prefix and 16 random bytes, so they cannot be guessed or enumerated. */
export function newId(prefix: "req" | "hold"): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = `${prefix}_${pool.toString("base64url", offset, offset + ID_BYTES)}`;
  offset += ID_BYTES;
  return id;
}
