/**
 * The README's first command as root from a private folder (root's home is
 * 0700): PostgreSQL refuses to run as root, so it runs as the `postgres` user,
 * who cannot enter that folder. The launcher must still give a serving app —
 * running PostgreSQL's programs and data from a place that user can reach and
 * saying so in one line — or, where that cannot work, one line with the fix.
 *
 * Only root can reproduce this (setuid to `postgres`), so it runs only as root.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, portIsFree } from "@/db/embedded";

const isRoot = process.getuid?.() === 0;
const repo = path.resolve(import.meta.dirname, "..");

interface Launch {
  output: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

function launch(cwd: string, env: Record<string, string>): Launch {
  // Its own process group, so stopping it also stops Next.js and PostgreSQL it started.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "dev"], {
    cwd,
    detached: true,
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: "", STRIPE_SANDBOX_PORT: "0", LOG_LEVEL: "warn", ...env },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}

async function waitForHealth(port: number, launched: Launch, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void launched.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`the launcher exited (${exitCode}):\n${launched.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.status === 200) return (await response.json()) as unknown;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no healthy app within ${timeoutMs} ms:\n${launched.output()}`);
}

describe.runIf(isRoot)("root in a private folder", () => {
  let privateDir: string;
  let clone: string;
  let runtimeDir: string;

  beforeAll(() => {
    // mkdtemp makes the folder 0700, as root's home is: `postgres` cannot enter it.
    privateDir = mkdtempSync(path.join(os.tmpdir(), "credits-root-"));
    clone = path.join(privateDir, "credits");
    // The working tree as a clone would have it (tracked and new files, nothing ignored)…
    const files = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: repo, encoding: "utf8" })
      .stdout.split("\0")
      .filter(Boolean);
    for (const file of files) {
      mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      try {
        copyFileSync(path.join(repo, file), path.join(clone, file));
      } catch {
        // deleted in the working tree but not yet in the index
      }
    }
    // …and node_modules as `npm install` leaves it, inside the private folder. Hard links take
    // about a second where copying takes far longer; a symlink would not do, as Node resolves
    // it to the real (reachable) path.
    const linked = spawnSync("cp", ["-al", path.join(repo, "node_modules"), path.join(clone, "node_modules")]);
    if (linked.status !== 0) throw new Error(`cp -al node_modules: ${String(linked.stderr)}`);
    // Where PostgreSQL's programs and data go when `postgres` cannot reach them: a folder of
    // this run's own (the default is /var/lib/credits-embedded-postgres), removed afterwards.
    runtimeDir = mkdtempSync(path.join(os.tmpdir(), "credits-pg-runtime-"));
    chmodSync(runtimeDir, 0o755);
  });

  afterAll(() => {
    rmSync(privateDir, { recursive: true, force: true });
    rmSync(runtimeDir, { recursive: true, force: true });
  });

  it("npm run dev gives a serving app and says in one line where PostgreSQL runs", async () => {
    const port = await freePort();
    const pgPort = await freePort();
    const launched = launch(clone, {
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      EMBEDDED_PG_RUNTIME_DIR: runtimeDir,
    });
    try {
      expect(await waitForHealth(port, launched, 200_000)).toEqual({ status: "ok", database: "up" });
      const output = launched.output();
      expect(output).not.toMatch(/EACCES|\n\s+at /);
      const notes = output.split("\n").filter((line) => line.includes("cannot enter"));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/^credits: running as root.*postgres.*cannot enter.*EMBEDDED_PG_RUNTIME_DIR/);
      expect(notes[0]).toContain(runtimeDir);
    } finally {
      await launched.stop();
    }
    // PostgreSQL stopped with the launcher.
    expect(await portIsFree(pgPort)).toBe(true);
    // A first `next dev` compiles on request: minutes on a busy machine.
  }, 240_000);

  it("where the postgres user cannot reach the runtime folder either: one line with the fix", async () => {
    const unreachable = path.join(privateDir, "runtime");
    const launched = launch(clone, {
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_RUNTIME_DIR: unreachable,
    });
    const code = await launched.exited;
    const output = launched.output().trim();
    expect(code).not.toBe(0);
    expect(output.split("\n")).toHaveLength(1);
    expect(output).toMatch(/^credits: .*postgres.* cannot .*EMBEDDED_PG_RUNTIME_DIR/);
    expect(output).not.toMatch(/EACCES|\n\s+at /);
  });
});
