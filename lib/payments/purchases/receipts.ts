import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor, Transaction } from "@/db/client";
import { db } from "@/lib/db";
import { purchases, users, type Purchase, type PurchaseStatus } from "@/db/schema";
import { safeTimeZone } from "@/lib/credits/shared";
import { appUrl, queueMail } from "@/lib/mail";
import { receiptMail } from "@/lib/notifications";
import { cardLabel } from "../cards/cards";

/** The facts a receipt shows: on its page, in its e-mail, in print. */
export interface Receipt {
  purchaseId: string;
  kind: Purchase["kind"];
  /** "Credit package", "Custom amount", "Auto-refill", "Pro plan". */
  description: string;
  date: Date;
  amountCents: number;
  refundedCents: number;
  currency: string;
  credits: number;
  /** "Visa •••• 4242", or null when the card is not known (a payment that never reached a card). */
  card: string | null;
  status: PurchaseStatus;
  /** Stripe's own receipt (real Stripe only; the sandbox has none). */
  stripeReceiptUrl: string | null;
  billedTo: string;
  /** The month a Pro payment paid for; null for credit purchases. */
  period: { start: Date; end: Date } | null;
}

const descriptions: Record<Receipt["kind"], string> = {
  package: "Credit package",
  custom: "Custom amount",
  refill: "Auto-refill",
  plan: "Pro plan",
};

/** Statuses in which money was taken (and so a receipt exists). */
export const CHARGED_STATUSES: readonly PurchaseStatus[] = ["succeeded", "refunded", "partially_refunded", "disputed"];

export function hasReceipt(status: PurchaseStatus): boolean {
  return CHARGED_STATUSES.includes(status);
}

/**
 * The receipt of one of the user's own purchases; null for another account's
 * purchase, an unknown id, or a purchase that charged nothing — all "not found".
 */
export async function receiptForUser(userId: string, purchaseId: string, ex: Executor = db): Promise<Receipt | null> {
  // Ids are ours ("pur_…"); anything else (a NUL, a megabyte) never reaches PostgreSQL.
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(purchaseId)) return null;
  const [row] = await ex
    .select({ purchase: purchases, email: users.email })
    .from(purchases)
    .innerJoin(users, eq(users.id, purchases.userId))
    .where(and(eq(purchases.id, purchaseId), eq(purchases.userId, userId)))
    .limit(1);
  if (!row || !hasReceipt(row.purchase.status)) return null;
  const p = row.purchase;
  return {
    purchaseId: p.id,
    kind: p.kind,
    description: descriptions[p.kind],
    date: p.createdAt,
    amountCents: p.amountCents,
    refundedCents: p.refundedCents,
    currency: p.currency,
    credits: p.credits,
    card: p.cardBrand && p.cardLast4 ? cardLabel(p.cardBrand, p.cardLast4) : null,
    status: p.status,
    stripeReceiptUrl: p.receiptUrl && /^https:\/\//.test(p.receiptUrl) ? p.receiptUrl : null,
    billedTo: row.email,
    period: p.periodStart && p.periodEnd ? { start: p.periodStart, end: p.periodEnd } : null,
  };
}

/**
 * Queues the receipt e-mail of a purchase that has just been credited, in the
 * transaction that credited it (fulfil's), so it goes once however many doors
 * saw the success. Receipts are not optional; a deleted account gets none.
 */
export async function queueReceiptMail(purchase: Purchase, tx: Transaction): Promise<void> {
  const [user] = await tx
    .select({ email: users.email, deletedAt: users.deletedAt, timeZone: users.timeZone })
    .from(users)
    .where(eq(users.id, purchase.userId));
  if (!user || user.deletedAt) return;
  await queueMail(
    tx,
    receiptMail({
      to: user.email,
      description: descriptions[purchase.kind],
      date: purchase.createdAt,
      timeZone: safeTimeZone(user.timeZone),
      amountCents: purchase.amountCents,
      credits: purchase.credits,
      card: purchase.cardBrand && purchase.cardLast4 ? cardLabel(purchase.cardBrand, purchase.cardLast4) : null,
      reference: purchase.id,
      link: { label: "View your receipt", href: appUrl(`/settings/billing/receipts/${purchase.id}`) },
    }),
  );
}
