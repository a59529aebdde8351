import "server-only";
import { and, eq, gte, inArray, ne, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { purchases, refills, stripeCustomers } from "@/db/schema";
import { formatUsd, getBalance, now, userIdForAccount } from "@/lib/credits";
import { notify } from "@/lib/notifications";
import { getAutoRefill, pauseAutoRefill } from "./settings";
import { refillAmount, type RefillAmount } from "./amount";
import { actionUrl } from "../cards/cards";
import { cardUnderDispute, DISPUTE_PAUSE_REASON } from "../disputes/disputes";
import { settle } from "../purchases/purchases";
import { stripe } from "../stripe";
import { paymentErrorMessage, type PaymentProblem } from "../messages";

const MAX_ATTEMPTS = 5;
// A refill left "processing" this long belonged to a worker that died; another takes it over.
const STALE_AFTER_MS = 5 * 60_000;

type Refill = typeof refills.$inferSelect;

/** The first moment of the calendar month (UTC) that `at` falls in, and of the next one. */
export function monthOf(at: Date) {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const next = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, next };
}

/**
 * Claims due refills and charges them. Any number of workers may run this at
 * once: a refill is claimed by one (SKIP LOCKED), and the PaymentIntent's
 * idempotency key is derived from the refill's id, so even a worker that dies
 * after charging and is taken over charges once.
 */
export async function processDueRefills(limit = 10): Promise<{ processed: number }> {
  const at = now();
  const claimed = await db.execute<{ id: string }>(sql`
    update refills set status = 'processing', attempts = attempts + 1, updated_at = ${at.toISOString()}::timestamptz
    where id in (
      select id from refills
      where (status = 'queued' and next_attempt_at <= ${at.toISOString()}::timestamptz)
         or (status = 'processing' and updated_at < ${new Date(at.getTime() - STALE_AFTER_MS).toISOString()}::timestamptz)
      order by next_attempt_at
      for update skip locked
      limit ${limit})
    returning id`);
  for (const { id } of claimed) {
    const [refill] = await db.select().from(refills).where(eq(refills.id, id));
    if (refill) await chargeRefill(refill);
  }
  return { processed: claimed.length };
}

async function finish(refill: Refill, status: Refill["status"], fields: Partial<Refill> = {}) {
  await db
    .update(refills)
    .set({ status, updatedAt: now(), ...fields })
    .where(eq(refills.id, refill.id));
}

async function chargeRefill(refill: Refill) {
  const settings = await getAutoRefill(refill.accountId);
  const userId = (await userIdForAccount(refill.accountId))!;
  // Switched off after it was queued: nothing is charged.
  if (!settings.enabled) return finish(refill, "canceled", { lastError: "Auto-refill was turned off." });
  const balance = await getBalance(refill.accountId);
  if (balance.available >= settings.thresholdCredits) {
    return finish(refill, "canceled", { lastError: "The balance is above the threshold again." });
  }

  // A retry charges what its first attempt recorded (see below), so that is what counts against the limit.
  const [firstAttempt] = await db.select().from(purchases).where(eq(purchases.id, refillPurchaseId(refill)));
  const { start, next } = monthOf(now());
  const [spent] = await db
    .select({ cents: sql<string>`coalesce(sum(${purchases.amountCents}), 0)` })
    .from(purchases)
    .where(
      and(
        eq(purchases.accountId, refill.accountId),
        eq(purchases.kind, "refill"),
        ne(purchases.id, refillPurchaseId(refill)),
        inArray(purchases.status, ["succeeded", "pending", "requires_action", "refunded", "partially_refunded", "disputed"]),
        gte(purchases.createdAt, start),
      ),
    );
  const spentCents = Number(spent!.cents);
  // The amount is decided once, by the first attempt, from the balance then; a retry only checks it still fits.
  const amount: RefillAmount = !firstAttempt
    ? refillAmount(settings, balance.available, spentCents)
    : spentCents + firstAttempt.amountCents > settings.monthlyLimitCents
      ? { credits: null, wouldChargeCents: firstAttempt.amountCents }
      : { credits: firstAttempt.credits, amountCents: firstAttempt.amountCents };
  if (amount.credits === null) {
    await notify(userId, {
      kind: "auto_refill_limit",
      title: "Auto-refill reached its monthly limit",
      body: `Auto-refill has charged ${formatUsd(spentCents)} this month, and another ${formatUsd(amount.wouldChargeCents)} would pass your ${formatUsd(settings.monthlyLimitCents)} limit. It starts again on ${next.toLocaleDateString("en-US", { dateStyle: "long", timeZone: "UTC" })}.`,
      href: "/settings/billing",
    });
    return finish(refill, "canceled", { lastError: "Monthly limit reached." });
  }

  const [customer] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, userId));
  const settingsCard = settings.paymentMethodId ?? customer?.defaultPaymentMethodId;
  if (!customer || !settingsCard) {
    await stop(refill, userId, "There is no saved card to charge.");
    return;
  }

  // The first attempt records what it charges; every retry (and a worker taking
  // over a dead one's claim) charges exactly that, never the settings as they are now.
  const purchase = await refillPurchase(refill, userId, amount.credits, amount.amountCents, settingsCard);
  if (await cardUnderDispute(purchase.paymentMethodId)) {
    await finish(refill, "canceled", { lastError: "The card has a disputed payment." });
    await stop(refill, userId, DISPUTE_PAUSE_REASON);
    return;
  }
  try {
    const intent = await stripe().paymentIntents.create(
      {
        amount: purchase.amountCents,
        currency: purchase.currency,
        customer: customer.customerId,
        payment_method: purchase.paymentMethodId,
        // Off-session: there is nobody to redirect, so card-only (Stripe refuses a redirect-capable confirm without return_url).
        allowed_payment_method_types: ["card"],
        off_session: true,
        confirm: true,
        description: `Auto-refill: ${purchase.credits.toLocaleString("en-US")} credits`,
        metadata: { purchaseId: purchase.id, refillId: refill.id, accountId: String(refill.accountId), credits: String(purchase.credits) },
      },
      { idempotencyKey: `refill-${refill.id}` },
    );
    const outcome = await settle(intent);
    if (outcome.status === "succeeded") return finish(refill, "succeeded", { purchaseId: purchase.id, lastError: null });
    return retryLater(refill, userId, `Stripe answered ${intent.status}.`);
  } catch (error) {
    return handleChargeError(refill, userId, purchase.id, error);
  }
}

function refillPurchaseId(refill: Refill) {
  return `pur_${refill.id}`;
}

async function refillPurchase(refill: Refill, userId: string, credits: number, amountCents: number, paymentMethodId: string) {
  const at = now();
  await db
    .insert(purchases)
    .values({
      id: refillPurchaseId(refill),
      accountId: refill.accountId,
      userId,
      attemptId: refill.id,
      kind: "refill",
      credits,
      amountCents,
      paymentMethodId,
      status: "pending",
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing();
  const [row] = await db.select().from(purchases).where(eq(purchases.id, refillPurchaseId(refill)));
  return row!;
}

async function handleChargeError(refill: Refill, userId: string, purchaseId: string, error: unknown) {
  const e = error as PaymentProblem & { message?: string; payment_intent?: Stripe.PaymentIntent };
  if (e.type === "StripeCardError") {
    // The notice, the paused setting and the purchase history all say it in plain words.
    const reason = paymentErrorMessage(e, "payment");
    await db
      .update(purchases)
      .set({
        status: "failed",
        paymentIntentId: e.payment_intent?.id ?? null,
        failureCode: e.code ?? null,
        failureMessage: reason,
        updatedAt: now(),
      })
      .where(and(eq(purchases.id, purchaseId), inArray(purchases.status, ["pending", "requires_action"])));
    const needsConfirmation = e.code === "authentication_required";
    await finish(refill, needsConfirmation ? "requires_action" : "failed", { lastError: reason, purchaseId });
    await stop(refill, userId, reason, needsConfirmation ? purchaseId : undefined);
    return;
  }
  // Network trouble or a Stripe outage: try again later, a bounded number of times.
  return retryLater(refill, userId, e.message ?? String(error));
}

async function retryLater(refill: Refill, userId: string, reason: string) {
  if (refill.attempts >= MAX_ATTEMPTS) {
    await finish(refill, "failed", { lastError: reason });
    await stop(refill, userId, "We could not reach the payment processor. Auto-refill is paused until you turn it on again.");
    return;
  }
  const delayMs = 30_000 * 4 ** (refill.attempts - 1); // 30 s, 2 min, 8 min, 32 min
  await finish(refill, "queued", { lastError: reason, nextAttemptAt: new Date(now().getTime() + delayMs) });
}

/** Stops auto-refill with the reason shown, and tells the user how to fix it. */
async function stop(refill: Refill, userId: string, reason: string, confirmPurchaseId?: string) {
  await pauseAutoRefill(refill.accountId, reason);
  await notify(userId, {
    kind: "auto_refill_paused",
    title: "Auto-refill is paused",
    body: confirmPurchaseId
      ? `${reason} Confirm the payment to receive your credits, or choose another card.`
      : `${reason} Choose another card or update this one, then turn auto-refill back on.`,
    href: confirmPurchaseId ? `/settings/billing?confirm=${confirmPurchaseId}` : "/settings/billing",
  });
}

/** The user's own auto-refill purchase that is waiting for them to confirm it, if any. */
export async function refillAwaitingConfirmation(userId: string, purchaseId: string) {
  const [purchase] = await db
    .select()
    .from(purchases)
    .where(and(eq(purchases.id, purchaseId), eq(purchases.userId, userId), eq(purchases.kind, "refill")));
  return purchase?.paymentIntentId ? purchase : null;
}

/**
 * The on-session fix for a refill that needed authentication: confirm the
 * same PaymentIntent with the user present. Stripe.js then runs the bank's
 * check in the page (use_stripe_sdk); the return_url is only the fallback
 * for a browser where Stripe.js cannot run.
 */
export async function confirmRefillOnSession(userId: string, purchaseId: string, returnUrl: string) {
  const purchase = await refillAwaitingConfirmation(userId, purchaseId);
  if (!purchase?.paymentIntentId) return null;
  const intent = await stripe().paymentIntents.confirm(purchase.paymentIntentId, {
    payment_method: purchase.paymentMethodId,
    use_stripe_sdk: true,
    return_url: returnUrl,
  });
  return settleRefill(purchase.id, intent);
}

/** After the bank's check in the page: how the refill's PaymentIntent ended, without confirming it again. */
export async function finishRefillOnSession(userId: string, purchaseId: string) {
  const purchase = await refillAwaitingConfirmation(userId, purchaseId);
  if (!purchase?.paymentIntentId) return null;
  return settleRefill(purchase.id, await stripe().paymentIntents.retrieve(purchase.paymentIntentId));
}

async function settleRefill(purchaseId: string, intent: Stripe.PaymentIntent) {
  const outcome = await settle(intent);
  if (outcome.status === "succeeded") {
    await db.update(refills).set({ status: "succeeded", updatedAt: now() }).where(eq(refills.purchaseId, purchaseId));
  }
  return outcome.status === "requires_action" ? { ...outcome, url: actionUrl(intent.next_action) ?? outcome.url } : outcome;
}
