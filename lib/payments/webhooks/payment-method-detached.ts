import type Stripe from "stripe";
import { markDetached } from "../cards/cards";
import type { MirrorHandler } from "./types";

export const paymentMethodDetached: MirrorHandler = async (event) => {
  await markDetached((event.data.object as Stripe.PaymentMethod).id);
};
