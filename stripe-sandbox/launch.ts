/**
 * What `npm run dev` / `npm start` (scripts/serve.ts) call when no
 * STRIPE_SECRET_KEY is set: start the sandbox on a stable port with keys kept
 * in the data folder, and return the variables the Next.js process needs.
 * Refuses under NODE_ENV=production unless SANDBOX_PAYMENTS=1 (e2e runs of a
 * production build), so a misconfigured deployment cannot take fake payments.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startStripeSandbox, type StripeSandbox } from "./server";

export const DEFAULT_SANDBOX_PORT = 12111;

/**
 * A problem the user can fix (production without SANDBOX_PAYMENTS=1, a taken
 * port): the launcher prints its message as one line and exits, as it does
 * for the database's StartupError.
 */
export class SandboxLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxLaunchError";
  }
}

interface Keys {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
}

/** Generated once, so a restarted app and sandbox keep agreeing on keys and secret. */
function sandboxKeys(dataDir: string): Keys {
  const file = path.join(dataDir, "stripe-sandbox-keys.json");
  if (existsSync(file)) {
    const saved: Partial<Keys> = JSON.parse(readFileSync(file, "utf8"));
    if (saved.secretKey?.startsWith("sk_test_") && saved.publishableKey?.startsWith("pk_test_") && saved.webhookSecret?.startsWith("whsec_")) {
      return { secretKey: saved.secretKey, publishableKey: saved.publishableKey, webhookSecret: saved.webhookSecret };
    }
  }
  const token = () => randomBytes(18).toString("base64url");
  const keys: Keys = { secretKey: `sk_test_${token()}`, publishableKey: `pk_test_${token()}`, webhookSecret: `whsec_${token()}` };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

export async function launchSandboxForApp(options: {
  dataDir: string;
  /** The port Next.js listens on: webhooks go there, and its origin may call the sandbox. */
  appPort: number;
  production: boolean;
  /** SANDBOX_PAYMENTS=1 */
  allowInProduction: boolean;
  port?: number;
  /** Further origins the app is reached at (e.g. a public URL in an e2e setup). */
  extraOrigins?: string[];
}): Promise<{ sandbox: StripeSandbox; env: Record<string, string> }> {
  if (options.production && !options.allowInProduction) {
    throw new SandboxLaunchError(
      "STRIPE_SECRET_KEY is not set. In production set STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET, or set SANDBOX_PAYMENTS=1 to run against the local Stripe sandbox (test mode, no real charges).",
    );
  }
  const port = options.port ?? DEFAULT_SANDBOX_PORT;
  const keys = sandboxKeys(options.dataDir);
  let sandbox: StripeSandbox;
  try {
    sandbox = await startStripeSandbox({
      ...keys,
      port,
      webhookUrl: `http://127.0.0.1:${options.appPort}/api/stripe/webhook`,
      appOrigin: [`http://localhost:${options.appPort}`, `http://127.0.0.1:${options.appPort}`, ...(options.extraOrigins ?? [])],
      stateFile: path.join(options.dataDir, "stripe-sandbox.json"),
    });
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      throw new SandboxLaunchError(`Port ${port} for the Stripe sandbox is already in use. Stop what uses it, or set STRIPE_SANDBOX_PORT to a free port.`);
    }
    throw error;
  }
  return {
    sandbox,
    env: {
      STRIPE_SECRET_KEY: keys.secretKey,
      STRIPE_PUBLISHABLE_KEY: keys.publishableKey,
      STRIPE_WEBHOOK_SECRET: keys.webhookSecret,
      STRIPE_SANDBOX_URL: sandbox.url,
    },
  };
}
