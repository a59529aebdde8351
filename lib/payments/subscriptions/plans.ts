import "server-only";
import { env } from "@/lib/env";
import type { Executor } from "@/db/client";
import { accountIdForUser, grantCredits, now } from "@/lib/credits";
import { stripe } from "../stripe";

/**
 * The plans, as data: pages, actions and webhooks read prices and allowances
 * from here, never from literals of their own.
 */
export const plans = {
  free: {
    id: "free",
    name: "Free",
    priceCents: 0,
    monthlyCredits: 0,
    /** Granted once per account (promo, welcome:<userId>). */
    welcomeCredits: env.WELCOME_CREDITS,
  },
  pro: {
    id: "pro",
    name: "Pro",
    priceCents: 2_000,
    interval: "month",
    /** Granted each paid period (allowance, spent first, expires at the period's end). */
    monthlyCredits: 500,
    lookupKey: "pro_monthly",
  },
} as const;

export type PlanId = keyof typeof plans;

/** The one-time welcome grant of the Free plan; safe to call again (credited once per user, keyed welcome:<userId>). */
export async function grantWelcome(userId: string, tx?: Executor): Promise<void> {
  if (plans.free.welcomeCredits <= 0) return;
  await grantCredits({
    accountId: await accountIdForUser(userId, tx),
    source: "promo",
    amount: plans.free.welcomeCredits,
    externalRef: `welcome:${userId}`,
    metadata: { reason: "welcome" },
  }, tx);
}

const globalForPlans = globalThis as unknown as { creditsProPrice?: Promise<string> };

/**
 * Pro's Stripe price (lookup key pro_monthly), created on first need. The
 * lookup key makes it durable across restarts; the idempotency keys make two
 * processes starting at once create one product and one price.
 */
export function proPriceId(): Promise<string> {
  globalForPlans.creditsProPrice ??= findOrCreateProPrice().catch((error: unknown) => {
    globalForPlans.creditsProPrice = undefined;
    throw error;
  });
  return globalForPlans.creditsProPrice;
}

async function findOrCreateProPrice(): Promise<string> {
  const { pro } = plans;
  const [existing] = (await stripe().prices.list({ lookup_keys: [pro.lookupKey], active: true, limit: 1 })).data;
  if (existing) return existing.id;
  const product = await stripe().products.create(
    { name: "Credits Pro", description: `${pro.monthlyCredits} credits every month`, metadata: { plan: pro.id } },
    { idempotencyKey: `plan-product-${pro.id}` },
  );
  const price = await stripe().prices.create(
    {
      product: product.id,
      currency: "usd",
      unit_amount: pro.priceCents,
      recurring: { interval: pro.interval },
      lookup_key: pro.lookupKey,
      nickname: "Pro monthly",
      metadata: { plan: pro.id },
    },
    { idempotencyKey: `plan-price-${pro.lookupKey}` },
  );
  return price.id;
}

/**
 * The day of the month Pro renews on when it starts now: a subscription renews
 * a month after it began, so the day is today's by the server's clock, read in
 * the user's time zone (as the renewal date is shown).
 */
export function proRenewalDay(timeZone: string, at: Date = now()): number {
  return Number(new Intl.DateTimeFormat("en-US", { day: "numeric", timeZone }).format(at));
}
