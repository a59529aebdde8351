/**
 * The rules of the "Purchase More Credits" panel that the browser (to answer
 * as the user types) and the server (which decides) must agree on. Pure: no
 * server imports. Prices here are only ever shown; the server prices a
 * purchase itself (lib/payments/purchases/purchases.ts `priceChoice`).
 */
import { CREDIT_PRICE_CENTS, CUSTOM_CREDITS_MAX, CUSTOM_CREDITS_MIN } from "./pricing";

const whole = new Intl.NumberFormat("en-US");
const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2 });

/** "$40.00": always with cents, for totals and custom amounts. */
export function formatUsdExact(cents: number): string {
  return dollars.format(cents / 100);
}

export const customAmountHint = `${whole.format(CUSTOM_CREDITS_MIN)} to ${whole.format(CUSTOM_CREDITS_MAX)} credits, ${formatUsdExact(CREDIT_PRICE_CENTS)} each`;

export type CustomAmount =
  | { ok: true; credits: number; amountCents: number }
  | { ok: false; reason: "empty" | "not_whole" | "too_small" | "too_large"; message: string };

/** Reads what the user typed in "Credit Amount" ("1,000" and "1000" alike). */
export function parseCustomAmount(raw: string): CustomAmount {
  const text = raw.replace(/[,\s_]/g, "");
  if (text === "") return { ok: false, reason: "empty", message: "Enter a number of credits." };
  if (!/^\d+$/.test(text)) return { ok: false, reason: "not_whole", message: "Enter a whole number of credits." };
  const credits = Number(text);
  if (credits < CUSTOM_CREDITS_MIN) {
    return { ok: false, reason: "too_small", message: `Buy at least ${whole.format(CUSTOM_CREDITS_MIN)} credits.` };
  }
  if (!Number.isSafeInteger(credits) || credits > CUSTOM_CREDITS_MAX) {
    return { ok: false, reason: "too_large", message: `Buy at most ${whole.format(CUSTOM_CREDITS_MAX)} credits at once.` };
  }
  return { ok: true, credits, amountCents: credits * CREDIT_PRICE_CENTS };
}

/**
 * DESIGN.md §5: the "Credit Auto-Refill" box needs a card to charge later: one
 * already saved (whichever card pays now), or the new card being saved.
 */
export function autoRefillPossible({ hasSavedCard, payWith, saveCard }: { hasSavedCard: boolean; payWith: "saved" | "new"; saveCard: boolean }): boolean {
  return hasSavedCard || payWith === "saved" || saveCard;
}

/** The attempt id a purchase is submitted under, with what it buys and with which card. */
export type PurchaseAttempt = { id: string; request: string };

/**
 * The attempt to submit: the same one again while the purchase is the same
 * (a double click, or the retry an uncertain answer asks for, is then
 * charged once by the server), a fresh one for another amount or card.
 */
export function attemptFor(current: PurchaseAttempt | null, request: string, newId: () => string): PurchaseAttempt {
  return current?.request === request ? current : { id: newId(), request };
}

// The answers after which the charge may have gone through: the database went away
// mid-purchase, or something failed on our side (lib/action-state.ts).
const UNCERTAIN = new Set(["service_unavailable", "internal_error"]);

/**
 * Whether an answer says how the purchase ended (bought, declined, refused),
 * freeing its attempt id; after an uncertain one the retry must be the same attempt.
 */
export function answerEndsAttempt(state: { status: string; code?: string }): boolean {
  return !(state.status === "error" && state.code !== undefined && UNCERTAIN.has(state.code));
}
