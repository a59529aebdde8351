/**
 * A fingerprint of every table in the database, to prove that a refused
 * request wrote nothing. Tables are read from the catalogue, so a table added
 * by a later migration is covered without touching this file.
 */
import { sql } from "drizzle-orm";
import { db } from "@/lib/db";

/**
 * Bookkeeping that a refused request may rightly touch, and why. Everything
 * else must be byte-for-byte the same.
 */
const BOOKKEEPING: Record<string, { ignoreColumns?: string[]; ignoreTable?: boolean; why: string }> = {
  rate_limit_buckets: { ignoreTable: true, why: "every API call, refused or not, takes a token from its key's bucket" },
  api_keys: {
    ignoreColumns: ["last_used_at", "rate_tokens", "rate_refilled_at"],
    why: "authenticating a call marks the key as used and takes a token from its rate-limit bucket",
  },
};

export type TableSnapshot = Record<string, string>;

let query: ReturnType<typeof sql> | undefined;

/** One statement over every table: its row count and an md5 of its rows in a stable order. */
async function snapshotQuery() {
  const tables = await db.execute<{ table_name: string }>(sql`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  const parts = tables
    .filter(({ table_name: name }) => !BOOKKEEPING[name]?.ignoreTable)
    .map(({ table_name: name }) => {
      const ignored = (BOOKKEEPING[name]?.ignoreColumns ?? []).map((c) => sql` - ${sql.raw(`'${c}'`)}`);
      const row = sql.join([sql`to_jsonb(t)`, ...ignored], sql``);
      return sql`select ${name}::text as name, count(*)::text as n, md5(string_agg((${row})::text, '|' order by (${row})::text)) as digest from ${sql.identifier(name)} t`;
    });
  return sql.join(parts, sql` union all `);
}

/** Row count and digest of every table (bookkeeping aside), keyed by table name. */
export async function snapshotTables(): Promise<TableSnapshot> {
  query ??= await snapshotQuery();
  const snapshot = query;
  // A union of ~40 scans is costed high enough for a parallel plan, and
  // starting its workers took ~60 ms of a ~65 ms snapshot (two per case, over
  // a thousand cases): the hostile-input tables ran 6x slower once the union
  // passed 36 tables.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return tx.execute<{ name: string; n: string; digest: string | null }>(snapshot);
  });
  return Object.fromEntries(rows.map((r) => [r.name, `${r.n} rows, md5 ${r.digest ?? "-"}`]));
}
