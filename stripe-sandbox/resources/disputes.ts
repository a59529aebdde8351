/**
 * Disputes: opened by the sandbox on a 0259 card's charge ("fraudulent", needs
 * a response; the funds are withdrawn at once). As in Stripe's test mode,
 * submitted evidence decides the outcome: `uncategorized_text` of
 * "winning_evidence" wins (funds reinstated), "losing_evidence" (or anything
 * else) loses; closing a dispute accepts it (lost). Each step emits Stripe's event.
 */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { newId } from "../ids";
import { listObjects } from "../list";
import { mergeMetadata, type Params } from "../params";

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
  ctx.emit("charge.dispute.funds_withdrawn", dispute);
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

const CLOSED: Stripe.Dispute.Status[] = ["won", "lost", "warning_closed"];
const EVIDENCE_FIELDS = Object.keys(emptyEvidence()).filter((k) => k !== "enhanced_evidence") as (keyof Stripe.Dispute.Evidence)[];

function getDispute(ctx: SandboxContext, id: string): Stripe.Dispute {
  const dispute = ctx.state.data.disputes[id];
  if (!dispute) throw resourceMissing("dispute", id);
  return dispute;
}

function open(dispute: Stripe.Dispute): void {
  if (CLOSED.includes(dispute.status)) {
    throw invalidRequest(`This dispute is already closed (${dispute.status}).`, undefined, "charge_dispute_closed");
  }
}

function readEvidence(evidence: Params | undefined): Partial<Record<keyof Stripe.Dispute.Evidence, string>> {
  if (!evidence) return {};
  const out: Partial<Record<keyof Stripe.Dispute.Evidence, string>> = {};
  for (const field of EVIDENCE_FIELDS) {
    const value = evidence.string(field, { max: 150_000 });
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Ends a dispute with its outcome; a won one gives the funds back first, as Stripe does. */
function close(ctx: SandboxContext, dispute: Stripe.Dispute, status: "won" | "lost"): void {
  const previous = { status: dispute.status };
  dispute.status = status;
  if (status === "won") ctx.emit("charge.dispute.funds_reinstated", dispute, previous);
  ctx.emit("charge.dispute.closed", dispute, previous);
}

export const disputeRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/disputes",
    handler: (ctx, { params }) => {
      const charge = params.string("charge");
      const paymentIntent = params.string("payment_intent");
      const list = listObjects({
        url: "/v1/disputes",
        items: Object.values(ctx.state.data.disputes),
        params,
        filter: (d) => (!charge || d.charge === charge) && (!paymentIntent || d.payment_intent === paymentIntent),
      });
      params.done();
      return list;
    },
  },
  {
    method: "GET",
    path: "/v1/disputes/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      return getDispute(ctx, path.id ?? "");
    },
  },
  {
    method: "POST",
    path: "/v1/disputes/:id",
    handler: (ctx, { params, path }) => {
      const evidence = readEvidence(params.object("evidence"));
      const metadata = params.metadata();
      const submit = params.bool("submit");
      params.done();
      const dispute = getDispute(ctx, path.id ?? "");
      open(dispute);
      if (dispute.status === "under_review") {
        throw invalidRequest("This dispute's evidence has already been submitted.", undefined, "charge_dispute_under_review");
      }
      const previous = { status: dispute.status };
      Object.assign(dispute.evidence, evidence);
      dispute.metadata = mergeMetadata(dispute.metadata, metadata);
      const hasEvidence = EVIDENCE_FIELDS.some((f) => dispute.evidence[f] !== null);
      dispute.evidence_details.has_evidence = hasEvidence;
      if (submit) {
        dispute.evidence_details.submission_count += 1;
        dispute.status = "under_review";
      }
      ctx.emit("charge.dispute.updated", dispute, previous);
      if (submit) close(ctx, dispute, dispute.evidence.uncategorized_text === "winning_evidence" ? "won" : "lost");
      ctx.state.changed();
      return dispute;
    },
  },
  {
    method: "POST",
    path: "/v1/disputes/:id/close",
    handler: (ctx, { params, path }) => {
      params.done();
      const dispute = getDispute(ctx, path.id ?? "");
      open(dispute);
      close(ctx, dispute, "lost");
      ctx.state.changed();
      return dispute;
    },
  },
];
