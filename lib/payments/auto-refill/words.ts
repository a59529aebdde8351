import { CREDIT_PRICE_CENTS, formatUsd } from "@/lib/credits/shared";

const whole = new Intl.NumberFormat("en-US");

/** The part of the setting that says what a refill buys. */
export interface RefillSize {
  mode: "fixed" | "target";
  refillCredits: number;
  targetBalance: number | null;
}

/**
 * What a refill buys, in the words that follow "we charge <card> for": "500
 * credits ($20)", or in target mode "what brings your balance back up to
 * 1,000 credits". One wording for the panel's box and the actions' answers.
 */
export function refillBuys(size: RefillSize): string {
  if (size.mode === "target" && size.targetBalance !== null) {
    return `what brings your balance back up to ${whole.format(size.targetBalance)} credits`;
  }
  return `${whole.format(size.refillCredits)} credits (${formatUsd(size.refillCredits * CREDIT_PRICE_CENTS)})`;
}
