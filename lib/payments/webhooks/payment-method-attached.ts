import type Stripe from "stripe";
import { recordStripeCard } from "./cards";
import type { MirrorHandler } from "./types";

export const paymentMethodAttached: MirrorHandler = async (event) => {
  await recordStripeCard((event.data.object as Stripe.PaymentMethod).id);
};
