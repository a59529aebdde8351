/**
 * The fault tests' own PostgreSQL: an embedded server on a free port with a
 * throwaway data folder, migrated, and a small postgres.js client for checks.
 * It can be stopped and started again on the same port and data folder, which
 * is what a database outage looks like to the app (its URL stays valid).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../db/embedded";
import { applyMigrations } from "../../db/migrate";

export interface FaultDatabase {
  /** postgres:// URL the app instances and the test process use. */
  url: string;
  port: number;
  dataDir: string;
  /** For checks from the test; postgres.js reconnects by itself after start(). */
  sql: postgres.Sql;
  running(): boolean;
  /** Fast shutdown: every open connection is cut, as in a real outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it for good and deletes its data folder. */
  close(): Promise<void>;
}

export async function startFaultDatabase(options: { maxConnections?: number } = {}): Promise<FaultDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "credits-faults-pg-"));
  const port = await freePort();
  // Crash-unsafe settings are fine: these tests kill the app, never PostgreSQL itself.
  const boot = () =>
    startEmbeddedPostgres({ dataDir, port, ephemeral: true, maxConnections: options.maxConnections ?? 400 });
  let server: EmbeddedDatabase | null = await boot();
  await applyMigrations(server.url);
  const url = server.url;
  const sql = postgres(url, { max: 4, onnotice: () => {}, connect_timeout: 5 });

  return {
    url,
    port,
    dataDir,
    sql,
    running: () => server !== null,
    async stop() {
      if (!server) return;
      await server.stop();
      server = null;
    },
    async start() {
      if (server) return;
      server = await boot();
    },
    async close() {
      await sql.end({ timeout: 2 }).catch(() => {});
      if (server) await server.stop().catch(() => {});
      server = null;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
