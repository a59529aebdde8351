import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { autoRefillSettings } from "@/db/schema";
import { setRefillThreshold } from "@/lib/credits";
import { CUSTOM_CREDITS_MAX, CUSTOM_CREDITS_MIN } from "@/lib/credits/pricing";

/** DESIGN.md §5 "Auto-refill settings": the defaults for someone who never chose. */
export const autoRefillDefaults = {
  enabled: false,
  thresholdCredits: 100,
  refillCredits: 500,
  monthlyLimitCents: 50_000,
  paymentMethodId: null as string | null,
};

export interface AutoRefill {
  enabled: boolean;
  thresholdCredits: number;
  refillCredits: number;
  monthlyLimitCents: number;
  paymentMethodId: string | null;
  /** False until the user has turned it on or off once (the panel then offers it checked). */
  chosen: boolean;
  pausedReason: string | null;
  pausedAt: Date | null;
}

export async function getAutoRefill(accountId: number): Promise<AutoRefill> {
  const [row] = await db.select().from(autoRefillSettings).where(eq(autoRefillSettings.accountId, accountId));
  if (!row) return { ...autoRefillDefaults, chosen: false, pausedReason: null, pausedAt: null };
  return {
    enabled: row.enabled,
    thresholdCredits: row.thresholdCredits,
    refillCredits: row.refillCredits,
    monthlyLimitCents: row.monthlyLimitCents,
    paymentMethodId: row.paymentMethodId,
    chosen: true,
    pausedReason: row.pausedReason,
    pausedAt: row.pausedAt,
  };
}

export const autoRefillSchema = z.object({
  enabled: z.boolean(),
  thresholdCredits: z
    .number()
    .int({ error: "Enter a whole number of credits." })
    .min(1, { error: "The threshold must be at least 1 credit." })
    .max(1_000_000, { error: "The threshold must be at most 1,000,000 credits." }),
  refillCredits: z
    .number()
    .int({ error: "Enter a whole number of credits." })
    .min(CUSTOM_CREDITS_MIN, { error: `Refill at least ${CUSTOM_CREDITS_MIN} credits.` })
    .max(CUSTOM_CREDITS_MAX, { error: `Refill at most ${CUSTOM_CREDITS_MAX.toLocaleString("en-US")} credits.` }),
  monthlyLimitCents: z
    .number()
    .int()
    .min(500, { error: "The monthly limit must be at least $5." })
    .max(1_000_000, { error: "The monthly limit must be at most $10,000." }),
  paymentMethodId: z.string().startsWith("pm_").max(255).nullable(),
});

/**
 * Saves the setting. The account row carries the threshold while it is on,
 * which is what the ledger's trigger reads; switching it on while already
 * below the threshold queues a refill in this same transaction.
 */
export async function saveAutoRefill(accountId: number, input: z.infer<typeof autoRefillSchema>) {
  const values = { ...input, pausedReason: null, pausedAt: null, updatedAt: new Date() };
  await db.transaction(async (tx) => {
    await tx
      .insert(autoRefillSettings)
      .values({ accountId, ...values })
      .onConflictDoUpdate({ target: autoRefillSettings.accountId, set: values });
    await setRefillThreshold(accountId, input.enabled ? input.thresholdCredits : null, tx);
  });
}

/** Stops auto-refill by itself, with the reason shown to the user (a card that keeps failing). */
export async function pauseAutoRefill(accountId: number, reason: string) {
  const at = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(autoRefillSettings)
      .set({ enabled: false, pausedReason: reason, pausedAt: at, updatedAt: at })
      .where(eq(autoRefillSettings.accountId, accountId));
    await setRefillThreshold(accountId, null, tx);
  });
}
