/**
 * Refunds, partial or full, of a succeeded charge (given directly or through
 * its PaymentIntent). They settle at once, and the charge shows them:
 * amount_refunded grows, refunded turns true when nothing is left.
 */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { invalidParam, invalidRequest, resourceMissing } from "../errors";
import { newId } from "../ids";
import { listObjects } from "../list";
import { mergeMetadata } from "../params";
import { getCharge } from "./charges";
import { getPaymentIntent } from "./payment-intents";

function chargeToRefund(ctx: SandboxContext, chargeId?: string, paymentIntentId?: string): Stripe.Charge {
  if (chargeId) return getCharge(ctx, chargeId, "charge");
  if (!paymentIntentId) throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.");
  const pi = getPaymentIntent(ctx, paymentIntentId, "payment_intent");
  if (pi.status !== "succeeded" || typeof pi.latest_charge !== "string") {
    throw invalidRequest(
      `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
      "payment_intent",
      "charge_not_refundable",
    );
  }
  return getCharge(ctx, pi.latest_charge, "payment_intent");
}

const create: Route = {
  method: "POST",
  path: "/v1/refunds",
  handler: (ctx, { params }) => {
    const chargeId = params.string("charge");
    const paymentIntentId = params.string("payment_intent");
    const amount = params.int("amount", { min: 1 });
    const reason = params.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"] as const);
    const metadata = params.metadata();
    params.ignore("instructions_email", "refund_application_fee", "reverse_transfer");
    params.done();

    const charge = chargeToRefund(ctx, chargeId, paymentIntentId);
    if (charge.status !== "succeeded") {
      throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, "charge", "charge_not_refundable");
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0) {
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, undefined, "charge_already_refunded");
    }
    const refundAmount = amount ?? remaining;
    if (refundAmount > remaining) {
      throw invalidParam(
        `Refund amount ($${(refundAmount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(remaining / 100).toFixed(2)})`,
        "amount",
        "amount_too_large",
      );
    }
    const refund: Stripe.Refund = {
      id: newId("re"),
      object: "refund",
      amount: refundAmount,
      balance_transaction: newId("txn"),
      charge: charge.id,
      created: ctx.now(),
      currency: charge.currency,
      customer: charge.customer,
      customer_account: null,
      destination_details: { type: "card", card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" } },
      metadata: mergeMetadata({}, metadata),
      payment_intent: charge.payment_intent,
      payment_method: charge.payment_method,
      reason: reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "succeeded",
      transfer_reversal: null,
    } satisfies Stripe.Refund;
    ctx.state.data.refunds[refund.id] = refund;
    ctx.emit("refund.created", refund);

    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += refundAmount;
    charge.refunded = charge.amount_refunded === charge.amount;
    ctx.emit("charge.refunded", charge, previous);
    return refund;
  },
};

export const refundRoutes: Route[] = [
  create,
  {
    method: "GET",
    path: "/v1/refunds/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      const refund = ctx.state.data.refunds[path.id ?? ""];
      if (!refund) throw resourceMissing("refund", path.id ?? "");
      return refund;
    },
  },
  {
    method: "GET",
    path: "/v1/refunds",
    handler: (ctx, { params }) => {
      const charge = params.string("charge");
      const paymentIntent = params.string("payment_intent");
      const list = listObjects({
        url: "/v1/refunds",
        items: Object.values(ctx.state.data.refunds),
        params,
        filter: (r) => (charge === undefined || r.charge === charge) && (paymentIntent === undefined || r.payment_intent === paymentIntent),
      });
      params.done();
      return list;
    },
  },
];
