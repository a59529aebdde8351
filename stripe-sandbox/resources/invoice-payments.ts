/**
 * Invoice payments: since API 2025-03-31, the only link from an invoice to
 * the PaymentIntent that paid it (and back: PaymentIntents and charges no
 * longer name their invoice). One is recorded, and `invoice_payment.paid`
 * sent, when an invoice's charge succeeds; listed by invoice or by payment.
 */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { resourceMissing } from "../errors";
import { newId } from "../ids";
import { listObjects } from "../list";

export function recordInvoicePayment(ctx: SandboxContext, invoice: Stripe.Invoice, paymentIntentId: string, paidAt: number): void {
  const payment: Stripe.InvoicePayment = {
    id: newId("inpay"),
    object: "invoice_payment",
    amount_paid: invoice.amount_due,
    amount_requested: invoice.amount_due,
    created: paidAt,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: paymentIntentId },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: paidAt },
  };
  ctx.state.data.invoicePayments[payment.id] = payment;
  ctx.emit("invoice_payment.paid", payment);
}

export const invoicePaymentRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/invoice_payments/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      const payment = ctx.state.data.invoicePayments[path.id ?? ""];
      if (!payment) throw resourceMissing("invoice_payment", path.id ?? "");
      return payment;
    },
  },
  {
    method: "GET",
    path: "/v1/invoice_payments",
    handler: (ctx, { params }) => {
      const invoice = params.string("invoice");
      const status = params.string("status");
      const by = params.object("payment");
      const intent = by?.string("payment_intent");
      by?.ignore("type");
      by?.done();
      const list = listObjects({
        url: "/v1/invoice_payments",
        items: Object.values(ctx.state.data.invoicePayments),
        params,
        filter: (p) =>
          (invoice === undefined || p.invoice === invoice) &&
          (status === undefined || p.status === status) &&
          (intent === undefined || p.payment.payment_intent === intent),
      });
      params.done();
      return list;
    },
  },
];
