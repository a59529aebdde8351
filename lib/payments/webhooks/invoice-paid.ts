import type Stripe from "stripe";
import { settlePaidInvoice } from "../subscriptions/subscriptions";
import type { WebhookHandler } from "./types";

/** A paid Pro invoice (first month, renewal, or a failed renewal paid later) is recorded with its receipt and grants that period's allowance, once. */
export const invoicePaid: WebhookHandler = async (event, tx) => {
  await settlePaidInvoice(event.data.object as Stripe.Invoice, tx);
};
