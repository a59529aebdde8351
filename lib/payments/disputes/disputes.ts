import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Transaction } from "@/db/client";
import { db } from "@/lib/db";
import { autoRefillSettings, disputes, purchases, type GrantSource, type Purchase } from "@/db/schema";
import { clawBackOwed, formatUsd, grantCredits, now } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import { notify } from "@/lib/notifications";
import { pauseAutoRefill } from "../auto-refill/settings";
import { purchaseForMoneyBack } from "../purchases/money-back";
import { idOf } from "../stripe";

/**
 * Disputes (DESIGN.md §4.9). Opening one takes the purchase's credits back as
 * a refund does (pending holds included), pauses auto-refill and refuses the
 * card until it closes; a win grants back exactly what was taken, once; a
 * loss keeps it taken. Each function runs in the webhook's (or the
 * reconciliation's) transaction and touches nothing outside it.
 */

export const DISPUTE_PAUSE_REASON = "A payment of yours is disputed with your bank, so we will not charge your cards by ourselves until it is resolved.";

/** What a dispute event did: `changed` is false when it had nothing left to do (a replay). */
export type DisputeOutcome = { changed: boolean; note: string };
const unchanged = (note: string): DisputeOutcome => ({ changed: false, note });
const changed = (note: string): DisputeOutcome => ({ changed: true, note });

const credits = (n: number) => `${n.toLocaleString("en-US")} credit${n === 1 ? "" : "s"}`;

/** Records a dispute and takes its credits back, once per dispute however often Stripe tells us. */
export async function openDispute(dispute: Stripe.Dispute, tx: Transaction): Promise<DisputeOutcome> {
  const intentId = idOf(dispute.payment_intent);
  if (!intentId) return unchanged("no PaymentIntent");
  const purchase = await purchaseForMoneyBack(intentId, tx);
  if (!purchase) return unchanged("not one of our purchases");
  // The row first: a concurrent event for the same dispute waits on its key and then finds it.
  const [fresh] = await tx
    .insert(disputes)
    .values({
      id: dispute.id,
      purchaseId: purchase.id,
      accountId: purchase.accountId,
      paymentMethodId: purchase.paymentMethodId,
      amountCents: dispute.amount,
      reason: dispute.reason,
      status: "open",
      creditsTaken: 0,
      creditsUnrecovered: 0,
      createdAt: new Date(dispute.created * 1000),
    })
    .onConflictDoNothing()
    .returning({ id: disputes.id });
  if (!fresh) return unchanged(`dispute ${dispute.id} already recorded`);

  // Cumulative with refunds, as clawBackOwed counts: what refunds already asked back is not asked twice.
  const disputedCents = Math.min(purchase.amountCents, purchase.refundedCents + dispute.amount);
  const owed = Math.floor((purchase.credits * disputedCents) / purchase.amountCents);
  const result = await clawBackOwed(
    {
      accountId: purchase.accountId,
      grantRef: purchase.grantRef ?? intentId,
      returned: await returnedByDisputes(purchase.id, tx),
      owedCredits: owed,
      externalRef: `dispute:${dispute.id}`,
    },
    tx,
  );
  const taken = result?.taken ?? 0;
  const unrecovered = result ? result.requested - result.taken : 0;
  await tx.update(disputes).set({ creditsTaken: taken, creditsUnrecovered: unrecovered }).where(eq(disputes.id, dispute.id));
  await tx
    .update(purchases)
    .set({
      status: "disputed",
      disputedAt: new Date(dispute.created * 1000),
      creditsTakenBack: sql`${purchases.creditsTakenBack} + ${taken}`,
      unrecoveredCredits: sql`${purchases.unrecoveredCredits} + ${unrecovered}`,
      updatedAt: new Date(),
    })
    .where(eq(purchases.id, purchase.id));

  // A card whose payment is disputed is not charged again by ourselves.
  const [refill] = await tx.select().from(autoRefillSettings).where(eq(autoRefillSettings.accountId, purchase.accountId));
  if (refill?.enabled) await pauseAutoRefill(purchase.accountId, DISPUTE_PAUSE_REASON, tx);

  await notify(
    purchase.userId,
    {
      kind: "payment_disputed",
      title: "A payment is disputed",
      body:
        `Your bank disputed the ${formatUsd(dispute.amount)} payment for ${credits(purchase.credits)}. ` +
        `We took back ${credits(taken)}${unrecovered > 0 ? ` (${credits(unrecovered)} had already been used)` : ""}. ` +
        "That card cannot be used for new payments and auto-refill is paused until the dispute is resolved.",
      href: "/settings/billing",
    },
    tx,
  );
  return changed(`dispute ${dispute.id}: took back ${taken} credits, ${unrecovered} unrecovered`);
}

/** Ends a dispute: won (or closed as a mere warning) grants back what it took, once; lost keeps it taken. */
export async function closeDispute(dispute: Stripe.Dispute, tx: Transaction): Promise<DisputeOutcome> {
  // A close whose opening we never saw: take the credits first, so that a win returns exactly that.
  const opened = await openDispute(dispute, tx);
  const won = dispute.status === "won" || dispute.status === "warning_closed";
  if (!won && dispute.status !== "lost") return opened;
  const [row] = await tx
    .update(disputes)
    .set({ status: won ? "won" : "lost", closedAt: new Date() })
    .where(and(eq(disputes.id, dispute.id), eq(disputes.status, "open")))
    .returning();
  if (!row) return unchanged(`dispute ${dispute.id} already closed`);
  const [purchase] = await tx.select().from(purchases).where(eq(purchases.id, row.purchaseId));
  if (!purchase) return unchanged(`dispute ${dispute.id}: purchase missing`);
  if (!won) {
    await notify(
      purchase.userId,
      {
        kind: "payment_dispute_lost",
        title: "A disputed payment was refunded by your bank",
        body: `The dispute of the ${formatUsd(row.amountCents)} payment is closed in your favour; the ${credits(row.creditsTaken)} we took back stay removed. The card can be used again.`,
        href: "/settings/billing",
      },
      tx,
    );
    return changed(`dispute ${dispute.id} lost: ${row.creditsTaken} credits stay taken`);
  }

  const returned = row.creditsTaken;
  if (returned > 0) {
    await grantCredits(
      {
        accountId: row.accountId,
        ...grantKindOf(purchase),
        amount: returned,
        externalRef: `dispute-won:${dispute.id}`,
        metadata: { purchaseId: purchase.id, disputeId: dispute.id },
      },
      tx,
    );
  }
  await tx.update(disputes).set({ creditsReturned: returned }).where(eq(disputes.id, dispute.id));
  await tx
    .update(purchases)
    .set({
      status: statusWithoutDispute(purchase),
      creditsTakenBack: sql`${purchases.creditsTakenBack} - ${returned}`,
      unrecoveredCredits: sql`${purchases.unrecoveredCredits} - ${row.creditsUnrecovered}`,
      updatedAt: new Date(),
    })
    .where(eq(purchases.id, purchase.id));
  await notify(
    purchase.userId,
    {
      kind: "payment_dispute_won",
      title: "A disputed payment stands",
      body: `The dispute of the ${formatUsd(row.amountCents)} payment was decided for the payment: the ${credits(returned)} we took back are yours again. The card can be used again; turn auto-refill back on in Settings › Billing if you want it.`,
      href: "/settings/billing",
    },
    tx,
  );
  return changed(`dispute ${dispute.id} won: granted back ${returned} credits once`);
}

/**
 * What a won dispute's credits come back as: a Pro payment's as allowance that
 * ends with the month it paid for, while that month lasts; once it is over, as
 * credits that keep (the dispute took them; they are returned, whole).
 */
function grantKindOf(purchase: Purchase): { source: GrantSource; expiresAt?: Date } {
  if (purchase.kind === "plan" && purchase.periodEnd && purchase.periodEnd > now()) {
    return { source: "allowance", expiresAt: purchase.periodEnd };
  }
  return { source: purchase.kind === "refill" ? "refill" : "purchase" };
}

function statusWithoutDispute(purchase: Purchase): Purchase["status"] {
  if (purchase.refundedCents >= purchase.amountCents) return "refunded";
  return purchase.refundedCents > 0 ? "partially_refunded" : "succeeded";
}

/**
 * What won disputes of this purchase undid: each one's clawback, and the grant that gave
 * its credits back, which a later refund or dispute takes from too (clawBackOwed).
 */
export async function returnedByDisputes(purchaseId: string, tx: Transaction): Promise<{ grantRef: string; undid: string }[]> {
  const won = await tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(eq(disputes.purchaseId, purchaseId), eq(disputes.status, "won")));
  return won.map((d) => ({ grantRef: `dispute-won:${d.id}`, undid: `dispute:${d.id}` }));
}

/** Whether one of this card's payments is disputed and not yet closed. */
export async function cardUnderDispute(paymentMethodId: string): Promise<boolean> {
  const [open] = await db
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(eq(disputes.paymentMethodId, paymentMethodId), eq(disputes.status, "open")))
    .limit(1);
  return Boolean(open);
}

/** Refuses a card while one of its payments is disputed (new purchases; auto-refill stops on it). */
export async function refuseDisputedCard(paymentMethodId: string): Promise<void> {
  if (await cardUnderDispute(paymentMethodId)) {
    throw new AppError("invalid_request", "A payment with this card is disputed. Use another card until the dispute is resolved.", {
      status: 422,
      param: "paymentMethodId",
    });
  }
}

/**
 * A user's latest purchases for the support console (DESIGN.md §4.9): what was
 * refunded and disputed, the credits taken back and what could not be, since
 * it was already spent.
 */
export async function purchasesForSupport(userId: string, limit = 20) {
  const rows = await db.select().from(purchases).where(eq(purchases.userId, userId)).orderBy(desc(purchases.createdAt)).limit(limit);
  const ids = rows.map((p) => p.id);
  const all = ids.length ? await db.select().from(disputes).where(inArray(disputes.purchaseId, ids)) : [];
  return rows.map((p) => {
    const mine = all.filter((d) => d.purchaseId === p.id);
    return {
      purchase: p,
      disputedCents: mine.reduce((n, d) => n + d.amountCents, 0),
      disputes: mine.map((d) => ({ id: d.id, status: d.status, amountCents: d.amountCents, taken: d.creditsTaken, returned: d.creditsReturned })),
    };
  });
}
