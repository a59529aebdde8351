/**
 * Run as its own process by tests/database-outage.test.ts, so that a crash is an exit code the
 * test reads rather than an error that takes down the test worker: a transaction on the app's
 * pool (db/client) whose backend is terminated mid-query. Prints one JSON line with what the
 * transaction and the next query on the same pool answered.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDatabase } from "@/db/client";

const url = process.argv[2]!;
const { db, sqlClient } = createDatabase({ url, poolSize: 2 });
const killer = postgres(url, { max: 1, onnotice: () => {} });

let pid: number | undefined;
const transaction = db.transaction(async (tx) => {
  const [row] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
  pid = row!.pid;
  await tx.execute(sql`select pg_sleep(5)`);
});
while (pid === undefined) await new Promise((r) => setTimeout(r, 20));
await killer`select pg_terminate_backend(${pid})`;

const rejected = await transaction.then(
  () => null,
  (error: { code?: string; cause?: { code?: string } }) => error.cause?.code ?? error.code ?? "error",
);
// Give a late write scheduled on the dead connection its chance to run (it crashed the process before).
await new Promise((r) => setTimeout(r, 200));
const [after] = await db.execute<{ one: number }>(sql`select 1 as one`);
console.log(JSON.stringify({ rejected, after: after!.one }));
await Promise.all([sqlClient.end({ timeout: 1 }), killer.end({ timeout: 1 })]);
