import type Stripe from "stripe";
import { fulfil } from "../purchases/purchases";
import type { WebhookHandler } from "./types";

export const paymentIntentSucceeded: WebhookHandler = async (event, tx) => {
  const intent = event.data.object as Stripe.PaymentIntent;
  // Only our purchases carry a purchase id; anything else on the account is not ours to credit.
  if (!intent.metadata?.purchaseId) return;
  await fulfil(intent, tx);
};
