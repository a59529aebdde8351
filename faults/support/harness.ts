/**
 * The fault-test harness (issue #12): a database, the Stripe sandbox and any
 * number of production app servers, all real, wired together the way
 * scripts/serve.ts wires them, but with every piece in the test's hands:
 * kill or restart a server, stop and start the database, read a server's log.
 *
 * The sandbox runs inside the test process, so it survives app kills and keeps
 * retrying webhooks until a server is back. The test process's own
 * configuration (process.env) is pointed at the same database and sandbox, so
 * it can call lib/ code as another instance would; that is also why app
 * modules must be imported after `startFaultHarness()` resolves (lib/env is
 * read once). See faults/README.md for the API and an example.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../db/embedded";
import { startStripeSandbox, type StripeSandbox } from "../../stripe-sandbox";
import { tokenizeCard } from "../../tests/support/payments";
import { AppServer } from "./app-server";
import { startFaultDatabase, type FaultDatabase } from "./database";

export interface FaultHarnessOptions {
  /** PostgreSQL's max_connections; the default (400) fits several servers at full pools. */
  maxConnections?: number;
  /** First webhook retry delay in ms (doubles per attempt); default 250. */
  webhookRetryBaseMs?: number;
  /** Delivery attempts per event; default 8 (about a minute of retries at 250 ms). */
  webhookMaxAttempts?: number;
}

export interface StartAppOptions {
  /** Run the background jobs (auto-refill, reconciliation) in this instance; default true. */
  jobs?: boolean;
  /** A fixed port; default: a free one. */
  port?: number;
  /** DATABASE_POOL_SIZE of the instance; default 10 (the app's default). */
  poolSize?: number;
  /** Send the sandbox's webhooks to this instance; default true for the first instance. */
  receivesWebhooks?: boolean;
  /** Further variables for the instance (they win over the harness's). */
  env?: Record<string, string>;
}

export interface FaultHarness {
  db: FaultDatabase;
  sandbox: StripeSandbox;
  /** Every server started so far, in order. */
  apps: AppServer[];
  /** Folder of the servers' logs. */
  logDir: string;
  /** The AUTH_SECRET every instance shares (sessions are valid on all of them). */
  authSecret: string;
  startApp(options?: StartAppOptions): Promise<AppServer>;
  /** Points the sandbox's webhooks at one instance. */
  routeWebhooksTo(app: AppServer): void;
  /** A payment method id for a test card number, tokenized as the browser does. */
  tokenize(cardNumber: string): Promise<string>;
  /** The tail of every server's log, for a failing test's output. */
  logTails(lines?: number): string;
  /** Stops the servers, the sandbox and the database, and deletes the database's files. */
  close(): Promise<void>;
}

const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Only what a server needs from the test's environment: no Vitest or NODE_ENV=test leaking in. */
function baseEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG", "TZ"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export async function startFaultHarness(options: FaultHarnessOptions = {}): Promise<FaultHarness> {
  const db = await startFaultDatabase({ maxConnections: options.maxConnections });
  const token = () => randomBytes(18).toString("base64url");
  let sandbox: StripeSandbox;
  try {
    sandbox = await startStripeSandbox({
      port: 0,
      secretKey: `sk_test_${token()}`,
      publishableKey: `pk_test_${token()}`,
      webhookSecret: `whsec_${token()}`,
      webhookRetryBaseMs: options.webhookRetryBaseMs ?? 250,
      webhookMaxAttempts: options.webhookMaxAttempts ?? 8,
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const logDir = await mkdtemp(path.join(os.tmpdir(), "credits-faults-logs-"));
  const authSecret = token() + token();

  // What the app instances and the test process share: one database, one sandbox.
  const connections = {
    DATABASE_URL: db.url,
    STRIPE_SECRET_KEY: sandbox.secretKey,
    STRIPE_PUBLISHABLE_KEY: sandbox.publishableKey,
    STRIPE_WEBHOOK_SECRET: sandbox.webhookSecret,
    STRIPE_SANDBOX_URL: sandbox.url,
    SANDBOX_PAYMENTS: "1",
    WELCOME_CREDITS: "0",
  };
  const shared = {
    ...connections,
    NODE_ENV: "production" as const,
    AUTH_SECRET: authSecret,
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // The test process is "another instance": lib/ code it imports from now on uses this database and sandbox.
  Object.assign(process.env, connections);

  const apps: AppServer[] = [];
  const routeWebhooksTo = (app: AppServer) => sandbox.setWebhookUrl(`${app.url}/api/stripe/webhook`);

  return {
    db,
    sandbox,
    apps,
    logDir,
    authSecret,
    routeWebhooksTo,
    async startApp(appOptions: StartAppOptions = {}) {
      const port = appOptions.port ?? (await freePort());
      const name = `app${apps.length + 1}`;
      const app = new AppServer({
        name,
        port,
        cwd: REPO_ROOT,
        logFile: path.join(logDir, `${name}.log`),
        env: {
          ...baseEnvironment(),
          ...shared,
          PORT: String(port),
          JOBS: appOptions.jobs === false ? "0" : "1",
          DATABASE_POOL_SIZE: String(appOptions.poolSize ?? 10),
          ...appOptions.env,
        },
      });
      apps.push(app);
      if (appOptions.receivesWebhooks ?? apps.length === 1) routeWebhooksTo(app);
      await app.start();
      return app;
    },
    tokenize: (cardNumber) => tokenizeCard(sandbox, cardNumber),
    logTails(lines = 60) {
      return apps.map((app) => `── ${app.name} (${app.logFile}):\n${app.logTail(lines)}`).join("\n\n");
    },
    async close() {
      await Promise.all(apps.map((app) => app.stop(5_000).catch(() => {})));
      await sandbox.close().catch(() => {});
      await db.close();
    },
  };
}
