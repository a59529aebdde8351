import "server-only";
import { eq } from "drizzle-orm";
import { users, usageRequests } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import * as credits from "@/lib/credits";
import { featureIds, modelIds, priceRequest } from "@/lib/credits/shared";
import { db } from "@/lib/db";
import { aiFeatures } from "@/lib/features";

export type SeedOutcome =
  | { outcome: "seeded"; accountId: number; requests: number; balance: number }
  | { outcome: "exists"; accountId: number };

/** Deterministic pseudo-random numbers, so every seed looks the same. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

export interface SeedInput {
  email: string;
  password: string;
  /** The seeded month ends here. */
  realNow?: Date;
}

/**
 * A demo user (`npm run db:seed`, scripts/seed.ts): a month of varied usage,
 * for trying the dashboard and the request log. Re-running resets the demo
 * user's password and adds nothing twice: a user that already has usage is
 * left as it is.
 */
export async function seedDemoUser({ email, password, realNow = new Date() }: SeedInput): Promise<SeedOutcome> {
  const passwordHash = await hashPassword(password);
  const [user] = await db
    .insert(users)
    .values({ email, name: "Demo User", passwordHash })
    .onConflictDoUpdate({ target: users.email, set: { passwordHash } })
    .returning();
  const accountId = await credits.accountIdForUser(user!.id);
  const [existing] = await db.select({ id: usageRequests.id }).from(usageRequests).where(eq(usageRequests.accountId, accountId)).limit(1);
  if (existing) return { outcome: "exists", accountId };

  const day = 86_400_000;
  const clock = credits.manualClock(new Date(realNow.getTime() - 31 * day));
  const restore = credits.setClock(clock);
  try {
    // The first try, before any credits were bought: refused (402), at its rate-card price.
    const first = { feature: "chat", model: "claude-sonnet-4.5", inputTokens: 1_200, outputTokens: 400 } as const;
    await credits.debit({ accountId, credits: priceRequest(first).credits, ...first });
    clock.advance(60_000);
    await credits.grantCredits({ accountId, source: "purchase", amount: 2_500, externalRef: "seed-purchase-1" });
    await credits.grantCredits({
      accountId,
      source: "allowance",
      amount: 1_000,
      expiresAt: new Date(realNow.getTime() + 12 * day),
      externalRef: "seed-allowance-1",
    });
    await credits.grantCredits({
      accountId,
      source: "promo",
      amount: 150,
      expiresAt: new Date(realNow.getTime() + 3 * day),
      externalRef: "seed-promo-1",
    });
    await credits.grantCredits({
      accountId,
      source: "adjustment",
      amount: 40,
      externalRef: "seed-adjustment-1",
      metadata: { reason: "Credited back: usage caused by a bug" },
    });

    // Every request is planned first, then made in time order, so each one's
    // "balance after" follows from the one before it.
    const rand = random(42);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    type Planned = { at: number; run: () => Promise<unknown> };
    const plan: Planned[] = [];
    for (let d = 30; d >= 0; d--) {
      const weekend = new Date(realNow.getTime() - d * day).getUTCDay() % 6 === 0;
      const count = Math.floor(rand() * (weekend ? 4 : 12)) + (weekend ? 0 : 3);
      for (let i = 0; i < count; i++) {
        const at = realNow.getTime() - d * day - Math.floor(rand() * 20 * 3_600_000) - 60_000;
        const feature = pick(featureIds);
        const model = pick(modelIds);
        const inputTokens = Math.floor(rand() * 20_000);
        const outputTokens = Math.floor(rand() * 4_000);
        const { credits: cost } = priceRequest({ feature, model, inputTokens, outputTokens });
        plan.push({
          at,
          run: () => credits.debit({ accountId, credits: cost, feature, model, inputTokens, outputTokens, metadata: { session: `s-${d}` } }),
        });
      }
    }
    // Holds, as the Features page makes them: each reserves the price of the largest answer it
    // allows, then captures the price of the answer it got (two below what they reserved) or,
    // with no answer, is released. Every price is the rate card's.
    const held = { feature: "code_generation", model: "claude-opus-4.1" } as const;
    const maxOutputTokens = aiFeatures[held.feature].maxOutputTokens;
    const holds = [
      { hoursAgo: 50, inputTokens: 2_500, outputTokens: 800 },
      { hoursAgo: 26, inputTokens: 3_000, outputTokens: 500 },
      { hoursAgo: 5, inputTokens: 1_000, outputTokens: null },
    ] as const;
    for (const { hoursAgo, inputTokens, outputTokens } of holds) {
      plan.push({
        at: realNow.getTime() - hoursAgo * 3_600_000,
        run: async () => {
          const reserve = priceRequest({ ...held, inputTokens, outputTokens: maxOutputTokens }).credits;
          const hold = await credits.placeHold({ accountId, credits: reserve, ...held, ttlSeconds: 900 });
          if (hold.outcome !== "created") return;
          clock.advance(30_000);
          if (outputTokens === null) {
            await credits.releaseHold(accountId, hold.body.holdId);
            return;
          }
          await credits.captureHold(accountId, hold.body.holdId, priceRequest({ ...held, inputTokens, outputTokens }).credits);
          await credits.recordRequestTokens(accountId, hold.body.requestId, { inputTokens, outputTokens });
        },
      });
    }
    const made = plan.filter((p) => p.at < realNow.getTime()).sort((a, b) => a.at - b.at);
    for (const step of made) {
      clock.set(new Date(step.at));
      await step.run();
    }

    clock.set(realNow);
    const { balance } = await credits.getBalance(accountId);
    return { outcome: "seeded", accountId, requests: made.length, balance };
  } finally {
    restore();
  }
}
