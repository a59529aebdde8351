import "server-only";
import { and, eq, gte, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { disputes, purchases } from "@/db/schema";
import { isGranted } from "@/lib/credits";
import { fulfil } from "./purchases";
import { closeDispute, openDispute } from "../disputes/disputes";
import { AppError } from "@/lib/errors";
import { linkIntentFromStripe } from "../subscriptions/invoice-payments";
import { idOf, stripe } from "../stripe";

export interface ReconcileReport {
  checked: number;
  /** Succeeded PaymentIntents the ledger lacked, now credited. */
  credited: string[];
  /** Purchases the ledger calls succeeded that Stripe does not. */
  notSucceededInStripe: string[];
  /** Disputes (opened or closed) whose webhooks never reached us, now acted on. */
  disputes: string[];
}

/**
 * Lists recent succeeded PaymentIntents from Stripe and credits any that the
 * ledger lacks, exactly once (the grant is keyed by the PaymentIntent id);
 * reports mismatches both ways. Then acts on recent disputes whose webhooks
 * were missed (opened: credits taken back; closed: won or lost), once. Safe to run at any time, on any instance.
 */
export async function reconcilePayments(options: { sinceHours?: number } = {}): Promise<ReconcileReport> {
  const since = new Date(Date.now() - (options.sinceHours ?? 72) * 3_600_000);
  const report: ReconcileReport = { checked: 0, credited: [], notSucceededInStripe: [], disputes: [] };
  const succeeded = new Set<string>();

  for await (const intent of stripe().paymentIntents.list({ created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 })) {
    report.checked++;
    if (intent.status !== "succeeded") continue;
    succeeded.add(intent.id);
    // A Pro payment's PaymentIntent (no purchaseId) is credited by its invoice, not here.
    if (!intent.metadata?.purchaseId) continue;
    if (await isGranted(intent.id)) continue;
    if (await creditIfOurs(intent)) report.credited.push(intent.id);
  }

  const claimed = await db
    .select({ id: purchases.id, paymentIntentId: purchases.paymentIntentId })
    .from(purchases)
    .where(and(inArray(purchases.status, ["succeeded"]), gte(purchases.createdAt, since)));
  for (const p of claimed) {
    if (p.paymentIntentId && !succeeded.has(p.paymentIntentId)) report.notSucceededInStripe.push(p.id);
  }
  for await (const dispute of stripe().disputes.list({ created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 })) {
    if (await catchUpDispute(dispute)) report.disputes.push(dispute.id);
  }
  return report;
}

/** Acts on a dispute as its webhooks would have; true when something was missed. */
async function catchUpDispute(dispute: Stripe.Dispute): Promise<boolean> {
  const [known] = await db.select({ status: disputes.status }).from(disputes).where(eq(disputes.id, dispute.id));
  const closed = ["won", "lost", "warning_closed"].includes(dispute.status);
  if (known && (known.status !== "open" || !closed)) return false;
  const intentId = idOf(dispute.payment_intent);
  if (intentId) await linkIntentFromStripe(intentId);
  try {
    const outcome = await db.transaction((tx) => (closed ? closeDispute(dispute, tx) : openDispute(dispute, tx)));
    return outcome.changed;
  } catch (error) {
    // A Pro payment not recorded yet (purchaseForMoneyBack): the next pass, or the webhook's retry, acts on it.
    if (error instanceof AppError && error.code === "service_unavailable") return false;
    throw error;
  }
}

async function creditIfOurs(intent: Stripe.PaymentIntent): Promise<boolean> {
  const [purchase] = await db.select({ id: purchases.id }).from(purchases).where(eq(purchases.id, intent.metadata.purchaseId!));
  if (!purchase) return false;
  await db.transaction((tx) => fulfil(intent, tx));
  return true;
}
