import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import type { Executor, Transaction } from "@/db/client";
import { db } from "@/lib/db";
import { purchases, refills, type Purchase, type User } from "@/db/schema";
import { accountIdForUser, grantCredits } from "@/lib/credits";
import { CREDIT_PRICE_CENTS, creditPackages, CUSTOM_CREDITS_MAX, CUSTOM_CREDITS_MIN } from "@/lib/credits/shared";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { takeToken } from "@/lib/rate-limit";
import { actionUrl, cardError, freshCard, ownCard, recordCard } from "../cards/cards";
import { ensureCustomer } from "../customers";
import { refuseDisputedCard } from "../disputes/disputes";
import { queueReceiptMail } from "./receipts";
import { stripe } from "../stripe";
import { paymentErrorMessage } from "../messages";

export type PurchaseChoice = { packageIndex: number } | { credits: number };

/** What is bought and what it costs, computed here: a price sent by the browser is never used. */
export function priceChoice(choice: PurchaseChoice) {
  if ("packageIndex" in choice) {
    const pkg = creditPackages[choice.packageIndex];
    if (!pkg) throw new AppError("invalid_request", "Choose one of the credit packages.", { status: 422, param: "package" });
    return { kind: "package" as const, credits: pkg.credits, amountCents: pkg.priceCents };
  }
  const { credits } = choice;
  if (!Number.isSafeInteger(credits) || credits < CUSTOM_CREDITS_MIN || credits > CUSTOM_CREDITS_MAX) {
    throw new AppError(
      "invalid_request",
      `Enter a whole number of credits from ${CUSTOM_CREDITS_MIN} to ${CUSTOM_CREDITS_MAX.toLocaleString("en-US")}.`,
      { status: 422, param: "credits" },
    );
  }
  return { kind: "custom" as const, credits, amountCents: credits * CREDIT_PRICE_CENTS };
}

export interface PurchaseRequest {
  /** Generated when the form was shown: one intent to buy, however often it is submitted. */
  attemptId: string;
  choice: PurchaseChoice;
  paymentMethodId: string;
  /** A card the browser has just tokenized, rather than a saved one. */
  newCard: boolean;
  /** Keep a new card for later purchases and auto-refill (the default). */
  saveCard: boolean;
  /** Where the card's authentication page sends the browser back to. */
  returnUrl: string;
}

export type PurchaseOutcome =
  | { status: "succeeded"; purchase: Purchase }
  | { status: "requires_action"; purchase: Purchase; url: string; clientSecret: string | null }
  | { status: "failed"; purchase: Purchase; message: string }
  | { status: "pending"; purchase: Purchase };

// Ten purchases in a burst, then one every 30 seconds, per user.
const purchaseRate = { capacity: 10, refillPerSecond: 1 / 30 };

/** Buys credits with a saved or new card: exactly one charge per attempt id. */
export async function purchaseCredits(user: Pick<User, "id" | "email" | "name">, request: PurchaseRequest): Promise<PurchaseOutcome> {
  const price = priceChoice(request.choice);
  const accountId = await accountIdForUser(user.id);
  const limit = await takeToken(`purchase:${user.id}`, purchaseRate);
  if (!limit.allowed) {
    throw new AppError("rate_limited", "Too many purchases in a short time. Wait a moment and try again.", {
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
  const customer = await ensureCustomer(user);
  const card = request.newCard
    ? (await freshCard(user.id, request.paymentMethodId)).card
    : await ownCard(user.id, request.paymentMethodId);
  await refuseDisputedCard(request.paymentMethodId);

  const { row: purchase, fresh } = await upsertAttempt({
    accountId,
    userId: user.id,
    attemptId: request.attemptId,
    ...price,
    paymentMethodId: request.paymentMethodId,
    cardBrand: card?.brand ?? null,
    cardLast4: card?.last4 ?? null,
  });
  if (purchase.status === "succeeded" || purchase.status === "failed") return outcomeOf(purchase);
  // An attempt seen before may have its PaymentIntent already; Stripe forgets idempotency keys after
  // 24 hours, so the key alone cannot be trusted to find it: look before creating anything.
  if (!fresh) {
    const existing = await existingIntent(purchase, customer.customerId);
    if (existing) return settle(existing);
  }

  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe().paymentIntents.create(
      {
        amount: purchase.amountCents,
        currency: purchase.currency,
        customer: customer.customerId,
        payment_method: purchase.paymentMethodId,
        // Card-only: no redirect-based method can join in, so nothing needs a return_url but 3-D Secure's fallback.
        allowed_payment_method_types: ["card"],
        confirm: true,
        // Stripe.js runs 3-D Secure in the page (handleNextAction); the return_url is the fallback for redirects.
        use_stripe_sdk: true,
        return_url: request.returnUrl,
        description: `${purchase.credits.toLocaleString("en-US")} credits`,
        metadata: { purchaseId: purchase.id, accountId: String(accountId), credits: String(purchase.credits) },
        ...(request.newCard && request.saveCard ? { setup_future_usage: "off_session" as const } : {}),
      },
      // The purchase row's id: a retried submit replays Stripe's first answer instead of charging again.
      { idempotencyKey: purchase.id },
    );
  } catch (error) {
    const failed = (error as { payment_intent?: Stripe.PaymentIntent }).payment_intent;
    const message = cardError(error, "payment").message;
    const updated = await markFailed(purchase.id, failed?.id ?? null, (error as { code?: string }).code ?? null, message);
    return { status: "failed", purchase: updated, message };
  }
  return settle(intent);
}

async function upsertAttempt(values: Omit<typeof purchases.$inferInsert, "id" | "status" | "createdAt" | "updatedAt">) {
  const at = new Date();
  const [created] = await db
    .insert(purchases)
    .values({ ...values, id: `pur_${randomUUID().replaceAll("-", "")}`, status: "pending", createdAt: at, updatedAt: at })
    .onConflictDoNothing({ target: [purchases.accountId, purchases.attemptId] })
    .returning();
  if (created) return { row: created, fresh: true };
  const [existing] = await db
    .select()
    .from(purchases)
    .where(and(eq(purchases.accountId, values.accountId), eq(purchases.attemptId, values.attemptId)));
  if (
    !existing ||
    existing.credits !== values.credits ||
    existing.amountCents !== values.amountCents ||
    existing.paymentMethodId !== values.paymentMethodId
  ) {
    throw new AppError("idempotency_conflict", "This purchase was already submitted with other details. Reload and try again.");
  }
  return { row: existing, fresh: false };
}

/**
 * The PaymentIntent an earlier submit of this purchase created, if any: by
 * the id kept on the purchase, else among the customer's PaymentIntents
 * since the purchase began, by the purchase id in their metadata (the create
 * may have succeeded while its answer was lost).
 */
async function existingIntent(purchase: Purchase, customerId: string): Promise<Stripe.PaymentIntent | null> {
  if (purchase.paymentIntentId) return stripe().paymentIntents.retrieve(purchase.paymentIntentId);
  const since = Math.floor(purchase.createdAt.getTime() / 1000) - 5 * 60;
  for await (const intent of stripe().paymentIntents.list({ customer: customerId, created: { gte: since }, limit: 100 })) {
    if (intent.metadata?.purchaseId === purchase.id) return intent;
  }
  return null;
}

/** Records what Stripe said about a purchase's PaymentIntent and credits it on success. */
export async function settle(intent: Stripe.PaymentIntent): Promise<PurchaseOutcome> {
  if (intent.status === "succeeded") {
    const purchase = await db.transaction((tx) => fulfil(intent, tx));
    // Charged, but not what the purchase says: nothing was credited and support must look (see fulfil).
    if (purchase.failureCode === "amount_mismatch" && purchase.status !== "succeeded") return { status: "pending", purchase };
    // After the commit: no ledger lock is held while Stripe is asked about the card.
    if (intent.setup_future_usage && typeof intent.payment_method === "string") {
      await rememberCard(purchase.userId, intent.payment_method);
    }
    return { status: "succeeded", purchase };
  }
  const purchase = await purchaseFor(intent);
  const url = actionUrl(intent.next_action);
  if (intent.status === "requires_action" && url) {
    const [updated] = await db
      .update(purchases)
      .set({ status: "requires_action", paymentIntentId: intent.id, updatedAt: new Date() })
      .where(and(eq(purchases.id, purchase.id), inArray(purchases.status, ["pending", "requires_action"])))
      .returning();
    return { status: "requires_action", purchase: updated ?? purchase, url, clientSecret: intent.client_secret };
  }
  // Cancelled by the user ("Cancel" in the history): whoever looks after that sees "Cancelled", not a decline.
  if (intent.status === "canceled" && intent.cancellation_reason === "requested_by_customer") {
    return { status: "failed", purchase: await markCanceled(purchase.id), message: CANCELED_MESSAGE };
  }
  if (intent.status === "requires_payment_method" || intent.status === "canceled") {
    const message = failureMessage(intent.last_payment_error);
    const updated = await markFailed(purchase.id, intent.id, intent.last_payment_error?.code ?? null, message);
    return { status: "failed", purchase: updated, message };
  }
  return { status: "pending", purchase };
}

/** What the cardholder reads about a failed payment: plain words for Stripe's code, never its message. */
function failureMessage(error: Stripe.PaymentIntent.LastPaymentError | null): string {
  return paymentErrorMessage(error, "payment");
}

async function purchaseFor(intent: Stripe.PaymentIntent, tx: Executor = db): Promise<Purchase> {
  const id = intent.metadata?.purchaseId;
  const [row] = id
    ? await tx.select().from(purchases).where(eq(purchases.id, id))
    : await tx.select().from(purchases).where(eq(purchases.paymentIntentId, intent.id));
  if (!row) throw new Error(`no purchase for PaymentIntent ${intent.id}`);
  return row;
}

/**
 * Credits a succeeded PaymentIntent's purchase exactly once, whoever sees the
 * success first: the confirm result, the webhook, a replay or reconciliation.
 * The grant is keyed by the PaymentIntent id, so a second call finds it there.
 */
export async function fulfil(intent: Stripe.PaymentIntent, tx: Transaction): Promise<Purchase> {
  const purchase = await purchaseFor(intent, tx);
  // Credits are granted for what was charged, never for another amount: a
  // charge that does not match its purchase row is refused and reported.
  if (intent.amount !== purchase.amountCents || intent.currency !== purchase.currency) {
    log.error(
      { purchaseId: purchase.id, paymentIntentId: intent.id, charged: [intent.amount, intent.currency], expected: [purchase.amountCents, purchase.currency] },
      "payment does not match its purchase: not credited",
    );
    const [flagged] = await tx
      .update(purchases)
      .set({
        paymentIntentId: intent.id,
        failureCode: "amount_mismatch",
        failureMessage: `Charged ${intent.amount} ${intent.currency}, expected ${purchase.amountCents} ${purchase.currency}: not credited; support must look at it.`,
        updatedAt: new Date(),
      })
      .where(eq(purchases.id, purchase.id))
      .returning();
    return flagged ?? purchase;
  }
  await grantCredits(
    {
      accountId: purchase.accountId,
      source: purchase.kind === "refill" ? "refill" : "purchase",
      amount: purchase.credits,
      externalRef: intent.id,
      metadata: { purchaseId: purchase.id },
    },
    tx,
  );
  const chargeId = typeof intent.latest_charge === "string" ? intent.latest_charge : (intent.latest_charge?.id ?? null);
  const [updated] = await tx
    .update(purchases)
    .set({
      status: "succeeded",
      paymentIntentId: intent.id,
      chargeId,
      failureCode: null,
      failureMessage: null,
      receiptUrl: typeof intent.latest_charge === "object" ? (intent.latest_charge?.receipt_url ?? null) : undefined,
      updatedAt: new Date(),
    })
    .where(and(eq(purchases.id, purchase.id), inArray(purchases.status, ["pending", "requires_action", "failed", "canceled"])))
    .returning();
  if (purchase.kind === "refill") {
    await tx.update(refills).set({ status: "succeeded", updatedAt: new Date() }).where(eq(refills.purchaseId, purchase.id));
  }
  // Only the call that made it succeed sends the receipt: a replay finds `updated` empty.
  if (updated) await queueReceiptMail(updated, tx);
  // Already settled by whoever saw the success first: answer with the row as it now stands.
  return updated ?? (await tx.select().from(purchases).where(eq(purchases.id, purchase.id)))[0]!;
}

async function rememberCard(userId: string, paymentMethodId: string) {
  const pm = await stripe().paymentMethods.retrieve(paymentMethodId);
  if (pm.customer) await recordCard(userId, pm);
}

async function markFailed(purchaseId: string, paymentIntentId: string | null, code: string | null, message: string) {
  const [row] = await db
    .update(purchases)
    .set({ status: "failed", paymentIntentId, failureCode: code, failureMessage: message, updatedAt: new Date() })
    .where(and(eq(purchases.id, purchaseId), inArray(purchases.status, ["pending", "requires_action"])))
    .returning();
  return row ?? (await db.select().from(purchases).where(eq(purchases.id, purchaseId)))[0]!;
}

export const CANCELED_MESSAGE = "You cancelled this payment. Nothing was charged.";

/**
 * Marks a purchase whose PaymentIntent Stripe has cancelled. A decline seen
 * meanwhile (a racing look at the same cancelled intent) becomes the cancel;
 * a purchase that succeeded stays so — a cancelled intent never took money.
 */
async function markCanceled(purchaseId: string) {
  const [row] = await db
    .update(purchases)
    .set({ status: "canceled", failureCode: null, failureMessage: null, updatedAt: new Date() })
    .where(and(eq(purchases.id, purchaseId), inArray(purchases.status, ["pending", "requires_action", "failed"])))
    .returning();
  return row ?? (await db.select().from(purchases).where(eq(purchases.id, purchaseId)))[0]!;
}

export function outcomeOf(purchase: Purchase): PurchaseOutcome {
  if (purchase.status === "succeeded") return { status: "succeeded", purchase };
  if (purchase.status === "canceled") return { status: "failed", purchase, message: CANCELED_MESSAGE };
  return { status: "failed", purchase, message: purchase.failureMessage ?? "The payment did not go through." };
}

/** After the browser came back from the card's authentication page. */
export async function resumePurchase(userId: string, purchaseId: string): Promise<PurchaseOutcome> {
  const [purchase] = await db
    .select()
    .from(purchases)
    .where(and(eq(purchases.id, purchaseId), eq(purchases.userId, userId)));
  if (!purchase) throw new AppError("not_found", "No such purchase.");
  if (!purchase.paymentIntentId) return outcomeOf(purchase);
  return settle(await stripe().paymentIntents.retrieve(purchase.paymentIntentId));
}

/** The purchase history of Settings › Billing, newest first. */
export async function purchaseHistory(userId: string, limit = 50) {
  return db
    .select()
    .from(purchases)
    .where(eq(purchases.userId, userId))
    .orderBy(desc(purchases.createdAt))
    .limit(limit);
}

