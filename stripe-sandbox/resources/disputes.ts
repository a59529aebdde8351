/** Disputes: opened by the sandbox on a 0259 card's charge ("fraudulent", needs a response). */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { resourceMissing } from "../errors";
import { newId } from "../ids";

export function openDispute(ctx: SandboxContext, chargeId: string): void {
  const charge = ctx.state.data.charges[chargeId];
  if (!charge || charge.disputed) return;
  const dispute: Stripe.Dispute = {
    id: newId("dp"),
    object: "dispute",
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created: ctx.now(),
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: ctx.now() + 7 * 24 * 3600,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: "manual",
    },
    intended_submission_method: "manual",
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: typeof charge.payment_intent === "string" ? charge.payment_intent : null,
    reason: "fraudulent",
    status: "needs_response",
  } satisfies Stripe.Dispute;
  ctx.state.data.disputes[dispute.id] = dispute;
  charge.disputed = true;
  ctx.emit("charge.dispute.created", dispute);
  ctx.state.changed();
}

function emptyEvidence(): Stripe.Dispute.Evidence {
  return {
    access_activity_log: null,
    billing_address: null,
    cancellation_policy: null,
    cancellation_policy_disclosure: null,
    cancellation_rebuttal: null,
    customer_communication: null,
    customer_email_address: null,
    customer_name: null,
    customer_purchase_ip: null,
    customer_signature: null,
    duplicate_charge_documentation: null,
    duplicate_charge_explanation: null,
    duplicate_charge_id: null,
    enhanced_evidence: {},
    product_description: null,
    receipt: null,
    refund_policy: null,
    refund_policy_disclosure: null,
    refund_refusal_explanation: null,
    service_date: null,
    service_documentation: null,
    shipping_address: null,
    shipping_carrier: null,
    shipping_date: null,
    shipping_documentation: null,
    shipping_tracking_number: null,
    uncategorized_file: null,
    uncategorized_text: null,
  };
}

export const disputeRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/disputes/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      const dispute = ctx.state.data.disputes[path.id ?? ""];
      if (!dispute) throw resourceMissing("dispute", path.id ?? "");
      return dispute;
    },
  },
];
