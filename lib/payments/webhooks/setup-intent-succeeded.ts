import type Stripe from "stripe";
import { recordStripeCard } from "./cards";
import type { MirrorHandler } from "./types";

export const setupIntentSucceeded: MirrorHandler = async (event) => {
  const intent = event.data.object as Stripe.SetupIntent;
  if (typeof intent.payment_method === "string") await recordStripeCard(intent.payment_method);
};
