import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

function connect() {
  const options = {
    max: env.DATABASE_POOL_SIZE,
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
  const client = env.DATABASE_URL
    ? postgres(env.DATABASE_URL, options)
    : postgres({ ...options, host: "database-url-is-not-set.invalid" });
  return { client, db: drizzle(client, { schema, casing: "snake_case" }) };
}

// One pool per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { creditsDb?: ReturnType<typeof connect> };
const connection = (globalForDb.creditsDb ??= connect());

export const db = connection.db;
export type Database = typeof db;
/** The raw postgres.js client, for the few queries Drizzle cannot express. */
export const sqlClient = connection.client;
export { schema };
