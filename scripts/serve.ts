/**
 * `npm run dev` / `npm start`: everything the app needs on a fresh machine.
 * Starts the embedded PostgreSQL unless DATABASE_URL is set, applies
 * migrations under an advisory lock, provides a development AUTH_SECRET, then
 * starts the Stripe sandbox and the mail catcher when their real services are
 * not configured, then runs Next.js with that configuration and stops the database when it exits.
 * Problems the user can fix end the start with one line and a non-zero exit.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import postgres from "postgres";

const mode = process.argv[2] === "start" ? "start" : "dev";
if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: mode === "start" ? "production" : "development" });
nextEnv.loadEnvConfig(process.cwd(), mode === "dev");

let stopDatabase: (() => Promise<void>) | undefined;
let stopSandbox: (() => Promise<void>) | undefined;
let stopMailCatcher: (() => Promise<void>) | undefined;

function fail(message: string): never {
  console.error(`credits: ${message}`);
  process.exit(1);
}

async function checkReachable(url: string) {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    const u = new URL(url);
    const reason = error instanceof Error ? error.message : String(error);
    fail(
      `cannot reach the database at ${u.hostname}:${u.port || 5432} from DATABASE_URL (${reason}). Check that PostgreSQL is running and the URL is right, or unset DATABASE_URL to use the embedded database.`,
    );
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function devAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(33).toString("base64"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

async function main() {
  const { env } = await import("../lib/env").catch((error: unknown) =>
    fail(`invalid configuration: ${error instanceof Error ? error.message : String(error)}`),
  );
  const { StartupError, portIsFree, startEmbeddedPostgres } = await import("../db/embedded");
  const { applyMigrations } = await import("../db/migrate");

  const port = Number(process.env.PORT ?? 3000);
  if (!(await portIsFree(port, "0.0.0.0"))) {
    fail(`port ${port} is already in use. Stop what uses it, or set PORT to a free port.`);
  }

  let databaseUrl = env.DATABASE_URL;
  try {
    if (databaseUrl) {
      await checkReachable(databaseUrl);
    } else {
      const embedded = await startEmbeddedPostgres({
        dataDir: path.join(env.DATA_DIR, "pg"),
        port: env.EMBEDDED_PG_PORT,
        runtimeDir: env.EMBEDDED_PG_RUNTIME_DIR,
      });
      stopDatabase = embedded.stop;
      databaseUrl = embedded.url;
      if (embedded.relocation) console.log(`credits: ${embedded.relocation}`);
      console.log(`credits: embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir})`);
    }
    await applyMigrations(databaseUrl);
  } catch (error) {
    await stopDatabase?.();
    if (error instanceof StartupError) fail(error.message);
    fail(`database start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  let authSecret = env.AUTH_SECRET;
  if (!authSecret) {
    if (env.NODE_ENV === "production") {
      await stopDatabase?.();
      fail("AUTH_SECRET is required in production. Generate one with `openssl rand -base64 33` and set it.");
    }
    authSecret = devAuthSecret(env.DATA_DIR);
  }

  // E-mail: a real production start needs an SMTP server and the public origin its links open.
  const testMode = env.NODE_ENV !== "production" || env.SANDBOX_PAYMENTS === "1";
  if (!testMode && !env.SMTP_URL) {
    await stopDatabase?.();
    fail("SMTP_URL is required in production (smtp://user:pass@host:587 or smtps://…:465), so that verification and password-reset e-mails reach people.");
  }
  if (!testMode && !env.APP_URL) {
    await stopDatabase?.();
    fail("APP_URL is required in production: the public origin (https://credits.example.com) that links in e-mails open.");
  }

  // No Stripe keys: run the local Stripe sandbox (test mode) and hand its keys and URL to Next.js.
  let stripeEnv: Record<string, string> = {};
  if (!env.STRIPE_SECRET_KEY) {
    // A dynamic import, so a start with real Stripe keys never loads the sandbox.
    const { launchSandboxForApp, SandboxLaunchError } = await import("../stripe-sandbox");
    try {
      const launched = await launchSandboxForApp({
        dataDir: env.DATA_DIR,
        appPort: port,
        production: env.NODE_ENV === "production",
        allowInProduction: env.SANDBOX_PAYMENTS === "1",
        port: env.STRIPE_SANDBOX_PORT,
      });
      stopSandbox = launched.sandbox.close;
      stripeEnv = launched.env;
      console.log(`credits: Stripe sandbox on ${launched.sandbox.url} (test mode — no real charges)`);
    } catch (error) {
      await stopDatabase?.();
      if (error instanceof SandboxLaunchError) fail(error.message);
      fail(`the Stripe sandbox did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // No SMTP server: a local mail catcher (test mode only) keeps the mail and shows it as the Test inbox.
  let mailEnv: Record<string, string> = {};
  if (!env.SMTP_URL) {
    const smtpPort = env.MAIL_CATCHER_PORT;
    const webPort = smtpPort === 0 ? 0 : smtpPort + 1;
    for (const [taken, what] of [
      [smtpPort, "SMTP port"],
      [webPort, "web page (Test inbox)"],
    ] as const) {
      if (taken !== 0 && !(await portIsFree(taken))) {
        await stopSandbox?.();
        await stopDatabase?.();
        fail(`port ${taken} for the mail catcher's ${what} is already in use. Stop what uses it, or set MAIL_CATCHER_PORT (0: any free ports).`);
      }
    }
    const { startMailCatcher } = await import("../mail-catcher");
    const catcher = await startMailCatcher({ smtpPort, webPort });
    stopMailCatcher = catcher.close;
    mailEnv = { SMTP_URL: catcher.smtpUrl, MAIL_CATCHER_URL: catcher.webUrl! };
    console.log(`credits: mail catcher on ${catcher.smtpUrl}; Test inbox at ${catcher.webUrl} (test mode — nothing is delivered)`);
  }

  // Not the `next` CLI: a node:http server around Next.js that tells the app each client's socket address.
  const child = spawn(
    process.execPath,
    [path.join("scripts", "next-server.mjs"), mode, String(port)],
    {
      stdio: "inherit",
      env: {
        ...process.env,
        ...stripeEnv,
        ...mailEnv,
        APP_URL: env.APP_URL ?? `http://localhost:${port}`,
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: authSecret,
        AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  );

  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", async (code, signal) => {
    await stopMailCatcher?.().catch(() => {});
    await stopSandbox?.().catch(() => {});
    await stopDatabase?.().catch(() => {});
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch(async (error: unknown) => {
  await stopMailCatcher?.().catch(() => {});
  await stopSandbox?.().catch(() => {});
  await stopDatabase?.().catch(() => {});
  fail(error instanceof Error ? error.message : String(error));
});
