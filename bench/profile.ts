// Profiling helper (issue 22): pg_stat_statements (track=all) over 16 clients of keyed debits on one hot account.
import os from "node:os";
import path from "node:path";
import { rm } from "node:fs/promises";
import postgres from "postgres";
import { freePort, startEmbeddedPostgres, withDatabase } from "../db/embedded";
import { applyMigrations } from "../db/migrate";

const dataDir = path.join(os.tmpdir(), `credits-prof-${process.pid}`);
const port = await freePort();
let server = await startEmbeddedPostgres({ dataDir, port, maxConnections: 100 });
const a = postgres(server.url, { max: 1, onnotice: () => {} });
await a.unsafe(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
await a.unsafe(`alter system set pg_stat_statements.track = 'all'`);
await a.unsafe(`alter system set track_io_timing = on`);
await a.end();
await server.stop();
server = await startEmbeddedPostgres({ dataDir, port, maxConnections: 100 });
const admin = postgres(server.url, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database prof`);
const url = withDatabase(server.url, "prof");
await applyMigrations(url);
Object.assign(process.env, { DATABASE_URL: url, DATABASE_POOL_SIZE: "16" });
const { db, sqlClient: sql } = await import("../lib/db");
const { users } = await import("../db/schema");
const credits = await import("../lib/credits");
await sql`create extension pg_stat_statements`;
const ACCOUNTS = Number(process.env.PROFILE_ACCOUNTS ?? 1);
const accountIds: number[] = [];
for (let i = 0; i < ACCOUNTS; i++) {
  const [user] = await db.insert(users).values({ email: `p${i}@example.com` }).returning();
  const accountId = await credits.accountIdForUser(user!.id);
  await credits.grantCredits({ accountId, source: "purchase", amount: 10_000_000 });
  accountIds.push(accountId);
}
let n = 0;
const loop = async (ms: number) => {
  const until = performance.now() + ms; let ops = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (performance.now() < until) {
      const k = `k${++n}`;
      await credits.debit({ accountId: accountIds[Math.floor(Math.random() * ACCOUNTS)]!, credits: 1, feature: "agent_request", model: "claude-sonnet-4.5", idempotency: { key: k, hash: "h" } });
      ops++;
    }
  }));
  return ops;
};
await loop(1000);
await sql`select pg_stat_statements_reset()`;
await sql`select pg_stat_reset()`;
const wal0 = (await sql`select wal_records, wal_bytes from pg_stat_wal`)[0]!;
const t0 = performance.now();
const ops = await loop(4000);
const secs = (performance.now() - t0) / 1000;
const wal1 = (await sql`select wal_records, wal_bytes from pg_stat_wal`)[0]!;
console.log(`keyed debits on ${ACCOUNTS} account(s): ${Math.round(ops / secs)}/s (${ops} in ${secs.toFixed(1)} s)`);
console.log(`WAL per debit: ${((Number(wal1.wal_records) - Number(wal0.wal_records)) / ops).toFixed(1)} records, ${Math.round((Number(wal1.wal_bytes) - Number(wal0.wal_bytes)) / ops)} bytes`);
const rows = await sql`select calls, round(total_exec_time::numeric, 1) as total_ms, round((total_exec_time / calls)::numeric, 3) as mean_ms,
   shared_blks_hit + shared_blks_read as blks, wal_records, toplevel, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as q
   from pg_stat_statements where calls > 0 order by total_exec_time desc limit 18`;
console.table(rows.map((r) => ({ ...r })));
const xact = (await sql`select xact_commit from pg_stat_database where datname = 'prof'`)[0]!;
console.log(`commits during the window: ${xact.xact_commit} for ${ops} debits`);
const idx = await sql`select relname, indexrelname, idx_scan from pg_stat_user_indexes order by relname, indexrelname`;
console.table(idx.map((r) => ({ ...r })));
await sql.end();
await admin.end();
await server.stop();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);
