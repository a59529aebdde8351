import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Executor, Transaction } from "@/db/client";
import { db } from "@/lib/db";
import { autoRefillModes, autoRefillSettings } from "@/db/schema";
import { accountIdForUser, setRefillThreshold } from "@/lib/credits";
import { CUSTOM_CREDITS_MAX, CUSTOM_CREDITS_MIN } from "@/lib/credits/shared";
import { notify } from "@/lib/notifications";

/** DESIGN.md §5 "Auto-refill settings": the defaults for someone who never chose. */
export const autoRefillDefaults = {
  enabled: false,
  thresholdCredits: 100,
  refillCredits: 500,
  monthlyLimitCents: 50_000,
  paymentMethodId: null as string | null,
  mode: "fixed" as AutoRefillMode,
  targetBalance: null as number | null,
};

export type AutoRefillMode = (typeof autoRefillModes)[number];

export interface AutoRefill {
  enabled: boolean;
  thresholdCredits: number;
  refillCredits: number;
  monthlyLimitCents: number;
  paymentMethodId: string | null;
  /** "fixed": buy `refillCredits`; "target": buy what brings the available balance back to `targetBalance`. */
  mode: AutoRefillMode;
  targetBalance: number | null;
  /** False until the user has turned it on or off once (the panel then offers it checked). */
  chosen: boolean;
  pausedReason: string | null;
  pausedAt: Date | null;
}

export async function getAutoRefill(accountId: number, ex: Executor = db): Promise<AutoRefill> {
  const [row] = await ex.select().from(autoRefillSettings).where(eq(autoRefillSettings.accountId, accountId));
  if (!row) return { ...autoRefillDefaults, chosen: false, pausedReason: null, pausedAt: null };
  return {
    enabled: row.enabled,
    thresholdCredits: row.thresholdCredits,
    refillCredits: row.refillCredits,
    monthlyLimitCents: row.monthlyLimitCents,
    paymentMethodId: row.paymentMethodId,
    mode: row.mode,
    targetBalance: row.targetBalance,
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
  mode: z.enum(autoRefillModes).default("fixed"),
  targetBalance: z
    .number({ error: "Enter a whole number of credits." })
    .int({ error: "Enter a whole number of credits." })
    .min(CUSTOM_CREDITS_MIN, { error: `Refill up to at least ${CUSTOM_CREDITS_MIN} credits.` })
    .max(CUSTOM_CREDITS_MAX, { error: `Refill up to at most ${CUSTOM_CREDITS_MAX.toLocaleString("en-US")} credits.` })
    .nullable()
    .default(null),
}).superRefine((s, ctx) => {
  if (s.mode !== "target") return;
  if (s.targetBalance === null) {
    ctx.addIssue({ code: "custom", path: ["targetBalance"], message: "Enter the balance to refill up to." });
    return;
  }
  // At least one smallest refill above the threshold: a refill then always lands
  // exactly on the target (a balance just under the threshold is ≥ 125 credits
  // short of it), so "refill up to N" never buys past N. A target barely above
  // the threshold would buy 125 credits and overshoot it every time.
  const least = s.thresholdCredits + CUSTOM_CREDITS_MIN;
  if (s.targetBalance < least) {
    ctx.addIssue({
      code: "custom",
      path: ["targetBalance"],
      message: `Refill up to at least ${least.toLocaleString("en-US")} credits: ${CUSTOM_CREDITS_MIN} above the threshold, the smallest refill.`,
    });
  }
});

/** The setting as callers give it: mode and target may be left out (a fixed amount). */
export type AutoRefillInput = z.input<typeof autoRefillSchema>;

/**
 * Saves the setting. The account row carries the threshold while it is on,
 * which is what the ledger's trigger reads; switching it on while already
 * below the threshold queues a refill in this same transaction.
 */
export async function saveAutoRefill(accountId: number, setting: AutoRefillInput, ex: Executor = db) {
  const input = autoRefillSchema.parse(setting);
  const values = { ...input, pausedReason: null, pausedAt: null, updatedAt: new Date() };
  // Inside a caller's transaction this is a savepoint, so the setting commits with the caller's work.
  await ex.transaction(async (tx) => {
    await tx
      .insert(autoRefillSettings)
      .values({ accountId, ...values })
      .onConflictDoUpdate({ target: autoRefillSettings.accountId, set: values });
    await setRefillThreshold(accountId, input.enabled ? input.thresholdCredits : null, tx);
  });
}

/**
 * Stops auto-refill by itself, with the reason shown to the user (a card that
 * keeps failing, a disputed payment). A webhook passes its transaction: a
 * second connection would wait on the account row that transaction holds.
 */
export async function pauseAutoRefill(accountId: number, reason: string, tx?: Transaction) {
  const at = new Date();
  const pause = async (t: Executor) => {
    await t
      .update(autoRefillSettings)
      .set({ enabled: false, pausedReason: reason, pausedAt: at, updatedAt: at })
      .where(eq(autoRefillSettings.accountId, accountId));
    await setRefillThreshold(accountId, null, t);
  };
  if (tx) await pause(tx);
  else await db.transaction(pause);
}

/**
 * The panel's "Credit Auto-Refill" box (DESIGN.md §5): on or off, everything
 * else of the setting as it is. An amount the user set is kept; someone who
 * never chose gets the defaults (500 credits, $20), never the size of a
 * package just bought. Returns the setting as saved.
 */
export async function switchAutoRefill(accountId: number, on: boolean) {
  const current = await getAutoRefill(accountId);
  const next = {
    enabled: on,
    thresholdCredits: current.thresholdCredits,
    refillCredits: current.refillCredits,
    monthlyLimitCents: current.monthlyLimitCents,
    paymentMethodId: current.paymentMethodId,
    mode: current.mode,
    targetBalance: current.targetBalance,
  };
  await saveAutoRefill(accountId, next);
  return next;
}

/**
 * The box of a purchase made with no saved card (it goes with "Save this
 * card"): checked turns auto-refill on once the purchase saved the card,
 * unchecked turns it off. With a saved card the box saved itself already.
 */
export async function applyAutoRefillChoice(userId: string, on: boolean, hasSavedCard: boolean) {
  const accountId = await accountIdForUser(userId);
  const current = await getAutoRefill(accountId);
  if (current.chosen && current.enabled === on) return;
  if (on && !hasSavedCard) return;
  await switchAutoRefill(accountId, on);
}

/** What a removed card did to auto-refill, for the door that removed it to say. */
export type RemovedCardOutcome = "unchanged" | "default_card" | "off";

/**
 * A saved card is gone (removed in Settings › Billing, or detached in Stripe):
 * auto-refill must not keep pointing at it. The default card takes over; with
 * no card left auto-refill stops. Either way the user gets a notice, since the
 * webhook door has nobody looking at the page.
 */
export async function autoRefillAfterCardRemoved(
  userId: string,
  removed: { id: string; label: string },
  cardsLeft: number,
  tx: Transaction,
): Promise<RemovedCardOutcome> {
  const accountId = await accountIdForUser(userId, tx);
  const refill = await getAutoRefill(accountId, tx);
  const pointedAtIt = refill.paymentMethodId === removed.id;
  const lostLastCard = refill.enabled && cardsLeft === 0;
  if (!refill.chosen || (!pointedAtIt && !lostLastCard)) return "unchanged";
  const enabled = refill.enabled && cardsLeft > 0;
  await saveAutoRefill(accountId, {
    enabled,
    thresholdCredits: refill.thresholdCredits,
    refillCredits: refill.refillCredits,
    monthlyLimitCents: refill.monthlyLimitCents,
    paymentMethodId: null,
    mode: refill.mode,
    targetBalance: refill.targetBalance,
  }, tx);
  if (!refill.enabled) return "unchanged";
  const outcome: RemovedCardOutcome = enabled ? "default_card" : "off";
  await notify(userId, {
    kind: "auto_refill_card_removed",
    title: enabled ? "Auto-refill now uses your default card" : "Auto-refill is off",
    body: enabled
      ? `${removed.label} was removed, so auto-refill charges your default card from now on.`
      : `${removed.label} was removed and no card is left. Save a card to turn auto-refill back on.`,
    href: "/settings/billing",
  }, tx);
  return outcome;
}
