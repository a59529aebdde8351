import "server-only";
import type { SQL } from "drizzle-orm";
import { createDatabase } from "@/db/client";
import { env } from "@/lib/env";

// One pool per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { creditsDb?: ReturnType<typeof createDatabase> };
const connection = (globalForDb.creditsDb ??= createDatabase({
  url: env.DATABASE_URL,
  poolSize: env.DATABASE_POOL_SIZE,
}));

export const db = connection.db;
/** The raw postgres.js client, for the few queries Drizzle cannot express. */
export const sqlClient = connection.sqlClient;

/**
 * Runs a `delete … limit n` statement until it deletes fewer than n rows: housekeeping removes
 * old rows in short transactions, never one long one that holds locks on a big backlog.
 * Returns how many rows it deleted in all.
 */
export async function deleteInBatches(statement: (limit: number) => SQL, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.execute(statement(batch));
    const deleted = result.count ?? 0;
    total += deleted;
    if (deleted < batch) return total;
  }
}
