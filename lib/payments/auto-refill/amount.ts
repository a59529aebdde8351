import { CREDIT_PRICE_CENTS, CUSTOM_CREDITS_MAX, CUSTOM_CREDITS_MIN } from "@/lib/credits/shared";
import type { AutoRefill } from "./settings";

/** What a refill's first attempt buys, or (null) that it would pass the monthly limit and what it would have cost. */
export type RefillAmount = { credits: number; amountCents: number } | { credits: null; wouldChargeCents: number };

/**
 * The credits a refill buys when it is first attempted (a retry charges what
 * its first attempt recorded, never this again). "fixed" buys the refill
 * amount, or nothing if that passes the month's limit. "target" buys what
 * brings the *available* balance back to the target — available, not the total
 * with holds, because held credits are already promised to running work and
 * the threshold that queued the refill is compared with available too — at
 * least the smallest custom amount, and only as much as still fits in the
 * month's limit; if not even the smallest amount fits, nothing.
 */
export function refillAmount(
  setting: Pick<AutoRefill, "mode" | "refillCredits" | "targetBalance" | "monthlyLimitCents">,
  available: number,
  spentCents: number,
): RefillAmount {
  const roomCents = setting.monthlyLimitCents - spentCents;
  if (setting.mode === "fixed" || setting.targetBalance === null) {
    const amountCents = setting.refillCredits * CREDIT_PRICE_CENTS;
    return amountCents > roomCents ? { credits: null, wouldChargeCents: amountCents } : { credits: setting.refillCredits, amountCents };
  }
  const wanted = Math.min(CUSTOM_CREDITS_MAX, Math.max(CUSTOM_CREDITS_MIN, setting.targetBalance - available));
  const credits = Math.min(wanted, Math.floor(roomCents / CREDIT_PRICE_CENTS));
  if (credits < CUSTOM_CREDITS_MIN) return { credits: null, wouldChargeCents: wanted * CREDIT_PRICE_CENTS };
  return { credits, amountCents: credits * CREDIT_PRICE_CENTS };
}
