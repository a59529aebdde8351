import type Stripe from "stripe";
import { openDispute } from "../disputes/disputes";
import type { WebhookHandler } from "./types";

/**
 * A dispute takes the purchase's credits back as a refund does (held ones
 * included), pauses auto-refill and refuses the card until it closes. Also
 * wired to charge.dispute.funds_withdrawn: whichever arrives first records it.
 */
export const chargeDisputeCreated: WebhookHandler = async (event, tx) => {
  await openDispute(event.data.object as Stripe.Dispute, tx);
};
