/**
 * For command-line jobs run beside `npm run dev`: the same configuration the
 * launcher hands the app. Unset DATABASE_URL means the embedded database, and
 * unset Stripe keys mean the running sandbox with the keys kept in DATA_DIR, and
 * unset SMTP_URL the running mail catcher.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd());
const dataDir = process.env.DATA_DIR || ".data";
const defaults: Record<string, string> = {};
if (!process.env.DATABASE_URL) {
  defaults.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT || 54329}/postgres`;
}
const keysFile = path.join(dataDir, "stripe-sandbox-keys.json");
if (!process.env.STRIPE_SECRET_KEY && existsSync(keysFile)) {
  const keys = JSON.parse(readFileSync(keysFile, "utf8")) as { secretKey: string; publishableKey: string; webhookSecret: string };
  Object.assign(defaults, {
    STRIPE_SECRET_KEY: keys.secretKey,
    STRIPE_PUBLISHABLE_KEY: keys.publishableKey,
    STRIPE_WEBHOOK_SECRET: keys.webhookSecret,
    STRIPE_SANDBOX_URL: `http://127.0.0.1:${process.env.STRIPE_SANDBOX_PORT || 12111}`,
  });
}
// The mail catcher `npm run dev` started (its fixed default port), when no SMTP server is configured.
if (!process.env.SMTP_URL && process.env.MAIL_CATCHER_PORT !== "0") {
  defaults.SMTP_URL = `smtp://127.0.0.1:${process.env.MAIL_CATCHER_PORT || 1025}`;
}
Object.assign(process.env, defaults);
