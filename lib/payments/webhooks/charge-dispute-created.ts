import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { purchases } from "@/db/schema";
import type { WebhookHandler } from "./types";

/** A dispute is recorded on the purchase and shown to the user; support decides what follows. */
export const chargeDisputeCreated: WebhookHandler = async (event, tx) => {
  const dispute = event.data.object as Stripe.Dispute;
  const intentId = typeof dispute.payment_intent === "string" ? dispute.payment_intent : dispute.payment_intent?.id;
  if (!intentId) return;
  await tx
    .update(purchases)
    .set({ status: "disputed", disputedAt: new Date(dispute.created * 1000), updatedAt: new Date() })
    .where(eq(purchases.paymentIntentId, intentId));
};
