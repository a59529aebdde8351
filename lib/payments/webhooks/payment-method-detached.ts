import type Stripe from "stripe";
import { markDetached } from "../cards/cards";
import type { WebhookHandler } from "./types";

export const paymentMethodDetached: WebhookHandler = async (event) => {
  await markDetached((event.data.object as Stripe.PaymentMethod).id);
};
