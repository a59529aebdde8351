import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { purchases } from "@/db/schema";
import { clawBackOwed } from "@/lib/credits";
import { returnedByDisputes } from "../disputes/disputes";
import { purchaseForMoneyBack } from "../purchases/money-back";
import { idOf } from "../stripe";
import type { WebhookHandler } from "./types";

/**
 * A refund takes back the refunded share of the purchase's credits wherever
 * they are, in its grant or reserved by a pending hold (never below zero);
 * what was already spent is recorded on the purchase as unrecovered. A Pro
 * payment's credits are its month's allowance (purchases.grantRef).
 */
export const chargeRefunded: WebhookHandler = async (event, tx) => {
  const charge = event.data.object as Stripe.Charge;
  const intentId = idOf(charge.payment_intent);
  if (!intentId) return;
  const purchase = await purchaseForMoneyBack(intentId, tx);
  if (!purchase) return;
  // Cumulative, and only ever growing: an older event delivered late changes nothing.
  const refundedCents = Math.max(purchase.refundedCents, charge.amount_refunded);
  const owed = Math.floor((purchase.credits * refundedCents) / charge.amount);
  const result = await clawBackOwed(
    {
      accountId: purchase.accountId,
      grantRef: purchase.grantRef ?? intentId,
      returned: await returnedByDisputes(purchase.id, tx),
      owedCredits: owed,
      externalRef: `refund:${charge.id}:${charge.amount_refunded}`,
    },
    tx,
  );
  // No grant (a Pro payment made after its month was over granted none): the row still shows the refund.
  await tx
    .update(purchases)
    .set({
      status: refundedCents >= charge.amount ? "refunded" : "partially_refunded",
      refundedCents,
      unrecoveredCredits: sql`${purchases.unrecoveredCredits} + ${result?.outcome === "taken" ? result.requested - result.taken : 0}`,
      creditsTakenBack: sql`${purchases.creditsTakenBack} + ${result?.outcome === "taken" ? result.taken : 0}`,
      updatedAt: new Date(),
    })
    .where(eq(purchases.id, purchase.id));
};
