import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Transaction } from "@/db/client";
import { db } from "@/lib/db";
import { paymentMethods, purchases, stripeCustomers, subscriptions, users, type Subscription, type SubscriptionStatus, type User } from "@/db/schema";
import { accountIdForUser, getBalance, grantCredits, now } from "@/lib/credits";
import { safeTimeZone } from "@/lib/credits/shared";
import { AppError } from "@/lib/errors";
import { appUrl, queueMail } from "@/lib/mail";
import { receiptMail } from "@/lib/notifications";
import { cardLabel } from "../cards/cards";
import { intentOfInvoice, lockInvoice } from "./invoice-payments";
import { ensureCustomer } from "../customers";
import { plans, proPriceId, type PlanId } from "./plans";
import { idOf, stripe } from "../stripe";
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
export async function subscribeToPro(
  user: Pick<User, "id" | "email" | "name">,
  /** The card the user saw named when they confirmed ("Visa •••• 4242"): charged only if it is still the default. */
  options: { confirmedCard?: string } = {},
): Promise<Subscription> {
  const state = await currentPlan(user.id);
  if (state.subscription) return state.subscription;
  const customer = await ensureCustomer(user);
  if (!customer.defaultPaymentMethodId) {
    throw new AppError("invalid_request", "Save a card first: Pro is charged to your default card each month.");
  }
  if (options.confirmedCard !== undefined && options.confirmedCard !== customer.defaultPaymentMethodId) {
    // The default card changed (another tab, another device) after the summary was shown: nothing is charged.
    throw new AppError("invalid_request", "Your default card changed since this page was loaded. Nothing was charged: reload and confirm again.");
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

/** Our Pro subscription an invoice belongs to, its first line (the period) and its user; null for anything else. */
async function proInvoice(invoice: Stripe.Invoice, tx: Transaction) {
  const details = invoice.parent?.subscription_details;
  const subId = idOf(details?.subscription ?? null);
  if (invoice.status !== "paid" || !subId || details?.metadata?.plan !== plans.pro.id) return null;
  const line = invoice.lines.data.find((l) => idOf(l.subscription) === subId) ?? invoice.lines.data[0];
  if (!line) return null;
  const userId = await userForCustomer(invoice.customer, tx);
  return userId ? { subId, line, userId } : null;
}

/**
 * A paid Pro invoice (first month, renewal, or a failed renewal paid later):
 * its payment goes into the purchase history and the period's allowance is
 * granted. Both are once per invoice, whichever door (webhook, replay,
 * reconciliation) sees it first.
 */
/** The allowance grant's reference: once per subscription and period. */
function allowanceRef(pro: { subId: string; line: { period: { start: number } } }): string {
  return `allowance:${pro.subId}:${pro.line.period.start}`;
}

export async function settlePaidInvoice(invoice: Stripe.Invoice, tx: Transaction): Promise<"created" | "exists" | "skipped"> {
  await recordPlanPayment(invoice, tx);
  return grantAllowanceForInvoice(invoice, tx);
}

/**
 * The period's allowance, once per subscription and period, expiring when
 * the period ends. The next period starts where this one ends, so the
 * ledger's sweep (run before every grant) writes off the previous remainder
 * as the new allowance arrives.
 */
async function grantAllowanceForInvoice(invoice: Stripe.Invoice, tx: Transaction): Promise<"created" | "exists" | "skipped"> {
  const pro = await proInvoice(invoice, tx);
  if (!pro) return "skipped";
  const expiresAt = new Date(pro.line.period.end * 1000);
  // Paid after the period was over: there is nothing left of it to spend.
  if (expiresAt <= now()) return "skipped";
  const { outcome } = await grantCredits(
    {
      accountId: await accountIdForUser(pro.userId, tx),
      source: "allowance",
      amount: plans.pro.monthlyCredits,
      expiresAt,
      externalRef: allowanceRef(pro),
      metadata: { invoice: invoice.id, subscription: pro.subId },
    },
    tx,
  );
  return outcome;
}

/**
 * A paid Pro invoice as a row of `purchases` (kind "plan"), so it is in the
 * purchase history with a receipt, and its receipt e-mail. Keyed by the
 * invoice id (the row's attempt id): a replayed or concurrent `invoice.paid`
 * finds the row and mails nothing. Only `tx` is used (webhook handlers stay
 * off the network): the card is the one the invoice names, else the
 * customer's default, as mirrored here.
 */
export async function recordPlanPayment(invoice: Stripe.Invoice, tx: Transaction): Promise<"recorded" | "exists" | "skipped"> {
  const pro = await proInvoice(invoice, tx);
  // Nothing was charged (a zero invoice): there is no payment to show.
  if (!pro || !invoice.id || invoice.amount_paid <= 0) return "skipped";
  await lockInvoice(invoice.id, tx);
  const [owner] = await tx
    .select({
      email: users.email,
      deletedAt: users.deletedAt,
      timeZone: users.timeZone,
      defaultCard: stripeCustomers.defaultPaymentMethodId,
    })
    .from(users)
    .leftJoin(stripeCustomers, eq(stripeCustomers.userId, users.id))
    .where(eq(users.id, pro.userId));
  if (!owner) return "skipped";
  const cardId = idOf(invoice.default_payment_method) ?? owner.defaultCard;
  const [card] = cardId ? await tx.select().from(paymentMethods).where(eq(paymentMethods.id, cardId)) : [];
  const paidAt = new Date((invoice.status_transitions.paid_at ?? invoice.created) * 1000);
  const [row] = await tx
    .insert(purchases)
    .values({
      id: `pur_${invoice.id}`,
      accountId: await accountIdForUser(pro.userId, tx),
      userId: pro.userId,
      attemptId: invoice.id,
      kind: "plan",
      credits: plans.pro.monthlyCredits,
      amountCents: invoice.amount_paid,
      currency: invoice.currency,
      // The column is required; an invoice paid by a card we never mirrored still has its payment shown.
      paymentMethodId: cardId ?? "unknown",
      paymentIntentId: await intentOfInvoice(invoice.id, tx),
      // The period's allowance (grantAllowanceForInvoice): what a refund or a dispute takes back.
      grantRef: allowanceRef(pro),
      cardBrand: card?.brand ?? null,
      cardLast4: card?.last4 ?? null,
      status: "succeeded",
      periodStart: new Date(pro.line.period.start * 1000),
      periodEnd: new Date(pro.line.period.end * 1000),
      createdAt: paidAt,
      updatedAt: new Date(),
    })
    // The row's id and its (account, attempt) key both come from the invoice: either conflict means "seen".
    .onConflictDoNothing()
    .returning();
  if (!row) return "exists";
  // Receipts are not optional; a deleted account gets none.
  if (!owner.deletedAt) {
    await queueMail(
      tx,
      receiptMail({
        to: owner.email,
        description: invoice.billing_reason === "subscription_create" ? "Pro plan, first month" : "Pro plan renewal",
        date: paidAt,
        timeZone: safeTimeZone(owner.timeZone),
        amountCents: row.amountCents,
        credits: row.credits,
        card: card ? cardLabel(card.brand, card.last4) : null,
        reference: row.id,
        link: { label: "View your receipt", href: appUrl(`/settings/billing/receipts/${row.id}`) },
      }),
    );
  }
  return "recorded";
}

/**
 * For a missed `invoice.paid` webhook: records the payment and grants the
 * allowance of every recently paid Pro invoice that has none yet (each is once).
 * Returns the invoices that were credited now.
 */
export async function reconcileAllowances(options: { sinceHours?: number } = {}): Promise<string[]> {
  const since = Math.floor((Date.now() - (options.sinceHours ?? 72) * 3_600_000) / 1000);
  const credited: string[] = [];
  for await (const invoice of stripe().invoices.list({ status: "paid", created: { gte: since }, limit: 100 })) {
    const outcome = await db.transaction((tx) => settlePaidInvoice(invoice, tx));
    if (outcome === "created") credited.push(invoice.id);
  }
  return credited;
}


