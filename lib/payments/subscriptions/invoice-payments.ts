import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Transaction } from "@/db/client";
import { invoicePayments, purchases } from "@/db/schema";
import { db } from "@/lib/db";
import { idOf, stripe } from "../stripe";

/**
 * A Pro payment's PaymentIntent, which its refunds and disputes name. Stripe
 * links an invoice to the PaymentIntent that paid it only through an
 * InvoicePayment (API 2025-03-31 on), told by `invoice_payment.paid`, which
 * may come before or after the `invoice.paid` that records the payment's row:
 * both take the invoice's lock, so whichever comes second completes the link.
 */
export async function lockInvoice(invoiceId: string, tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`invoice:${invoiceId}`}, 0))`);
}

/** `invoice_payment.paid`: keeps the link, and hands it to the payment's row if that is recorded already. */
export async function linkInvoicePayment(payment: Stripe.InvoicePayment, tx: Transaction): Promise<void> {
  const invoiceId = idOf(payment.invoice);
  const intentId = idOf(payment.payment.payment_intent);
  if (payment.status !== "paid" || !invoiceId || !intentId) return;
  await lockInvoice(invoiceId, tx);
  await tx.insert(invoicePayments).values({ invoiceId, paymentIntentId: intentId }).onConflictDoNothing({ target: invoicePayments.invoiceId });
  // The invoice's first paid payment is the one kept (an invoice is paid once).
  const linked = await intentOfInvoice(invoiceId, tx);
  await tx
    .update(purchases)
    .set({ paymentIntentId: linked, updatedAt: new Date() })
    .where(and(eq(purchases.kind, "plan"), eq(purchases.attemptId, invoiceId), isNull(purchases.paymentIntentId)));
}

/**
 * Before a refund or dispute of a PaymentIntent we know nothing of is handled:
 * asks Stripe whether it paid an invoice, and links it. That covers a Pro payment
 * recorded before the link existed, or an endpoint not sent `invoice_payment.paid`.
 * Runs outside the event's transaction (it is the network; see webhooks/index.ts).
 */
export async function linkIntentFromStripe(intentId: string): Promise<void> {
  const known = await db.select({ id: purchases.id }).from(purchases).where(eq(purchases.paymentIntentId, intentId));
  if (known.length) return;
  const linked = await db.select().from(invoicePayments).where(eq(invoicePayments.paymentIntentId, intentId));
  if (linked.length) return;
  const { data } = await stripe().invoicePayments.list({ payment: { type: "payment_intent", payment_intent: intentId }, status: "paid", limit: 1 });
  const [payment] = data;
  if (payment) await db.transaction((tx) => linkInvoicePayment(payment, tx));
}

/** The PaymentIntent that paid the invoice, if Stripe has said so yet (call under lockInvoice). */
export async function intentOfInvoice(invoiceId: string, tx: Transaction): Promise<string | null> {
  const [link] = await tx.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, invoiceId));
  return link?.paymentIntentId ?? null;
}
