/**
 * Confirming a PaymentIntent: the card's answer (test-cards.ts) moves it to
 * succeeded (with a charge), requires_action (authentication page), or back
 * to requires_payment_method with last_payment_error — in which case the
 * call fails with a 402 card_error carrying the PaymentIntent, as Stripe's does.
 */
import type Stripe from "stripe";
import { endAuthentication, evaluateCard, requestAuthentication } from "../authentication";
import type { SandboxContext } from "../context";
import { ApiError, docUrl, invalidRequest, unexpectedState } from "../errors";
import type { Decline } from "../test-cards";
import { createCharge } from "./charges";
import { getPaymentMethod, resolvePaymentMethod } from "./payment-methods";

const CONFIRMABLE: Stripe.PaymentIntent.Status[] = ["requires_payment_method", "requires_confirmation", "requires_action"];

export interface ConfirmOptions {
  paymentMethod?: string;
  offSession: boolean;
  returnUrl?: string;
  errorOnRequiresAction?: boolean;
  /** Stripe.js will handle the next action in the page (use_stripe_sdk, or a publishable-key confirm). */
  useStripeSdk?: boolean;
}

export function confirmPaymentIntent(ctx: SandboxContext, pi: Stripe.PaymentIntent, options: ConfirmOptions): void {
  if (!CONFIRMABLE.includes(pi.status)) {
    throw unexpectedState(
      pi.status === "succeeded"
        ? "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed."
        : `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
      "payment_intent",
    );
  }
  if (options.paymentMethod) pi.payment_method = resolvePaymentMethod(ctx, options.paymentMethod, "payment_method").id;
  if (typeof pi.payment_method !== "string") {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      "payment_intent",
    );
  }
  const pm = getPaymentMethod(ctx, pi.payment_method, "payment_method");
  if (pm.customer && pm.customer !== pi.customer) {
    throw invalidRequest(
      pi.customer
        ? "The provided PaymentMethod was previously attached to a different Customer."
        : `The PaymentMethod provided (${pm.id}) belongs to a Customer. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`,
      "payment_method",
    );
  }
  endAuthentication(ctx, pi.id);
  const attempt = evaluateCard(ctx.state.data.cards[pm.id], "payment", { offSession: options.offSession });
  if (attempt.result === "succeeded") return succeed(ctx, pi, pm);
  if (attempt.result === "declined") return decline(ctx, pi, pm, attempt.decline, true);
  if (options.errorOnRequiresAction) {
    return decline(ctx, pi, pm, { code: "authentication_required", decline_code: "authentication_required", message: "Your card was declined. This transaction requires authentication." }, false);
  }
  pi.status = "requires_action";
  pi.next_action = requestAuthentication(ctx, "payment_intent", pi.id, options.returnUrl ?? null, options.useStripeSdk ?? false);
  ctx.emit("payment_intent.requires_action", pi);
}

function succeed(ctx: SandboxContext, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod): void {
  const charge = createCharge(ctx, pi, pm, undefined);
  Object.assign(pi, {
    status: "succeeded",
    amount_received: pi.amount,
    latest_charge: charge.id,
    next_action: null,
    last_payment_error: null,
  } satisfies Partial<Stripe.PaymentIntent>);
  if (pi.setup_future_usage) {
    // Saving the card during payment, as setup_future_usage asks.
    if (typeof pi.customer === "string" && !pm.customer) {
      pm.customer = pi.customer;
      ctx.emit("payment_method.attached", pm, { customer: null });
    }
    const card = ctx.state.data.cards[pm.id];
    if (card && pi.setup_future_usage === "off_session") card.offSessionReady = true;
  }
  ctx.emit("payment_intent.succeeded", pi);
}

function decline(ctx: SandboxContext, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, d: Decline, withCharge: boolean): never {
  const charge = withCharge ? createCharge(ctx, pi, pm, d) : undefined;
  if (charge) pi.latest_charge = charge.id;
  fail(ctx, pi, pm, { type: "card_error", ...d, doc_url: docUrl(d.code), ...(charge ? { charge: charge.id } : {}) });
  const error = pi.last_payment_error ?? { type: "card_error", ...d };
  throw new ApiError(402, {
    ...error,
    message: d.message,
    payment_intent: structuredClone(pi),
    payment_method: structuredClone(pm),
  });
}

/** Back to requires_payment_method: Stripe forgets the failed card on the intent. */
function fail(ctx: SandboxContext, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, error: Stripe.PaymentIntent.LastPaymentError) {
  Object.assign(pi, {
    status: "requires_payment_method",
    payment_method: null,
    next_action: null,
    last_payment_error: { ...error, payment_method: structuredClone(pm), payment_method_type: "card" },
  } satisfies Partial<Stripe.PaymentIntent>);
  ctx.emit("payment_intent.payment_failed", pi);
}

/** The customer finished (or failed) the authentication page for this intent. */
export function completePaymentAuthentication(ctx: SandboxContext, pi: Stripe.PaymentIntent, success: boolean): void {
  endAuthentication(ctx, pi.id);
  const pm = getPaymentMethod(ctx, String(pi.payment_method), "payment_method");
  if (!success) {
    return fail(ctx, pi, pm, {
      type: "card_error",
      code: "payment_intent_authentication_failure",
      doc_url: docUrl("payment_intent_authentication_failure"),
      message:
        "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
    });
  }
  const attempt = evaluateCard(ctx.state.data.cards[pm.id], "payment", { offSession: false, authenticated: true });
  if (attempt.result === "declined") {
    const charge = createCharge(ctx, pi, pm, attempt.decline);
    pi.latest_charge = charge.id;
    return fail(ctx, pi, pm, { type: "card_error", ...attempt.decline, doc_url: docUrl(attempt.decline.code), charge: charge.id });
  }
  succeed(ctx, pi, pm);
}
