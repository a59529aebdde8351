import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Transaction } from "@/db/client";
import { db } from "@/lib/db";
import { paymentMethods, stripeCustomers, subscriptions, users, type Subscription, type SubscriptionStatus, type User } from "@/db/schema";
import { accountIdForUser, getBalance, grantCredits, now } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import { appUrl, queueMail } from "@/lib/mail";
import { receiptMail } from "@/lib/notifications";
import { cardLabel } from "../cards/cards";
import { ensureCustomer } from "../customers";
import { plans, proPriceId, type PlanId } from "./plans";
import { stripe } from "../stripe";
import { paymentErrorMessage, type PaymentProblem } from "../messages";

/** Statuses in which the user has Pro (past_due: the renewal is unpaid, no allowance until it is). */
const LIVE: SubscriptionStatus[] = ["active", "past_due", "trialing"];

export interface PlanState {
  plan: PlanId;
  subscription: Subscription | null;
}

/** The user's plan: Pro while a subscription is live, else Free. */
export async function currentPlan(userId: string): Promise<PlanState> {
  const rows = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
    .orderBy(desc(subscriptions.createdAt));
  const live = rows.find((r) => LIVE.includes(r.status));
  return live ? { plan: "pro", subscription: live } : { plan: "free", subscription: null };
}

function idOf(value: string | { id: string } | null): string | null {
  return value === null ? null : typeof value === "string" ? value : value.id;
}

/**
 * Mirrors a Stripe Subscription into `subscriptions`. Events may arrive after
 * the action already stored a newer state, so an `incomplete` snapshot never
 * overwrites a subscription that has since become something else.
 */
export async function storeSubscription(sub: Stripe.Subscription, userId: string, tx?: Transaction): Promise<void> {
  const item = sub.items.data[0];
  if (!item) return;
  const values = {
    id: sub.id,
    userId,
    plan: sub.metadata.plan ?? plans.pro.id,
    status: sub.status as SubscriptionStatus,
    currentPeriodStart: new Date(item.current_period_start * 1000),
    currentPeriodEnd: new Date(item.current_period_end * 1000),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    latestInvoiceId: idOf(sub.latest_invoice),
    updatedAt: new Date(),
  };
  await (tx ?? db)
    .insert(subscriptions)
    .values(values)
    .onConflictDoUpdate({
      target: subscriptions.id,
      set: {
        status: sql`case when excluded.status = 'incomplete' then ${subscriptions.status} else excluded.status end`,
        currentPeriodStart: sql`greatest(${subscriptions.currentPeriodStart}, excluded.current_period_start)`,
        currentPeriodEnd: sql`greatest(${subscriptions.currentPeriodEnd}, excluded.current_period_end)`,
        cancelAtPeriodEnd: values.cancelAtPeriodEnd,
        latestInvoiceId: values.latestInvoiceId,
        updatedAt: values.updatedAt,
      },
    });
}

/** The user a Stripe customer belongs to, or null for customers that are not ours. */
export async function userForCustomer(customer: string | { id: string } | null, tx?: Transaction): Promise<string | null> {
  const id = idOf(customer);
  if (!id) return null;
  const [row] = await (tx ?? db).select({ userId: stripeCustomers.userId }).from(stripeCustomers).where(eq(stripeCustomers.customerId, id));
  return row?.userId ?? null;
}

/**
 * For webhooks: stores the subscription if it is one of our plans and its
 * customer is ours. Stripe does not deliver events in order, so the event is
 * only the signal: what is stored is the subscription as Stripe has it now
 * (a late "past_due" update must not undo a payment seen since).
 */
export async function syncSubscriptionEvent(sub: Stripe.Subscription, tx: Transaction): Promise<void> {
  if (sub.metadata.plan !== plans.pro.id) return;
  const userId = await userForCustomer(sub.customer, tx);
  if (userId) await storeSubscription(await stripe().subscriptions.retrieve(sub.id), userId, tx);
}

/** A declined renewal payment in plain words (never Stripe's message), or null for errors that are not the card's. */
function declineMessage(error: unknown): string | null {
  const e = error as PaymentProblem | null;
  return e?.type === "StripeCardError" ? paymentErrorMessage(e, "payment") : null;
}

/**
 * Subscribes to Pro with the user's default saved card. The first month is
 * charged at once; a declined card leaves nothing behind. Two clicks at once
 * share one idempotency key, so they make one subscription.
 */
export async function subscribeToPro(user: Pick<User, "id" | "email" | "name">): Promise<Subscription> {
  const state = await currentPlan(user.id);
  if (state.subscription) return state.subscription;
  const customer = await ensureCustomer(user);
  if (!customer.defaultPaymentMethodId) {
    throw new AppError("invalid_request", "Save a card first: Pro is charged to your default card each month.");
  }
  const [{ attempts = 0 } = {}] = await db
    .select({ attempts: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(eq(subscriptions.userId, user.id));
  const sub = await stripe().subscriptions.create(
    {
      customer: customer.customerId,
      items: [{ price: await proPriceId() }],
      default_payment_method: customer.defaultPaymentMethodId,
      payment_behavior: "allow_incomplete",
      metadata: { plan: plans.pro.id, userId: user.id },
    },
    { idempotencyKey: `subscribe-${user.id}-${attempts}-${customer.defaultPaymentMethodId}` },
  );
  if (sub.status === "incomplete") {
    // The first payment failed: end it now rather than leave a half-made plan behind.
    const canceled = await stripe().subscriptions.cancel(sub.id);
    await storeSubscription(canceled, user.id);
    throw new AppError("invalid_request", "Your card was declined, so you are still on Free. Try another card.");
  }
  await storeSubscription(sub, user.id);
  return (await currentPlan(user.id)).subscription!;
}

async function liveSubscription(userId: string): Promise<Subscription> {
  const { subscription } = await currentPlan(userId);
  if (!subscription) throw new AppError("not_found", "You are on the Free plan.");
  return subscription;
}

/** Cancel (true) or resume (false) at the end of the current period. */
export async function setCancelAtPeriodEnd(userId: string, cancel: boolean): Promise<Subscription> {
  const row = await liveSubscription(userId);
  const sub = await stripe().subscriptions.update(row.id, { cancel_at_period_end: cancel });
  await storeSubscription(sub, userId);
  return (await currentPlan(userId)).subscription ?? row;
}

/**
 * Pays a failed renewal with the user's default card (after they changed it),
 * and makes that card the subscription's card for later months.
 */
export async function payPastDue(userId: string): Promise<Subscription> {
  const row = await liveSubscription(userId);
  if (row.status !== "past_due" || !row.latestInvoiceId) return row;
  const [customer] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, userId));
  const card = customer?.defaultPaymentMethodId;
  if (!card) throw new AppError("invalid_request", "Add a card first, then pay the renewal.");
  await stripe().subscriptions.update(row.id, { default_payment_method: card });
  try {
    await stripe().invoices.pay(row.latestInvoiceId, { payment_method: card });
  } catch (error) {
    const message = declineMessage(error);
    if (message) throw new AppError("invalid_request", message);
    throw error;
  }
  await storeSubscription(await stripe().subscriptions.retrieve(row.id), userId);
  return (await currentPlan(userId)).subscription ?? row;
}

/** Makes `paymentMethodId` the card that pays the user's Pro renewals (when they have Pro). */
export async function switchPlanCard(userId: string, paymentMethodId: string): Promise<void> {
  const { subscription } = await currentPlan(userId);
  if (!subscription) return;
  await stripe().subscriptions.update(subscription.id, { default_payment_method: paymentMethodId });
}

export interface AllowanceState {
  remaining: number;
  resetsAt: Date;
}

/** What is left of this period's allowance (for the balance card). */
export async function allowanceLeft(userId: string): Promise<AllowanceState | null> {
  const { subscription } = await currentPlan(userId);
  if (!subscription) return null;
  const { grants } = await getBalance(await accountIdForUser(userId));
  const remaining = grants.filter((g) => g.source === "allowance").reduce((sum, g) => sum + g.remaining, 0);
  return { remaining, resetsAt: subscription.currentPeriodEnd };
}

/**
 * `invoice.paid`: the period's allowance, once per subscription and period,
 * expiring when the period ends. The next period starts where this one ends,
 * so the ledger's sweep (run before every grant) writes off the previous
 * remainder as the new allowance arrives.
 */
export async function grantAllowanceForInvoice(invoice: Stripe.Invoice, tx: Transaction): Promise<"created" | "exists" | "skipped"> {
  const details = invoice.parent?.subscription_details;
  const subId = idOf(details?.subscription ?? null);
  if (invoice.status !== "paid" || !subId || details?.metadata?.plan !== plans.pro.id) return "skipped";
  const line = invoice.lines.data.find((l) => idOf(l.subscription) === subId) ?? invoice.lines.data[0];
  if (!line) return "skipped";
  const userId = await userForCustomer(invoice.customer, tx);
  if (!userId) return "skipped";
  const expiresAt = new Date(line.period.end * 1000);
  // Paid after the period was over: there is nothing left of it to spend.
  if (expiresAt <= now()) return "skipped";
  const { outcome } = await grantCredits(
    {
      accountId: await accountIdForUser(userId, tx),
      source: "allowance",
      amount: plans.pro.monthlyCredits,
      expiresAt,
      externalRef: `allowance:${subId}:${line.period.start}`,
      metadata: { invoice: invoice.id, subscription: subId },
    },
    tx,
  );
  // The receipt goes with the allowance it paid for: once, whichever door granted it.
  if (outcome === "created") await queuePlanReceipt(userId, invoice, tx);
  return outcome;
}

/** The receipt e-mail of a paid Pro invoice (the first month or a renewal), to the account's card on file. */
async function queuePlanReceipt(userId: string, invoice: Stripe.Invoice, tx: Transaction): Promise<void> {
  const [row] = await tx
    .select({ email: users.email, deletedAt: users.deletedAt, brand: paymentMethods.brand, last4: paymentMethods.last4 })
    .from(users)
    .leftJoin(stripeCustomers, eq(stripeCustomers.userId, users.id))
    .leftJoin(paymentMethods, eq(paymentMethods.id, stripeCustomers.defaultPaymentMethodId))
    .where(eq(users.id, userId));
  if (!row || row.deletedAt) return;
  await queueMail(
    tx,
    receiptMail({
      to: row.email,
      description: invoice.billing_reason === "subscription_create" ? "Pro plan, first month" : "Pro plan renewal",
      date: new Date(invoice.created * 1000),
      amountCents: invoice.amount_paid,
      credits: plans.pro.monthlyCredits,
      card: row.brand && row.last4 ? cardLabel(row.brand, row.last4) : null,
      reference: invoice.id ?? "",
      link: { label: "View billing", href: appUrl("/settings/billing") },
    }),
  );
}

/**
 * For a missed `invoice.paid` webhook: grants the allowance of every recently
 * paid Pro invoice that has none yet (the grant's reference makes it once).
 * Returns the invoices that were credited now.
 */
export async function reconcileAllowances(options: { sinceHours?: number } = {}): Promise<string[]> {
  const since = Math.floor((Date.now() - (options.sinceHours ?? 72) * 3_600_000) / 1000);
  const credited: string[] = [];
  for await (const invoice of stripe().invoices.list({ status: "paid", created: { gte: since }, limit: 100 })) {
    const outcome = await db.transaction((tx) => grantAllowanceForInvoice(invoice, tx));
    if (outcome === "created") credited.push(invoice.id);
  }
  return credited;
}


