import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

/**
 * db/ is handed its configuration and imports nothing from lib/: the app's one
 * pool is made in lib/db.ts from lib/env; scripts and tests go through it too.
 */
export interface DatabaseOptions {
  /** A postgres:// URL. Undefined: every query fails naming the missing setting. */
  url: string | undefined;
  /** Connections in the pool. */
  poolSize: number;
}

/** A postgres.js pool and the Drizzle database on it. */
export function createDatabase({ url, poolSize }: DatabaseOptions) {
  const options = {
    max: poolSize,
    // Fail fast when the database is down instead of hanging a request.
    connect_timeout: 5,
    // postgres.js waits backoff(n) seconds before the n-th reconnect in a row, growing
    // to 10–20 s. While the database is down every query waits for its connection's
    // next attempt, so that wait is what a request takes to fail (measured: 10–48 s
    // for 30 queries with the default), and after the outage it delays recovery just
    // as long. A short constant wait keeps failures fast and notices recovery within
    // ~0.4 s; the jitter keeps a pool's connections from retrying in lockstep.
    backoff: () => 0.2 + Math.random() * 0.2,
    idle_timeout: 60,
    onnotice: () => {},
  };
  // postgres.js connects on the first query, so a module import (as in `next build`)
  // needs no database. Without DATABASE_URL, queries fail naming the missing setting.
  const sqlClient = url ? postgres(url, options) : postgres({ ...options, host: "database-url-is-not-set.invalid" });
  return { db: drizzle(sqlClient, { schema, casing: "snake_case" }), sqlClient };
}

export type Database = ReturnType<typeof createDatabase>["db"];
/** The `tx` of `db.transaction(async (tx) => …)`. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** What a query runs on: the database, or a transaction a caller ties its writes to. */
export type Executor = Database | Transaction;
