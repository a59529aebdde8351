import "server-only";
import type Stripe from "stripe";
import { eq } from "drizzle-orm";
import { db, transactionWithin } from "@/lib/db";
import { stripeEvents } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { idOf, stripe } from "../stripe";
import { chargeDisputeClosed } from "./charge-dispute-closed";
import { chargeDisputeCreated } from "./charge-dispute-created";
import { chargeRefunded } from "./charge-refunded";
import { customerSubscriptionCreated } from "./customer-subscription-created";
import { customerSubscriptionDeleted } from "./customer-subscription-deleted";
import { customerSubscriptionUpdated } from "./customer-subscription-updated";
import { invoicePaid } from "./invoice-paid";
import { invoicePaymentPaid } from "./invoice-payment-paid";
import { paymentIntentPaymentFailed } from "./payment-intent-payment-failed";
import { paymentIntentSucceeded } from "./payment-intent-succeeded";
import { paymentMethodAttached } from "./payment-method-attached";
import { paymentMethodDetached } from "./payment-method-detached";
import { setupIntentSucceeded } from "./setup-intent-succeeded";
import { linkIntentFromStripe } from "../subscriptions/invoice-payments";
import type { MirrorHandler, WebhookHandler } from "./types";

const handlers: Partial<Record<Stripe.Event["type"], WebhookHandler>> = {
  "payment_intent.succeeded": paymentIntentSucceeded,
  "payment_intent.payment_failed": paymentIntentPaymentFailed,
  "charge.refunded": chargeRefunded,
  "charge.dispute.created": chargeDisputeCreated,
  "charge.dispute.funds_withdrawn": chargeDisputeCreated,
  "charge.dispute.closed": chargeDisputeClosed,
  "invoice.paid": invoicePaid,
  "invoice_payment.paid": invoicePaymentPaid,
  "customer.subscription.created": customerSubscriptionCreated,
  "customer.subscription.updated": customerSubscriptionUpdated,
  "customer.subscription.deleted": customerSubscriptionDeleted,
};

/**
 * Events that only mirror Stripe's state (cards) and must ask Stripe for it:
 * they run before the event is recorded, outside any transaction, because a
 * handler that awaits the network or a second connection while its event's
 * transaction holds one stalls the pool once as many events arrive at once as
 * it has connections. They are idempotent, so a crash between the mirror and
 * the record only means Stripe's retry mirrors again.
 */
const mirrors: Partial<Record<Stripe.Event["type"], MirrorHandler>> = {
  "setup_intent.succeeded": setupIntentSucceeded,
  "payment_method.attached": paymentMethodAttached,
  "payment_method.detached": paymentMethodDetached,
};

/**
 * Asked of Stripe before a money-back event's transaction (the network stays out
 * of it, as for the mirrors): which Pro payment, if any, its PaymentIntent paid.
 */
async function linkMoneyBack(event: Stripe.Event): Promise<void> {
  const object = event.data.object as Stripe.Charge | Stripe.Dispute;
  const intentId = idOf(object.payment_intent);
  if (intentId) await linkIntentFromStripe(intentId);
}
const lookups: Partial<Record<Stripe.Event["type"], (event: Stripe.Event) => Promise<void>>> = {
  "charge.refunded": linkMoneyBack,
  "charge.dispute.created": linkMoneyBack,
  "charge.dispute.funds_withdrawn": linkMoneyBack,
  "charge.dispute.closed": linkMoneyBack,
};

/** Every event type this app acts on: what the live webhook endpoint must be sent (README). */
export const handledEventTypes: readonly Stripe.Event["type"][] = [
  ...(Object.keys(handlers) as Stripe.Event["type"][]),
  ...(Object.keys(mirrors) as Stripe.Event["type"][]),
];

/** Checks Stripe's signature over the raw body (missing, wrong or stale: 400, nothing written). */
export function verifyEvent(rawBody: string, signature: string | null): Stripe.Event {
  if (!signature || !env.STRIPE_WEBHOOK_SECRET) {
    throw new AppError("invalid_request", "Missing Stripe-Signature.", { param: "Stripe-Signature" });
  }
  try {
    return stripe().webhooks.constructEvent(rawBody, signature, env.STRIPE_WEBHOOK_SECRET, 300);
  } catch {
    throw new AppError("invalid_request", "The Stripe signature does not match.", { param: "Stripe-Signature" });
  }
}

/**
 * Handles an event once: its id is recorded in stripe_events in the same
 * transaction as its effect, so a replay (or 20 concurrent deliveries, which
 * queue on the id) finds it there and does nothing. Unknown types are noted only.
 */
export async function handleEvent(event: Stripe.Event): Promise<"handled" | "duplicate" | "ignored"> {
  const mirror = mirrors[event.type];
  if (mirror) {
    const [seen] = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, event.id));
    if (seen) return "duplicate";
    await mirror(event);
    const [fresh] = await db
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    return fresh ? "handled" : "duplicate";
  }
  const handler = handlers[event.type];
  await lookups[event.type]?.(event);
  // Handlers here touch only `tx`: no network, no second connection (see mirrors above).
  return transactionWithin(async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (!fresh) return "duplicate";
    if (!handler) return "ignored";
    await handler(event, tx);
    return "handled";
  });
}
