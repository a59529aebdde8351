import type Stripe from "stripe";
import { closeDispute } from "../disputes/disputes";
import type { WebhookHandler } from "./types";

/** Won: the credits the dispute took come back, once. Lost: they stay taken. */
export const chargeDisputeClosed: WebhookHandler = async (event, tx) => {
  await closeDispute(event.data.object as Stripe.Dispute, tx);
};
