import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { purchases, type Purchase } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { stripe } from "../stripe";
import { outcomeOf, settle, type PurchaseOutcome } from "./purchases";

/**
 * A purchase left "Needs confirmation" (the bank's check abandoned) is
 * finished or cancelled from the purchase history. Stripe's PaymentIntent
 * decides how it ends: only a succeeded intent is credited (fulfil, keyed by
 * its id) and a cancelled one never took money, so a cancel racing the
 * bank's check ends either paid and credited, or cancelled and not.
 */

/** Statuses in which a purchase may still be completed or cancelled. */
const OPEN: readonly Purchase["status"][] = ["pending", "requires_action"];

export function isOpenPurchase(purchase: Pick<Purchase, "status" | "kind" | "paymentIntentId">): boolean {
  // Auto-refills have their own "Confirm payment" (the notice); Pro payments are Stripe's invoices.
  return OPEN.includes(purchase.status) && (purchase.kind === "package" || purchase.kind === "custom") && purchase.paymentIntentId !== null;
}

/** How a purchase stands without asking Stripe: still open (no intent yet), or as it ended. */
function standing(purchase: Purchase): PurchaseOutcome {
  return OPEN.includes(purchase.status) ? { status: "pending", purchase } : outcomeOf(purchase);
}

/** The user's own purchase: another account's id, or one that does not exist, is "not found" alike. */
async function ownPurchase(userId: string, purchaseId: string): Promise<Purchase> {
  const [purchase] = await db
    .select()
    .from(purchases)
    .where(and(eq(purchases.id, purchaseId), eq(purchases.userId, userId)));
  if (!purchase || purchase.kind === "plan") throw new AppError("not_found", "That purchase could not be found. Check your purchase history.");
  return purchase;
}

/**
 * "Complete payment": how the PaymentIntent stands now. Still waiting for
 * the bank, the answer carries its client secret, and the page runs the
 * bank's check with Stripe.js (handleNextAction); already ended, the
 * purchase is settled as it ended.
 */
export async function completePendingPurchase(userId: string, purchaseId: string): Promise<PurchaseOutcome> {
  const purchase = await ownPurchase(userId, purchaseId);
  if (!isOpenPurchase(purchase)) return standing(purchase);
  return settle(await stripe().paymentIntents.retrieve(purchase.paymentIntentId!));
}

/** After the bank's check in the page: how the payment ended, credited once if it went through. */
export async function finishPendingPurchase(userId: string, purchaseId: string): Promise<PurchaseOutcome> {
  const purchase = await ownPurchase(userId, purchaseId);
  if (!purchase.paymentIntentId) return standing(purchase);
  return settle(await stripe().paymentIntents.retrieve(purchase.paymentIntentId));
}

function unexpectedState(error: unknown): boolean {
  return (error as { code?: string }).code === "payment_intent_unexpected_state";
}

/**
 * "Cancel": cancels the PaymentIntent at Stripe, then the purchase. Pressed
 * again, or after the payment ended, it answers with how the purchase stands;
 * if the bank's check completed first, the payment is credited instead (it
 * cannot be cancelled once paid).
 */
export async function cancelPendingPurchase(userId: string, purchaseId: string): Promise<PurchaseOutcome> {
  const purchase = await ownPurchase(userId, purchaseId);
  if (!isOpenPurchase(purchase)) return standing(purchase);
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe().paymentIntents.cancel(purchase.paymentIntentId!, { cancellation_reason: "requested_by_customer" });
  } catch (error) {
    // Paid or cancelled meanwhile (another tab, the bank's check): settle it as Stripe has it.
    if (!unexpectedState(error)) throw error;
    intent = await stripe().paymentIntents.retrieve(purchase.paymentIntentId!);
  }
  return settle(intent);
}
