/**
 * Subscription invoices: one per billing period, finalized at once and
 * charged to the subscription's (or the customer's) default card through a
 * PaymentIntent, so the test cards keep their meaning. Paid → `invoice.paid`
 * (+ `invoice.payment_succeeded`); declined → `invoice.payment_failed` and the
 * invoice stays open until `POST /v1/invoices/:id/pay` succeeds.
 */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { ApiError, invalidRequest, resourceMissing } from "../errors";
import { newId } from "../ids";
import { listObjects } from "../list";
import { Params } from "../params";
import { getCustomer } from "./customers";
import { recordInvoicePayment } from "./invoice-payments";
import { paymentIntentRoutes } from "./payment-intents";

export function getInvoice(ctx: SandboxContext, id: string, param = "invoice"): Stripe.Invoice {
  const invoice = ctx.state.data.invoices[id];
  if (!invoice) throw resourceMissing("invoice", id, param);
  return invoice;
}

/** Time as the customer sees it: its test clock's frozen time, or the sandbox's clock. */
export function customerNow(ctx: SandboxContext, customerId: string): number {
  const clock = ctx.state.data.customers[customerId]?.test_clock;
  const id = typeof clock === "string" ? clock : clock?.id;
  const frozen = id ? ctx.state.data.testClocks[id]?.frozen_time : undefined;
  return frozen ?? ctx.now();
}

/** Creates and finalizes the invoice of one period of a subscription. */
export function createSubscriptionInvoice(
  ctx: SandboxContext,
  sub: Stripe.Subscription,
  period: { start: number; end: number },
  reason: "subscription_create" | "subscription_cycle",
): Stripe.Invoice {
  const item = sub.items.data[0]!;
  const price = item.price;
  const amount = (price.unit_amount ?? 0) * (item.quantity ?? 1);
  const customerId = String(sub.customer);
  const customer = getCustomer(ctx, customerId, "customer");
  const now = customerNow(ctx, customerId);
  const id = newId("in");
  const number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence ?? 1).padStart(4, "0")}`;
  customer.next_invoice_sequence = (customer.next_invoice_sequence ?? 1) + 1;
  const line = {
    id: newId("il"),
    object: "line_item",
    amount,
    currency: price.currency,
    description: `${item.quantity ?? 1} × ${price.nickname ?? "Subscription"} (at $${(amount / 100).toFixed(2)} / ${price.recurring?.interval ?? "month"})`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: id,
    livemode: false,
    metadata: { ...sub.metadata },
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: sub.id,
        subscription_item: item.id,
      },
    },
    period: { start: period.start, end: period.end },
    pretax_credit_amounts: [],
    pricing: { type: "price_details", price_details: { price: price.id, product: String(price.product) }, unit_amount_decimal: null },
    quantity: item.quantity ?? 1,
    // Decimal fields are strings on the wire but a class in the SDK's types: left null here.
    quantity_decimal: null,
    subscription: sub.id,
    subtotal: amount,
    taxes: [],
  } satisfies Stripe.InvoiceLineItem;
  const invoice: Stripe.Invoice = {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Credits",
    account_tax_ids: null,
    amount_due: amount,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amount,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: reason,
    collection_method: "charge_automatically",
    created: now,
    currency: price.currency,
    custom_fields: null,
    customer: customerId,
    customer_account: null,
    customer_address: null,
    customer_email: customer.email ?? null,
    customer_name: customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: `${ctx.baseUrl}/sandbox/invoices/${id}`,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", url: `/v1/invoices/${id}/lines`, has_more: false, data: [line] },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number,
    on_behalf_of: null,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: period.start,
    period_start: period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "open",
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: amount,
    subtotal_excluding_tax: amount,
    test_clock: customer.test_clock ?? null,
    total: amount,
    total_discount_amounts: [],
    total_excluding_tax: amount,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  } satisfies Stripe.Invoice;
  ctx.state.data.invoices[id] = invoice;
  ctx.state.data.invoiceRecords[id] = { paymentIntents: [] };
  ctx.emit("invoice.created", invoice);
  ctx.emit("invoice.finalized", invoice);
  return invoice;
}

const createIntent = paymentIntentRoutes.find((r) => r.method === "POST" && r.path === "/v1/payment_intents")!;

export type PaymentOutcome = { paid: true } | { paid: false; error: ApiError };

/**
 * One payment attempt, off-session (the customer is not there at renewal).
 * A zero-amount invoice is paid without a charge, as Stripe does.
 */
export function attemptInvoicePayment(ctx: SandboxContext, invoice: Stripe.Invoice, paymentMethod: string | null): PaymentOutcome {
  if (invoice.status !== "open") throw invalidRequest("Invoice is already paid.", undefined, "invoice_not_open");
  const now = customerNow(ctx, String(invoice.customer));
  invoice.attempt_count += 1;
  invoice.attempted = true;
  if (invoice.amount_due > 0) {
    if (!paymentMethod) {
      const error = new ApiError(402, {
        type: "card_error",
        code: "invoice_no_payment_method",
        message: "This customer has no attached payment source or default payment method.",
      });
      return failed(ctx, invoice, error);
    }
    const form = {
      amount: String(invoice.amount_due),
      currency: invoice.currency,
      customer: String(invoice.customer),
      payment_method: paymentMethod,
      confirm: "true",
      off_session: "true",
      // Stripe's invoice payments use the invoice's payment settings (cards here), never a redirect.
      allowed_payment_method_types: ["card"],
      description: `Invoice ${invoice.number ?? invoice.id}`,
      metadata: { invoice: invoice.id },
    };
    try {
      const pi = createIntent.handler(ctx, { params: new Params(form), path: {}, key: "secret", requestId: newId("req"), idempotencyKey: null }) as Stripe.PaymentIntent;
      ctx.state.data.invoiceRecords[invoice.id]?.paymentIntents.push(pi.id);
      recordInvoicePayment(ctx, invoice, pi.id, now);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 402) throw error;
      const piId = error.body.payment_intent?.id;
      if (piId) ctx.state.data.invoiceRecords[invoice.id]?.paymentIntents.push(piId);
      return failed(ctx, invoice, error);
    }
  }
  Object.assign(invoice, {
    status: "paid",
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    next_payment_attempt: null,
    default_payment_method: paymentMethod,
    status_transitions: { ...invoice.status_transitions, paid_at: now },
  } satisfies Partial<Stripe.Invoice>);
  ctx.emit("invoice.paid", invoice);
  ctx.emit("invoice.payment_succeeded", invoice);
  return { paid: true };
}

function failed(ctx: SandboxContext, invoice: Stripe.Invoice, error: ApiError): PaymentOutcome {
  // No automatic retries here (Stripe's Smart Retries): paying again is the app's call.
  invoice.next_payment_attempt = null;
  ctx.emit("invoice.payment_failed", invoice);
  return { paid: false, error };
}

/** Set by subscriptions.ts: a paid invoice may activate its subscription. */
let onInvoicePaid: (ctx: SandboxContext, invoice: Stripe.Invoice) => void = () => {};
export function setInvoicePaidHook(hook: typeof onInvoicePaid) {
  onInvoicePaid = hook;
}

export function subscriptionOf(invoice: Stripe.Invoice): string | null {
  const sub = invoice.parent?.subscription_details?.subscription;
  return sub ? String(typeof sub === "string" ? sub : sub.id) : null;
}

export const invoiceRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/invoices/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      return getInvoice(ctx, path.id ?? "");
    },
  },
  {
    method: "GET",
    path: "/v1/invoices",
    handler: (ctx, { params }) => {
      const customer = params.string("customer");
      const subscription = params.string("subscription");
      const status = params.oneOf("status", ["draft", "open", "paid", "uncollectible", "void"] as const);
      params.ignore("collection_method");
      const list = listObjects({
        url: "/v1/invoices",
        items: Object.values(ctx.state.data.invoices),
        params,
        filter: (i) =>
          (customer === undefined || i.customer === customer) &&
          (subscription === undefined || subscriptionOf(i) === subscription) &&
          (status === undefined || i.status === status),
      });
      params.done();
      return list;
    },
  },
  {
    method: "POST",
    path: "/v1/invoices/:id/pay",
    handler: (ctx, { params, path }) => {
      const invoice = getInvoice(ctx, path.id ?? "");
      const paymentMethod = params.string("payment_method");
      params.ignore("off_session");
      params.done();
      if (invoice.status === "paid") throw invalidRequest("Invoice is already paid.", undefined, "invoice_already_paid");
      const subId = subscriptionOf(invoice);
      const sub = subId ? ctx.state.data.subscriptions[subId] : undefined;
      const customer = getCustomer(ctx, String(invoice.customer), "customer");
      const pm =
        paymentMethod ??
        (typeof sub?.default_payment_method === "string" ? sub.default_payment_method : null) ??
        (typeof customer.invoice_settings.default_payment_method === "string" ? customer.invoice_settings.default_payment_method : null);
      const outcome = attemptInvoicePayment(ctx, invoice, pm);
      if (!outcome.paid) {
        // Stripe answers a failed pay with the card error, carrying the invoice's PaymentIntent.
        throw outcome.error;
      }
      onInvoicePaid(ctx, invoice);
      return invoice;
    },
  },
];
