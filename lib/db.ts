import "server-only";
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
