import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chown, cp, lstat, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

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
  /** Where the cluster's data really is (differs from the folder asked for when relocated). */
  dataDir: string;
  /**
   * Set when running as root and the `postgres` user could not reach the programs or the
   * data folder, so they were run from the runtime folder instead: one line saying so.
   */
  relocation?: string;
  stop: () => Promise<void>;
}

const USER = "postgres";
// Loopback only and local to this machine; the data folder is private to the app.
const PASSWORD = "postgres";

/**
 * Where root runs PostgreSQL from when the `postgres` user cannot enter the project's folder
 * (root's home is 0700): the programs, copied once per version, and the data of each DATA_DIR.
 * A root-owned folder outside any home, so a first `npm run dev` as root just works.
 */
export const DEFAULT_RUNTIME_DIR = "/var/lib/credits-embedded-postgres";

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

interface Binaries {
  /** The package's `native/` folder: bin/, lib/, share/ (PostgreSQL finds lib and share relative to bin). */
  nativeDir: string;
  version: string;
}

async function locateBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let postgresBin: string;
  try {
    const mod = (await import(name)) as { postgres: string };
    postgresBin = mod.postgres;
  } catch {
    throw new StartupError(
      `PostgreSQL's programs for this platform (${name}) are not installed. Run \`npm ci\`, or set DATABASE_URL to use your own PostgreSQL.`,
    );
  }
  const nativeDir = path.dirname(path.dirname(postgresBin));
  const pkg = JSON.parse(await readFile(path.join(nativeDir, "..", "package.json"), "utf8")) as { version: string };
  return { nativeDir, version: pkg.version };
}

interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` user (created if missing). */
function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => {
    const uid = spawnSync("id", ["-u", USER], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", USER], { encoding: "utf8" });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : undefined;
  };
  const found = ids();
  if (found) return found;
  spawnSync("groupadd", ["--system", USER]);
  spawnSync("useradd", ["--system", "-g", USER, USER]);
  const created = ids();
  if (!created) {
    throw new StartupError(
      `PostgreSQL cannot run as root and there is no "${USER}" user to run it as (creating one failed). Create it (\`useradd --system postgres\`), run as a non-root user, or set DATABASE_URL.`,
    );
  }
  return created;
}

/**
 * Whether `who` can do `test <flag> <target>`: asked of the system as that user, so modes,
 * ACLs and every folder on the way are taken into account exactly as PostgreSQL will meet them.
 */
function canAccess(who: RunAs, flag: "-x" | "-w", target: string): boolean {
  return spawnSync("test", [flag, target], { uid: who.uid, gid: who.gid }).status === 0;
}

/**
 * The runtime folder must be root's alone: root copies programs into it that run as `postgres`,
 * so a folder another user can write to would let that user choose what runs.
 */
async function prepareRuntimeDir(runtimeDir: string, who: RunAs, reason: string): Promise<void> {
  const fix = `Set EMBEDDED_PG_RUNTIME_DIR to a folder root owns that every user can enter (default ${DEFAULT_RUNTIME_DIR}), run as a non-root user, or set DATABASE_URL.`;
  try {
    await mkdir(runtimeDir, { recursive: true, mode: 0o755 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new StartupError(`running as root, ${reason}, and the runtime folder ${runtimeDir} cannot be made (${code}). ${fix}`);
  }
  const stat = await lstat(runtimeDir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new StartupError(
      `running as root, ${reason}, and the runtime folder ${runtimeDir} is not a folder only root can write to. ${fix}`,
    );
  }
  if (!canAccess(who, "-x", runtimeDir)) {
    throw new StartupError(
      `running as root, ${reason}, and the ${USER} user cannot enter the runtime folder ${runtimeDir} either. ${fix}`,
    );
  }
}

/** Copies the programs once per version; a half-made copy is never seen under the final name. */
async function copyBinaries(binaries: Binaries, runtimeDir: string): Promise<string> {
  const target = path.join(runtimeDir, `postgresql-${binaries.version}-${os.platform()}-${os.arch()}`);
  if (existsSync(path.join(target, "bin", "postgres"))) return target;
  const partial = `${target}.partial-${process.pid}-${randomBytes(4).toString("hex")}`;
  await cp(binaries.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  try {
    await rename(partial, target);
  } catch {
    // Another start made the same copy first (the app and a test run at once).
    await rm(partial, { recursive: true, force: true });
  }
  return target;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package's programs, with its
 * data in `dataDir` (created on first use, kept across restarts). The programs are run here
 * rather than through the package's class so that, as root, they can run from a folder the
 * `postgres` user can reach, and so that every failure becomes a StartupError (the package
 * leaves a failed spawn as an unhandled 'error' event that kills the process with a stack).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /** Faster, not crash-safe: for throwaway test clusters only. */
  ephemeral?: boolean;
  maxConnections?: number;
  /** As root, where programs and data go when `postgres` cannot reach them (DEFAULT_RUNTIME_DIR). */
  runtimeDir?: string;
}): Promise<EmbeddedDatabase> {
  const wantedDataDir = path.resolve(options.dataDir);
  const { port } = options;
  const binaries = await locateBinaries();
  const runAs = postgresUser();

  let binDir = path.join(binaries.nativeDir, "bin");
  let dataDir = wantedDataDir;
  let relocation: string | undefined;
  if (runAs) {
    await mkdir(path.dirname(wantedDataDir), { recursive: true });
    const binReachable = canAccess(runAs, "-x", path.join(binDir, "postgres"));
    const dataReachable = canAccess(runAs, "-x", path.dirname(wantedDataDir));
    if (!binReachable || !dataReachable) {
      const runtimeDir = path.resolve(options.runtimeDir ?? DEFAULT_RUNTIME_DIR);
      const blocked = !binReachable ? binaries.nativeDir : path.dirname(wantedDataDir);
      const reason = `PostgreSQL runs as the ${USER} user, which cannot enter ${nearestBlockedFolder(runAs, blocked)}`;
      await prepareRuntimeDir(runtimeDir, runAs, reason);
      const moved: string[] = [];
      if (!binReachable) {
        binDir = path.join(await copyBinaries(binaries, runtimeDir), "bin");
        moved.push(`its programs run from ${path.dirname(binDir)}`);
      }
      if (!dataReachable) {
        // One folder per DATA_DIR, so two checkouts never share a cluster and a restart finds its data.
        const key = createHash("sha256").update(wantedDataDir).digest("hex").slice(0, 12);
        dataDir = path.join(runtimeDir, `data-${key}`);
        moved.push(`its data for ${wantedDataDir} is kept in ${dataDir}`);
      }
      relocation = `running as root: ${reason}, so ${moved.join(" and ")} (EMBEDDED_PG_RUNTIME_DIR, see README)`;
    }
  }

  // A taken port or a locked folder would otherwise surface as a bare exit code, so both are
  // checked first and explained.
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

  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initdb(binDir, dataDir, runAs);
  } catch (error) {
    throw new StartupError(`The embedded PostgreSQL could not create its data folder ${dataDir}: ${describe(error)}`);
  }
  const server = await runPostgres(binDir, dataDir, port, runAs, [
    "-c", "listen_addresses=127.0.0.1",
    "-c", "unix_socket_directories=",
    "-c", `max_connections=${options.maxConnections ?? 200}`,
    ...(options.ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
  ]).catch((error: unknown) => {
    throw new StartupError(`The embedded PostgreSQL in ${dataDir} did not start: ${describe(error)}`);
  });

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    relocation,
    stop: () => stopServer(server),
  };
}

/** The outermost folder on the way to `target` that `who` cannot enter, to name it to the user. */
function nearestBlockedFolder(who: RunAs, target: string): string {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const folder = path.sep + parts.slice(0, i).join(path.sep);
    if (!canAccess(who, "-x", folder)) return folder;
  }
  return target;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code} ${error.message}` : error.message;
  }
  return String(error);
}

function lastMeaningfulLine(output: string): string | undefined {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /FATAL|ERROR|error|could not|cannot/i.test(line))
    .at(-1);
}

/**
 * PostgreSQL's programs get nothing of the app's environment (no secrets, no PG* variables that
 * would change their behaviour), only English messages, which the start-up waits for. NODE_ENV
 * only because Next.js declares it always present in ProcessEnv; PostgreSQL ignores it.
 */
const POSTGRES_ENV: NodeJS.ProcessEnv = { NODE_ENV: "production", LC_ALL: "C" };

async function initdb(binDir: string, dataDir: string, runAs: RunAs | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(dataDir, runAs.uid, runAs.gid);
  // Beside the data folder (initdb wants that one empty), where the postgres user is known to
  // reach, readable by it alone, and gone as soon as initdb has read it.
  const passwordFile = `${dataDir}.password-${randomBytes(4).toString("hex")}`;
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
    await runInitdb(binDir, dataDir, passwordFile, runAs);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function runInitdb(binDir: string, dataDir: string, passwordFile: string, runAs: RunAs | undefined) {
  const child = spawn(
    path.join(binDir, "initdb"),
    [
      `--pgdata=${dataDir}`,
      "--auth=password",
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      "--encoding=UTF8",
      // The package asks for en_US.UTF-8, a locale many machines lack; C is always there.
      "--locale=C",
      "--lc-messages=C",
    ],
    { ...runAs, stdio: ["ignore", "pipe", "pipe"], env: POSTGRES_ENV },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(lastMeaningfulLine(output) ?? `initdb exited with code ${code}`);
}

function runPostgres(
  binDir: string,
  dataDir: string,
  port: number,
  runAs: RunAs | undefined,
  flags: string[],
): Promise<ChildProcess> {
  const child = spawn(path.join(binDir, "postgres"), ["-D", dataDir, "-p", String(port), ...flags], {
    ...runAs,
    stdio: ["ignore", "ignore", "pipe"],
    env: POSTGRES_ENV,
  });
  // The server is stopped with whoever started it, even when that process just exits.
  const stopOnExit = () => child.kill("SIGINT");
  process.on("exit", stopOnExit);
  child.once("exit", () => process.off("exit", stopOnExit));

  let log = "";
  return new Promise((resolve, reject) => {
    // Keep reading stderr for the server's whole life: a full pipe would block its logging.
    child.stderr?.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString("utf8")).slice(-8192);
      if (log.includes("database system is ready to accept connections")) resolve(child);
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(lastMeaningfulLine(log) ?? `postgres exited with code ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    // SIGINT: PostgreSQL's fast shutdown (ends sessions, writes a checkpoint).
    child.kill("SIGINT");
  });
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
