import type Stripe from "stripe";
import { recordStripeCard } from "./cards";
import type { WebhookHandler } from "./types";

export const setupIntentSucceeded: WebhookHandler = async (event) => {
  const intent = event.data.object as Stripe.SetupIntent;
  if (typeof intent.payment_method === "string") await recordStripeCard(intent.payment_method);
};
