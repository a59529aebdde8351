import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { purchases } from "@/db/schema";
import { paymentErrorMessage } from "../messages";
import type { WebhookHandler } from "./types";

export const paymentIntentPaymentFailed: WebhookHandler = async (event, tx) => {
  const intent = event.data.object as Stripe.PaymentIntent;
  const purchaseId = intent.metadata?.purchaseId;
  if (!purchaseId) return;
  await tx
    .update(purchases)
    .set({
      status: "failed",
      paymentIntentId: intent.id,
      failureCode: intent.last_payment_error?.code ?? null,
      // Plain words: the purchase history shows this to the user, and Stripe's message is not for them.
      failureMessage: paymentErrorMessage(intent.last_payment_error, "payment"),
      updatedAt: new Date(),
    })
    // A later success (another confirmation of the same intent) is never undone by an older failure.
    .where(and(eq(purchases.id, purchaseId), inArray(purchases.status, ["pending", "requires_action"])));
};
