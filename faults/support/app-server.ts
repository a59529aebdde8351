/**
 * One production Next.js server, spawned directly (`next start`, not through
 * scripts/serve.ts), so that SIGKILL kills the process that holds the
 * requests, the pool and the jobs. Its stdout and stderr go to a log file that
 * survives kills and restarts; `logTail()` is what a failing test prints.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface AppServerOptions {
  name: string;
  port: number;
  /** The repository root (where `.next/` is). */
  cwd: string;
  logFile: string;
  /** The whole environment of the server process. */
  env: NodeJS.ProcessEnv;
  /** How long a (re)start may take before it counts as failed; default 120 s (a loaded 2-core box). */
  startTimeoutMs?: number;
}

export class AppServer {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly logFile: string;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private healthy = false;
  private upWaiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  /** Starts so far, the first one included. */
  starts = 0;

  constructor(private readonly options: AppServerOptions) {
    this.name = options.name;
    this.port = options.port;
    this.url = `http://127.0.0.1:${options.port}`;
    this.logFile = options.logFile;
  }

  /** The server's pid while it runs. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the server and resolves once `/api/health` answers 200. */
  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    if (!existsSync(path.join(this.options.cwd, ".next", "BUILD_ID"))) {
      throw new Error(
        "faults: there is no production build (.next/BUILD_ID). Run `npx next build` first; `npm test` builds before it runs these tests.",
      );
    }
    this.starts++;
    const log = openSync(this.logFile, "a");
    writeSync(log, `\n── ${new Date().toISOString()} ${this.name}: start #${this.starts} on port ${this.port}\n`);
    const child = spawn(
      process.execPath,
      [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(this.port), "-H", "127.0.0.1"],
      { cwd: this.options.cwd, env: this.options.env, stdio: ["ignore", log, log] },
    );
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once("exit", () => {
        if (this.child === child) {
          this.child = null;
          this.healthy = false;
        }
        resolve();
      }),
    );
    try {
      await this.waitHealthy(child);
    } catch (error) {
      // Clients waiting for the server to come back fail with the reason, instead of waiting for ever.
      for (const waiter of this.upWaiters.splice(0)) waiter.reject(error);
      throw error;
    }
    this.healthy = true;
    for (const waiter of this.upWaiters.splice(0)) waiter.resolve();
  }

  private async waitHealthy(child: ChildProcess) {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 120_000);
    while (Date.now() < deadline) {
      if (this.child !== child) {
        throw new Error(`${this.name} exited while starting; its log ends:\n${this.logTail()}`);
      }
      const ok = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`${this.name} did not answer /api/health within the start timeout; its log ends:\n${this.logTail()}`);
  }

  /** Sends a signal and waits for the process to be gone. SIGKILL is the crash. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill("SIGTERM");
    const gone = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!gone) await this.kill("SIGKILL");
  }

  /** Kill (SIGKILL unless told otherwise) and start again on the same port. */
  async restart(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    await this.kill(signal);
    await this.start();
  }

  /** Resolves when the server is (back) up: at once if it is, else after the next start, which rejects it if it fails. */
  whenUp(): Promise<void> {
    if (this.healthy) return Promise.resolve();
    return new Promise((resolve, reject) => this.upWaiters.push({ resolve, reject }));
  }

  /** Resident memory in bytes, from /proc (Linux); null when not running. */
  rssBytes(): number | null {
    const pid = this.pid;
    if (!pid) return null;
    try {
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return match ? Number(match[1]) * 1024 : null;
    } catch {
      return null;
    }
  }

  /** The last lines of the server's log (all of its runs). */
  logTail(lines = 60): string {
    if (!existsSync(this.logFile)) return "(no log)";
    return readFileSync(this.logFile, "utf8").split("\n").slice(-lines).join("\n");
  }
}
