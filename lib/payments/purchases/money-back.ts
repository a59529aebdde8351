import "server-only";
import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { invoicePayments, purchases, type Purchase } from "@/db/schema";
import { serviceUnavailable } from "@/lib/database-unavailable";

/**
 * The purchase a refund or a dispute of `intentId` is about, locked: money-back
 * events of one payment told at once take turns, so each counts what the others
 * already asked back (clawBackOwed reads that before it takes the account's lock).
 * A Pro payment whose PaymentIntent is known but whose `invoice.paid` is not
 * recorded yet is retried later (503: Stripe sends the event again), never dropped.
 */
export async function purchaseForMoneyBack(intentId: string, tx: Transaction): Promise<Purchase | undefined> {
  const [purchase] = await tx.select().from(purchases).where(eq(purchases.paymentIntentId, intentId)).for("update");
  if (purchase) return purchase;
  const [link] = await tx.select().from(invoicePayments).where(eq(invoicePayments.paymentIntentId, intentId));
  if (link) throw serviceUnavailable(`The Pro payment of invoice ${link.invoiceId} is not recorded yet; retry shortly.`);
  return undefined;
}
