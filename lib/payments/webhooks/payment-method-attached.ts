import type Stripe from "stripe";
import { recordStripeCard } from "./cards";
import type { WebhookHandler } from "./types";

export const paymentMethodAttached: WebhookHandler = async (event) => {
  await recordStripeCard((event.data.object as Stripe.PaymentMethod).id);
};
