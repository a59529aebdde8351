/**
 * Subscriptions of one recurring price: create (first invoice charged at
 * once, by `payment_behavior`), retrieve, update (`cancel_at_period_end`,
 * `default_payment_method`, `metadata`), cancel, list. Periods move forward
 * when the customer's test clock is advanced (`renewDue`): each renewal
 * invoices the next period and charges the default card off-session; a
 * decline leaves the subscription `past_due` until the invoice is paid.
 */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { invalidParam, invalidRequest, resourceMissing } from "../errors";
import { newId } from "../ids";
import { listObjects } from "../list";
import { mergeMetadata } from "../params";
import { getCustomer } from "./customers";
import { attemptInvoicePayment, createSubscriptionInvoice, customerNow, setInvoicePaidHook, subscriptionOf } from "./invoices";
import { getPaymentMethod } from "./payment-methods";
import { getPrice } from "./products";

export function getSubscription(ctx: SandboxContext, id: string, param = "id"): Stripe.Subscription {
  const sub = ctx.state.data.subscriptions[id];
  if (!sub) throw resourceMissing("subscription", id, param);
  return sub;
}

/** `anchor` plus `count` intervals, on the anchor's day of month (clamped to shorter months), as Stripe bills. */
export function addIntervals(anchor: number, interval: string, intervalCount: number, count: number): number {
  const d = new Date(anchor * 1000);
  if (interval === "day" || interval === "week") {
    const days = (interval === "week" ? 7 : 1) * intervalCount * count;
    return anchor + days * 86_400;
  }
  const months = (interval === "year" ? 12 : 1) * intervalCount * count;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Math.floor(Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000);
}

function nextPeriodEnd(sub: Stripe.Subscription, periodIndex: number): number {
  const recurring = sub.items.data[0]!.price.recurring!;
  return addIntervals(sub.billing_cycle_anchor, recurring.interval, recurring.interval_count, periodIndex + 1);
}

function periodOf(sub: Stripe.Subscription) {
  const item = sub.items.data[0]!;
  return { start: item.current_period_start, end: item.current_period_end };
}

function defaultCard(ctx: SandboxContext, sub: Stripe.Subscription): string | null {
  if (typeof sub.default_payment_method === "string") return sub.default_payment_method;
  const customer = ctx.state.data.customers[String(sub.customer)];
  const pm = customer?.invoice_settings.default_payment_method;
  return typeof pm === "string" ? pm : null;
}

function setStatus(ctx: SandboxContext, sub: Stripe.Subscription, status: Stripe.Subscription.Status) {
  if (sub.status === status) return;
  const previous = { status: sub.status };
  sub.status = status;
  ctx.emit("customer.subscription.updated", sub, previous);
}

// A paid invoice (at creation, renewal, or a later /pay) brings its subscription back to active.
setInvoicePaidHook((ctx, invoice) => {
  const subId = subscriptionOf(invoice);
  const sub = subId ? ctx.state.data.subscriptions[subId] : undefined;
  if (!sub || sub.latest_invoice !== invoice.id) return;
  if (sub.status === "incomplete" || sub.status === "past_due" || sub.status === "unpaid") setStatus(ctx, sub, "active");
});

const create: Route = {
  method: "POST",
  path: "/v1/subscriptions",
  handler: (ctx, { params }) => {
    const customerId = params.requiredString("customer");
    const items = params.objects("items");
    const paymentMethod = params.string("default_payment_method");
    const behaviour = params.oneOf("payment_behavior", ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] as const) ?? "allow_incomplete";
    const metadata = params.metadata();
    const description = params.string("description");
    const cancelAtPeriodEnd = params.bool("cancel_at_period_end") ?? false;
    params.ignore("off_session", "collection_method", "proration_behavior");
    // items[0][price] (or items[0][quantity]); one item is what the sandbox bills.
    if (items && items.length > 1) throw invalidParam("The sandbox bills one item per subscription.", "items");
    const first = items?.[0];
    const priceId = first?.string("price");
    const quantity = first?.int("quantity", { min: 1 }) ?? 1;
    params.done();
    if (!priceId) throw invalidParam("Missing required param: items[0][price].", "items[0][price]", "parameter_missing");
    if (behaviour === "pending_if_incomplete") {
      throw invalidRequest("payment_behavior=pending_if_incomplete is only valid when updating a subscription.", "payment_behavior");
    }
    const customer = getCustomer(ctx, customerId, "customer");
    const price = getPrice(ctx, priceId, "items[0][price]");
    if (!price.recurring) throw invalidRequest(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, "items[0][price]");
    if (paymentMethod) {
      const pm = getPaymentMethod(ctx, paymentMethod, "default_payment_method");
      if (pm.customer !== customer.id) {
        throw invalidRequest(`The customer does not have a payment method with the ID ${paymentMethod}. The payment method must be attached to the customer.`, "default_payment_method", "resource_missing");
      }
    }
    const now = customerNow(ctx, customer.id);
    const id = newId("sub");
    const end = addIntervals(now, price.recurring.interval, price.recurring.interval_count, 1);
    const item = {
      id: newId("si"),
      object: "subscription_item",
      billing_thresholds: null,
      created: now,
      current_period_end: end,
      current_period_start: now,
      current_trial: null,
      discounts: [],
      metadata: {},
      plan: {
        id: price.id,
        object: "plan",
        active: price.active,
        amount: price.unit_amount,
        amount_decimal: null,
        billing_scheme: "per_unit",
        created: price.created,
        currency: price.currency,
        interval: price.recurring.interval,
        interval_count: price.recurring.interval_count,
        livemode: false,
        metadata: { ...price.metadata },
        meter: null,
        nickname: price.nickname,
        product: price.product,
        tiers_mode: null,
        transform_usage: null,
        trial_period_days: null,
        usage_type: "licensed",
      },
      price: structuredClone(price),
      quantity,
      subscription: id,
      tax_rates: [],
    } satisfies Stripe.SubscriptionItem;
    const sub: Stripe.Subscription = {
      id,
      object: "subscription",
      application: null,
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: now,
      billing_cycle_anchor_config: null,
      billing_mode: { flexible: null, type: "classic" },
      billing_schedules: [],
      billing_thresholds: null,
      cancel_at: cancelAtPeriodEnd ? end : null,
      cancel_at_period_end: cancelAtPeriodEnd,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
      collection_method: "charge_automatically",
      created: now,
      currency: price.currency,
      customer: customer.id,
      customer_account: null,
      days_until_due: null,
      default_payment_method: paymentMethod ?? null,
      default_source: null,
      description: description ?? null,
      discounts: [],
      ended_at: null,
      invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
      items: { object: "list", url: `/v1/subscription_items?subscription=${id}`, has_more: false, data: [item] },
      latest_invoice: null,
      livemode: false,
      managed_payments: null,
      metadata: mergeMetadata({}, metadata),
      next_pending_invoice_item_invoice: null,
      on_behalf_of: null,
      pause_collection: null,
      payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
      pending_invoice_item_interval: null,
      pending_setup_intent: null,
      pending_update: null,
      schedule: null,
      start_date: now,
      status: "incomplete",
      test_clock: customer.test_clock ?? null,
      transfer_data: null,
      trial_end: null,
      trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
      trial_start: null,
    } satisfies Stripe.Subscription;
    ctx.state.data.subscriptions[id] = sub;
    ctx.emit("customer.subscription.created", sub);
    const invoice = createSubscriptionInvoice(ctx, sub, { start: now, end }, "subscription_create");
    sub.latest_invoice = invoice.id;
    if (behaviour === "default_incomplete") return sub;
    const outcome = attemptInvoicePayment(ctx, invoice, defaultCard(ctx, sub));
    if (outcome.paid) {
      setStatus(ctx, sub, "active");
      return sub;
    }
    if (behaviour === "error_if_incomplete") throw outcome.error;
    return sub;
  },
};

/**
 * Brings every subscription of a clock's customers up to the clock's time:
 * period ends pass one by one (renewal invoice, or the end of a subscription
 * set to cancel at period end).
 */
export function renewDue(ctx: SandboxContext, clockId: string, frozenTime: number): void {
  for (const sub of Object.values(ctx.state.data.subscriptions)) {
    const customer = ctx.state.data.customers[String(sub.customer)];
    if (customer?.test_clock !== clockId) continue;
    let guard = 0;
    while (["active", "past_due", "incomplete"].includes(sub.status) && periodOf(sub).end <= frozenTime && guard++ < 1000) {
      const { end } = periodOf(sub);
      if (sub.status === "incomplete") {
        // Stripe expires a subscription whose first invoice stayed unpaid (after 23 hours; here at the period's end).
        setStatus(ctx, sub, "incomplete_expired");
        break;
      }
      if (sub.cancel_at_period_end) {
        endSubscription(ctx, sub, end, "cancellation_requested");
        break;
      }
      const item = sub.items.data[0]!;
      const previous = { items: structuredClone(sub.items), latest_invoice: sub.latest_invoice };
      const nextEnd = nextPeriodEnd(sub, countPeriods(sub, end));
      item.current_period_start = end;
      item.current_period_end = nextEnd;
      const invoice = createSubscriptionInvoice(ctx, sub, { start: end, end: nextEnd }, "subscription_cycle");
      sub.latest_invoice = invoice.id;
      ctx.emit("customer.subscription.updated", sub, previous);
      const outcome = attemptInvoicePayment(ctx, invoice, defaultCard(ctx, sub));
      setStatus(ctx, sub, outcome.paid ? "active" : "past_due");
    }
  }
}

/** How many whole periods lie between the anchor and `at`. */
function countPeriods(sub: Stripe.Subscription, at: number): number {
  let n = 0;
  while (nextPeriodEnd(sub, n) <= at) n++;
  return n;
}

function endSubscription(ctx: SandboxContext, sub: Stripe.Subscription, at: number, reason: Stripe.Subscription.CancellationDetails.Reason) {
  Object.assign(sub, {
    status: "canceled",
    ended_at: at,
    canceled_at: sub.canceled_at ?? at,
    cancellation_details: { ...sub.cancellation_details!, reason },
  } satisfies Partial<Stripe.Subscription>);
  ctx.emit("customer.subscription.deleted", sub);
}

const update: Route = {
  method: "POST",
  path: "/v1/subscriptions/:id",
  handler: (ctx, { params, path }) => {
    const sub = getSubscription(ctx, path.id ?? "");
    const cancelAtPeriodEnd = params.bool("cancel_at_period_end");
    const paymentMethod = params.string("default_payment_method");
    const metadata = params.metadata();
    params.ignore("proration_behavior", "payment_behavior");
    params.done();
    if (sub.status === "canceled" || sub.status === "incomplete_expired") {
      throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`, undefined);
    }
    if (paymentMethod) {
      const pm = getPaymentMethod(ctx, paymentMethod, "default_payment_method");
      if (pm.customer !== sub.customer) {
        throw invalidRequest(`The customer does not have a payment method with the ID ${paymentMethod}. The payment method must be attached to the customer.`, "default_payment_method", "resource_missing");
      }
    }
    const previous: Partial<Stripe.Subscription> = {};
    if (cancelAtPeriodEnd !== undefined && cancelAtPeriodEnd !== sub.cancel_at_period_end) {
      Object.assign(previous, { cancel_at_period_end: sub.cancel_at_period_end, cancel_at: sub.cancel_at, canceled_at: sub.canceled_at });
      sub.cancel_at_period_end = cancelAtPeriodEnd;
      sub.cancel_at = cancelAtPeriodEnd ? periodOf(sub).end : null;
      sub.canceled_at = cancelAtPeriodEnd ? customerNow(ctx, String(sub.customer)) : null;
    }
    if (paymentMethod && paymentMethod !== sub.default_payment_method) {
      previous.default_payment_method = sub.default_payment_method;
      sub.default_payment_method = paymentMethod;
    }
    if (metadata !== undefined) {
      previous.metadata = sub.metadata;
      sub.metadata = mergeMetadata(sub.metadata, metadata);
    }
    if (Object.keys(previous).length > 0) ctx.emit("customer.subscription.updated", sub, previous);
    return sub;
  },
};

export const subscriptionRoutes: Route[] = [
  create,
  update,
  {
    method: "GET",
    path: "/v1/subscriptions/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      return getSubscription(ctx, path.id ?? "");
    },
  },
  {
    method: "DELETE",
    path: "/v1/subscriptions/:id",
    handler: (ctx, { params, path }) => {
      const sub = getSubscription(ctx, path.id ?? "");
      params.ignore("invoice_now", "prorate");
      const details = params.object("cancellation_details");
      details?.string("comment");
      details?.string("feedback");
      params.done();
      if (sub.status === "canceled") {
        throw invalidRequest(`No such subscription: '${sub.id}' is already canceled.`, undefined, "resource_missing");
      }
      endSubscription(ctx, sub, customerNow(ctx, String(sub.customer)), "cancellation_requested");
      return sub;
    },
  },
  {
    method: "GET",
    path: "/v1/subscriptions",
    handler: (ctx, { params }) => {
      const customer = params.string("customer");
      const status = params.string("status");
      const price = params.string("price");
      const testClock = params.string("test_clock");
      const list = listObjects({
        url: "/v1/subscriptions",
        items: Object.values(ctx.state.data.subscriptions),
        params,
        filter: (s) =>
          (customer === undefined || s.customer === customer) &&
          (testClock === undefined || s.test_clock === testClock) &&
          (price === undefined || s.items.data[0]?.price.id === price) &&
          // Like Stripe: without status, canceled subscriptions are left out.
          (status === "all" || (status === undefined ? s.status !== "canceled" : s.status === status)),
      });
      params.done();
      return list;
    },
  },
];
