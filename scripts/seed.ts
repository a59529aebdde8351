/**
 * `npm run db:seed`: a demo user with a month of varied usage, for trying the
 * dashboard and the request log. Local databases only.
 *
 * Like scripts/serve.ts, it uses DATABASE_URL when set, else starts the
 * embedded PostgreSQL (DATA_DIR/pg on EMBEDDED_PG_PORT), applies migrations,
 * then runs the seeding in a child process that has DATABASE_URL from the
 * start (lib/env reads configuration once), and stops the database at the end.
 * Re-running resets the demo user's password and adds nothing twice: a user
 * that already has usage is reported, not seeded again.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import nextEnv from "@next/env";

export const DEMO_EMAIL = "demo@credits.local";
export const DEMO_PASSWORD = "demo credits 2026";
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

function fail(message: string): never {
  console.error(`db:seed: ${message}`);
  process.exit(1);
}

function assertLocal(url: string) {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    fail("DATABASE_URL is not a valid URL.");
  }
  if (!LOCAL_HOSTS.has(host)) fail(`refusing to seed ${host}: demo data goes only into a local database (localhost).`);
}

async function launch() {
  nextEnv.loadEnvConfig(process.cwd(), true);
  if (process.env.DATABASE_URL) assertLocal(process.env.DATABASE_URL);
  const { env } = await import("../lib/env").catch((error: unknown) =>
    fail(`invalid configuration: ${error instanceof Error ? error.message : String(error)}`),
  );
  const { StartupError, startEmbeddedPostgres } = await import("../db/embedded");
  const { applyMigrations } = await import("../db/migrate");

  let url = env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  try {
    if (!url) {
      const embedded = await startEmbeddedPostgres({
        dataDir: path.join(env.DATA_DIR, "pg"),
        port: env.EMBEDDED_PG_PORT,
        runtimeDir: env.EMBEDDED_PG_RUNTIME_DIR,
      });
      if (embedded.relocation) console.log(`credits: ${embedded.relocation}`);
      url = embedded.url;
      stop = embedded.stop;
    }
    await applyMigrations(url);
  } catch (error) {
    await stop?.().catch(() => {});
    fail(error instanceof StartupError || error instanceof Error ? error.message : String(error));
  }

  const code = await new Promise<number>((resolve) =>
    spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--seed"], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: url },
    }).on("exit", (c) => resolve(c ?? 1)),
  );
  await stop?.().catch(() => {});
  process.exit(code);
}

/** In the child process, which has DATABASE_URL from the start: the seeding itself (lib/demo). */
async function seed() {
  assertLocal(process.env.DATABASE_URL ?? "");
  const { sqlClient } = await import("../lib/db");
  const { seedDemoUser } = await import("../lib/demo");
  try {
    const seeded = await seedDemoUser({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
    console.log(
      seeded.outcome === "exists"
        ? `db:seed: ${DEMO_EMAIL} already has usage; its password is reset to "${DEMO_PASSWORD}". Nothing else changed.`
        : `db:seed: ${DEMO_EMAIL} / ${DEMO_PASSWORD} — ${seeded.requests} requests over 30 days, ${seeded.balance} credits left.`,
    );
  } finally {
    await sqlClient.end();
  }
}

if (process.argv.includes("--seed")) {
  seed().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
} else {
  launch().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}
