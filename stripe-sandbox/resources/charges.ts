/**
 * Charges: one per payment attempt (succeeded or failed, as Stripe records
 * declines too), retrievable and listable; a 0259 card's charge is disputed
 * shortly after it succeeds.
 */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { resourceMissing } from "../errors";
import { newId, randomToken } from "../ids";
import { listObjects } from "../list";
import type { Decline } from "../test-cards";
import { openDispute } from "./disputes";

export function getCharge(ctx: SandboxContext, id: string, param = "id"): Stripe.Charge {
  const charge = ctx.state.data.charges[id];
  if (!charge) throw resourceMissing("charge", id, param);
  return charge;
}

/** Records a charge for a PaymentIntent attempt and emits charge.succeeded / charge.failed. */
export function createCharge(
  ctx: SandboxContext,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  decline: Decline | undefined,
): Stripe.Charge {
  const card = pm.card;
  const paid = decline === undefined;
  const charge: Stripe.Charge = {
    id: newId("ch"),
    object: "charge",
    amount: pi.amount,
    amount_captured: paid ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: paid ? newId("txn") : null,
    billing_details: structuredClone(pm.billing_details),
    calculated_statement_descriptor: "CREDITS",
    captured: paid,
    created: ctx.now(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: paid
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          risk_score: 32,
          seller_message: "Payment complete.",
          type: "authorized",
        }
      : {
          advice_code: decline.code === "authentication_required" ? "try_again_later" : "do_not_try_again",
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: decline.decline_code ?? decline.code,
          risk_level: "normal",
          risk_score: 32,
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        },
    paid,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: card
      ? {
          type: "card",
          card: {
            amount_authorized: paid ? pi.amount : null,
            authorization_code: paid ? String(100000 + Math.floor(Math.random() * 899999)) : null,
            brand: card.brand,
            checks: structuredClone(card.checks),
            country: card.country,
            electronic_commerce_indicator: null,
            exp_month: card.exp_month,
            exp_year: card.exp_year,
            extended_authorization: { status: "disabled" },
            fingerprint: card.fingerprint ?? null,
            funding: card.funding,
            incremental_authorization: { status: "unavailable" },
            installments: null,
            last4: card.last4,
            mandate: null,
            multicapture: { status: "unavailable" },
            network: card.brand,
            network_token: { used: false },
            network_transaction_id: randomToken(15),
            overcapture: { maximum_amount_capturable: pi.amount, status: "unavailable" },
            regulated_status: "unregulated",
            three_d_secure: null,
            transaction_link_id: null,
            wallet: null,
          },
        }
      : null,
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: paid ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: null,
  } satisfies Stripe.Charge;
  ctx.state.data.charges[charge.id] = charge;
  ctx.emit(paid ? "charge.succeeded" : "charge.failed", charge);
  if (paid && ctx.state.data.cards[pm.id]?.behaviour === "disputed") {
    ctx.later(ctx.disputeDelayMs, () => openDispute(ctx, charge.id));
  }
  return charge;
}

export const chargeRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/charges/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      return getCharge(ctx, path.id ?? "");
    },
  },
  {
    method: "GET",
    path: "/v1/charges",
    handler: (ctx, { params }) => {
      const paymentIntent = params.string("payment_intent");
      const customer = params.string("customer");
      const list = listObjects({
        url: "/v1/charges",
        items: Object.values(ctx.state.data.charges),
        params,
        filter: (c) =>
          (paymentIntent === undefined || c.payment_intent === paymentIntent) &&
          (customer === undefined || c.customer === customer),
      });
      params.done();
      return list;
    },
  },
];
