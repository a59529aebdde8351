import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

// Pinned: objects and events are read with this version's shapes.
export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

function createClient(): Stripe {
  if (!env.STRIPE_SECRET_KEY) {
    throw new Error("STRIPE_SECRET_KEY is not set: start the app with `npm run dev` or `npm start`, which start the sandbox.");
  }
  // With the sandbox, the same SDK talks to it on loopback; nothing else differs.
  const sandbox = env.STRIPE_SANDBOX_URL ? new URL(env.STRIPE_SANDBOX_URL) : undefined;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(sandbox ? { host: sandbox.hostname, port: Number(sandbox.port), protocol: "http" as const } : {}),
  });
}

const globalForStripe = globalThis as unknown as { creditsStripe?: Stripe };

/** The one Stripe client of this process. */
/** The id of a field Stripe may send as an id or as the expanded object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  return value == null ? null : typeof value === "string" ? value : value.id;
}

export function stripe(): Stripe {
  return (globalForStripe.creditsStripe ??= createClient());
}

/** True when payments go to the local sandbox: the UI then says "Test mode — no real charges". */
export function isSandbox(): boolean {
  return Boolean(env.STRIPE_SANDBOX_URL);
}

/** What the browser needs to tokenize a card (publishable key, and the sandbox's URL when in use). */
export function browserPaymentConfig() {
  return { publishableKey: env.STRIPE_PUBLISHABLE_KEY ?? "", sandboxUrl: env.STRIPE_SANDBOX_URL ?? null };
}
