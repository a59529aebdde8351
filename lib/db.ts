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

/** How long a transaction may wait for a free connection before it gives up (see transactionWithin). */
export const POOL_ACQUIRE_TIMEOUT_MS = 10_000;

/**
 * db.transaction with an acquire timeout, which postgres.js lacks: a caller
 * that waits longer than `acquireTimeoutMs` for a connection gets an error
 * that isDatabaseUnavailable recognises (so a route answers a retryable 503)
 * instead of waiting forever behind an exhausted pool. If the connection
 * comes after all, the work is not started: its caller has been answered.
 */
export function transactionWithin<T>(
  work: (tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) => Promise<T>,
  acquireTimeoutMs = POOL_ACQUIRE_TIMEOUT_MS,
): Promise<T> {
  const timeout = () =>
    Object.assign(new Error(`no database connection was free within ${acquireTimeoutMs} ms`), { code: "POOL_ACQUIRE_TIMEOUT" });
  let acquired = false;
  let gaveUp = false;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (acquired) return;
      gaveUp = true;
      reject(timeout());
    }, acquireTimeoutMs);
    db.transaction(async (tx) => {
      acquired = true;
      clearTimeout(timer);
      if (gaveUp) throw timeout();
      return work(tx);
    }).then(resolve, (error: unknown) => {
      clearTimeout(timer);
      if (!gaveUp) reject(error);
    });
  });
}

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
