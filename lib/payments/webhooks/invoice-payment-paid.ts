import type Stripe from "stripe";
import { linkInvoicePayment } from "../subscriptions/invoice-payments";
import type { WebhookHandler } from "./types";

/** Which PaymentIntent paid a Pro invoice: what its refunds and disputes will name. */
export const invoicePaymentPaid: WebhookHandler = async (event, tx) => {
  await linkInvoicePayment(event.data.object as Stripe.InvoicePayment, tx);
};
