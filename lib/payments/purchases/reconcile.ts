import "server-only";
import { and, eq, gte, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { purchases } from "@/db/schema";
import { isGranted } from "@/lib/credits";
import { fulfil } from "./purchases";
import { stripe } from "../stripe";

export interface ReconcileReport {
  checked: number;
  /** Succeeded PaymentIntents the ledger lacked, now credited. */
  credited: string[];
  /** Purchases the ledger calls succeeded that Stripe does not. */
  notSucceededInStripe: string[];
}

/**
 * Lists recent succeeded PaymentIntents from Stripe and credits any that the
 * ledger lacks, exactly once (the grant is keyed by the PaymentIntent id);
 * reports mismatches both ways. Safe to run at any time, on any instance.
 */
export async function reconcilePayments(options: { sinceHours?: number } = {}): Promise<ReconcileReport> {
  const since = new Date(Date.now() - (options.sinceHours ?? 72) * 3_600_000);
  const report: ReconcileReport = { checked: 0, credited: [], notSucceededInStripe: [] };
  const succeeded = new Set<string>();

  for await (const intent of stripe().paymentIntents.list({ created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 })) {
    report.checked++;
    if (intent.status !== "succeeded" || !intent.metadata?.purchaseId) continue;
    succeeded.add(intent.id);
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
  return report;
}

async function creditIfOurs(intent: Stripe.PaymentIntent): Promise<boolean> {
  const [purchase] = await db.select({ id: purchases.id }).from(purchases).where(eq(purchases.id, intent.metadata.purchaseId!));
  if (!purchase) return false;
  await db.transaction((tx) => fulfil(intent, tx));
  return true;
}
