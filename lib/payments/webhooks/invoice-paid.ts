import type Stripe from "stripe";
import { grantAllowanceForInvoice } from "../subscriptions/subscriptions";
import type { WebhookHandler } from "./types";

/** A paid Pro invoice (first month, renewal, or a failed renewal paid later) grants that period's allowance once. */
export const invoicePaid: WebhookHandler = async (event, tx) => {
  await grantAllowanceForInvoice(event.data.object as Stripe.Invoice, tx);
};
