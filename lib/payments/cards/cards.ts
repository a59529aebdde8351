import "server-only";
import { and, asc, eq, exists, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import type { Executor } from "@/db/client";
import { db } from "@/lib/db";
import { paymentMethods, stripeCustomers, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { autoRefillAfterCardRemoved, type RemovedCardOutcome } from "../auto-refill/settings";
import { ensureCustomer } from "../customers";
import { switchPlanCard } from "../subscriptions/subscriptions";
import { stripe } from "../stripe";
import { paymentErrorMessage, type PaymentContext, type PaymentProblem } from "../messages";

export interface SavedCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  /** "Visa •••• 4242", the card's accessible name everywhere. */
  label: string;
}

const brandNames: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
};

export function cardLabel(brand: string, last4: string) {
  return `${brandNames[brand] ?? brand.charAt(0).toUpperCase() + brand.slice(1)} •••• ${last4}`;
}

/** The user's saved cards, default first. */
export async function listCards(userId: string, ex: Executor = db): Promise<SavedCard[]> {
  const [customer] = await ex.select().from(stripeCustomers).where(eq(stripeCustomers.userId, userId));
  const rows = await ex
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.userId, userId), isNull(paymentMethods.detachedAt)))
    .orderBy(asc(paymentMethods.createdAt));
  return rows
    .map((r) => ({
      id: r.id,
      brand: r.brand,
      last4: r.last4,
      expMonth: r.expMonth,
      expYear: r.expYear,
      isDefault: r.id === customer?.defaultPaymentMethodId,
      label: cardLabel(r.brand, r.last4),
    }))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

/** A saved card of this user, or not_found (also for another user's card). */
export async function ownCard(userId: string, paymentMethodId: string) {
  const [row] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, paymentMethodId), eq(paymentMethods.userId, userId), isNull(paymentMethods.detachedAt)));
  if (!row) throw new AppError("not_found", "That card is not one of your saved cards.", { param: "paymentMethodId" });
  return row;
}

/**
 * Mirrors a card Stripe attached to the user's customer (idempotent). A card
 * already recorded is left as it is: Stripe never attaches a detached card
 * again, so one marked removed stays removed, even when this runs late, with
 * what a webhook read from Stripe before the user removed it.
 */
export async function recordCard(userId: string, pm: Stripe.PaymentMethod) {
  if (!pm.card) return;
  await db
    .insert(paymentMethods)
    .values({
      id: pm.id,
      userId,
      brand: pm.card.brand,
      last4: pm.card.last4,
      expMonth: pm.card.exp_month,
      expYear: pm.card.exp_year,
    })
    .onConflictDoNothing({ target: paymentMethods.id });
  // The first card becomes the default, for purchases and auto-refill (a removed one never does).
  await db
    .update(stripeCustomers)
    .set({ defaultPaymentMethodId: pm.id })
    .where(
      and(
        eq(stripeCustomers.userId, userId),
        isNull(stripeCustomers.defaultPaymentMethodId),
        exists(db.select().from(paymentMethods).where(and(eq(paymentMethods.id, pm.id), isNull(paymentMethods.detachedAt)))),
      ),
    );
}

/**
 * A card the browser has just tokenized (`pm_…`, not yet anyone's). A card
 * already attached to another customer is refused as unknown.
 */
export async function freshCard(userId: string, paymentMethodId: string): Promise<Stripe.PaymentMethod> {
  const customer = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, userId));
  let pm: Stripe.PaymentMethod;
  try {
    pm = await stripe().paymentMethods.retrieve(paymentMethodId);
  } catch {
    throw new AppError("not_found", "That card could not be found. Enter it again.", { param: "paymentMethodId" });
  }
  const owner = typeof pm.customer === "string" ? pm.customer : pm.customer?.id;
  if (pm.type !== "card" || (owner && owner !== customer[0]?.customerId)) {
    throw new AppError("not_found", "That card could not be found. Enter it again.", { param: "paymentMethodId" });
  }
  return pm;
}

export type SaveCardResult =
  | { status: "saved"; card: SavedCard | undefined }
  /** The bank asks to confirm the card: Stripe.js runs that in the page with the client secret (the URL is the fallback). */
  | { status: "requires_action"; url: string; setupIntentId: string; clientSecret: string | null };

/** Saves a tokenized card for later purchases and auto-refill, through a SetupIntent (off-session use). */
export async function saveCard(user: Pick<User, "id" | "email" | "name">, paymentMethodId: string): Promise<SaveCardResult> {
  const customer = await ensureCustomer(user);
  await freshCard(user.id, paymentMethodId);
  let intent: Stripe.SetupIntent;
  try {
    intent = await stripe().setupIntents.create(
      {
        customer: customer.customerId,
        payment_method: paymentMethodId,
        usage: "off_session",
        // Card-only, as Stripe documents for saving a card for off-session use: without it, automatic
        // payment methods (the default since 2023-08-16) make Stripe refuse a confirm with no return_url.
        allowed_payment_method_types: ["card"],
        confirm: true,
      },
      { idempotencyKey: `setup-${user.id}-${paymentMethodId}` },
    );
  } catch (error) {
    throw cardError(error);
  }
  return settleSetupIntent(user.id, intent);
}

/** After the browser completed authentication for a card being saved. */
export async function finishSavingCard(userId: string, setupIntentId: string): Promise<SaveCardResult> {
  let intent: Stripe.SetupIntent;
  try {
    intent = await stripe().setupIntents.retrieve(setupIntentId);
  } catch (error) {
    // An id Stripe does not know is the caller's mistake, like another customer's.
    if (isStripeMissing(error)) throw new AppError("not_found", "No such card setup.");
    throw error;
  }
  const customer = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, userId));
  if (!customer[0] || intent.customer !== customer[0].customerId) throw new AppError("not_found", "No such card setup.");
  return settleSetupIntent(userId, intent);
}

async function settleSetupIntent(userId: string, intent: Stripe.SetupIntent): Promise<SaveCardResult> {
  if (intent.status === "succeeded") {
    const pm = await stripe().paymentMethods.retrieve(String(intent.payment_method));
    await recordCard(userId, pm);
    return { status: "saved", card: (await listCards(userId)).find((c) => c.id === pm.id) };
  }
  const url = actionUrl(intent.next_action);
  if (intent.status === "requires_action" && url) {
    return { status: "requires_action", url, setupIntentId: intent.id, clientSecret: intent.client_secret };
  }
  throw new AppError("invalid_request", paymentErrorMessage(intent.last_setup_error, "card"), {
    status: 402,
    param: "paymentMethodId",
  });
}

export async function setDefaultCard(userId: string, paymentMethodId: string) {
  await ownCard(userId, paymentMethodId);
  const [customer] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, userId));
  if (!customer) throw new AppError("not_found", "No saved cards.");
  await stripe().customers.update(customer.customerId, { invoice_settings: { default_payment_method: paymentMethodId } });
  await db.update(stripeCustomers).set({ defaultPaymentMethodId: paymentMethodId }).where(eq(stripeCustomers.userId, userId));
  // The plan's renewals follow the default card too.
  await switchPlanCard(userId, paymentMethodId);
}

/** The "Remove" button: detaches the card in Stripe, then forgets it as the webhook would. */
export async function removeCard(userId: string, paymentMethodId: string): Promise<RemovedCardOutcome> {
  await ownCard(userId, paymentMethodId);
  await stripe().paymentMethods.detach(paymentMethodId);
  return markDetached(paymentMethodId);
}

/**
 * Forgets a card that is gone, whoever removed it (the button above, or a
 * `payment_method.detached` webhook): the next oldest card becomes the
 * default, and auto-refill follows (autoRefillAfterCardRemoved). The two
 * doors often meet, since the button's detach makes Stripe send the webhook:
 * it all happens in one transaction that locks the card's row first, so the
 * second door waits for the first to commit and then finds nothing to do —
 * whichever answers first, auto-refill is already settled.
 */
export async function markDetached(paymentMethodId: string): Promise<RemovedCardOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(paymentMethods)
      .set({ detachedAt: new Date() })
      .where(and(eq(paymentMethods.id, paymentMethodId), isNull(paymentMethods.detachedAt)))
      .returning();
    if (!row) return "unchanged";
    const [customer] = await tx.select().from(stripeCustomers).where(eq(stripeCustomers.userId, row.userId));
    if (customer?.defaultPaymentMethodId === paymentMethodId) {
      const next = (await listCards(row.userId, tx))[0];
      await tx
        .update(stripeCustomers)
        .set({ defaultPaymentMethodId: next?.id ?? null })
        .where(eq(stripeCustomers.userId, row.userId));
    }
    const left = await listCards(row.userId, tx);
    return autoRefillAfterCardRemoved(row.userId, { id: row.id, label: cardLabel(row.brand, row.last4) }, left.length, tx);
  });
}

/** Where the browser goes to authenticate (3D Secure, or the sandbox's stand-in page). */
export function actionUrl(next: Stripe.PaymentIntent.NextAction | Stripe.SetupIntent.NextAction | null): string | null {
  if (!next) return null;
  if (next.redirect_to_url?.url) return next.redirect_to_url.url;
  const sdk = next.use_stripe_sdk as { stripe_js?: unknown } | undefined;
  return typeof sdk?.stripe_js === "string" ? sdk.stripe_js : null;
}

/** Stripe does not know the object asked for (an id that was never its, or another account's). */
function isStripeMissing(error: unknown): boolean {
  const e = error as { type?: string; code?: string } | null;
  return e?.type === "StripeInvalidRequestError" && e.code === "resource_missing";
}

/** A card error in plain words (Stripe's own message is not shown); other errors are ours to hide. */
export function cardError(error: unknown, context: PaymentContext = "card"): AppError {
  const e = error as PaymentProblem | null;
  if (e?.type === "StripeCardError") {
    return new AppError("invalid_request", paymentErrorMessage(e, context), { status: 402, param: "paymentMethodId" });
  }
  if (isStripeMissing(error)) {
    return new AppError("not_found", "That card could not be found. Enter it again.", { param: "paymentMethodId" });
  }
  throw error;
}
