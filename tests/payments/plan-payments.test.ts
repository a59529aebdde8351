/**
 * Issue #19's last piece and #20 item 3: every paid Pro invoice (the first
 * month and each renewal) is a row of the purchase history with a receipt,
 * recorded once however often Stripe delivers its `invoice.paid`. Real
 * PostgreSQL, the Stripe sandbox and its test clocks.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { invoicePayments, mailOutbox, purchases } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// Configuration is read once: the sandbox's keys go in before the app's modules load.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { ledgerProblems } = await import("../support/accounts");
const { invoicePaidEvents, proUser, restoreClock } = await import("../support/pro-user");
const { handleEvent, purchaseHistory, receiptForUser, plans, stripe } = await import("@/lib/payments");
const { debit, getBalance } = await import("@/lib/credits");
const { subscribeToPro, reconcileAllowances, setCancelAtPeriodEnd } = await import("@/lib/payments/subscriptions/subscriptions");
afterAll(() => harness.close());

afterEach(() => restoreClock());

async function planRows(userId: string) {
  return (await purchaseHistory(userId)).filter((p) => p.kind === "plan");
}

async function receiptsMailed(email: string) {
  return db.select().from(mailOutbox).where(and(eq(mailOutbox.to, email), eq(mailOutbox.category, "receipt")));
}

describe("Pro payments in the purchase history", () => {
  it("the first month is a paid row with a receipt (plan, period, amount, card) and one receipt e-mail linking to it", async () => {
    const { user } = await proUser(harness, "plan-pay");
    await subscribeToPro(user);
    await harness.sandbox.webhooksIdle();

    const rows = await planRows(user.id);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ kind: "plan", status: "succeeded", amountCents: plans.pro.priceCents, credits: plans.pro.monthlyCredits, cardLast4: "4242" });

    const receipt = await receiptForUser(user.id, row!.id);
    expect(receipt).toMatchObject({
      kind: "plan",
      description: "Pro plan",
      amountCents: 2_000,
      card: "Visa •••• 4242",
      status: "succeeded",
      period: { start: new Date("2026-03-10T12:00:00Z"), end: new Date("2026-04-10T12:00:00Z") },
    });

    const mails = await receiptsMailed(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("Pro plan, first month");
    expect(mails[0]!.text).toContain(`/settings/billing/receipts/${row!.id}`);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("a replayed invoice.paid, a re-sent event and reconciliation record the payment once; a renewal adds its own row", async () => {
    const { user, advance } = await proUser(harness, "plan-pay");
    const sub = await subscribeToPro(user);
    await harness.sandbox.webhooksIdle();
    const [event] = await invoicePaidEvents(sub.id);
    expect(event).toBeDefined();
    // The same event again, the same invoice under a new event id, and the reconciliation job.
    expect(await handleEvent(event!)).toBe("duplicate");
    expect(await handleEvent({ ...event!, id: `${event!.id}_resent` })).toBe("handled");
    await reconcileAllowances({ sinceHours: 24 * 366 });
    expect(await planRows(user.id)).toHaveLength(1);
    expect(await receiptsMailed(user.email)).toHaveLength(1);

    await advance(new Date("2026-04-10T12:00:05Z"));
    const rows = await planRows(user.id);
    expect(rows).toHaveLength(2);
    const renewal = await receiptForUser(user.id, rows[0]!.id);
    expect(renewal).toMatchObject({ status: "succeeded", amountCents: 2_000, period: { start: new Date("2026-04-10T12:00:00Z"), end: new Date("2026-05-10T12:00:00Z") } });
    const mails = await receiptsMailed(user.email);
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.text).join("\n")).toContain("Pro plan renewal");
    expect(await ledgerProblems()).toEqual([]);
  });

  it("concurrent deliveries of one invoice under different event ids record one row", async () => {
    const { user } = await proUser(harness, "plan-pay");
    const sub = await subscribeToPro(user);
    await harness.sandbox.webhooksIdle();
    const [event] = await invoicePaidEvents(sub.id);
    await db.delete(purchases).where(eq(purchases.userId, user.id));
    await Promise.all(Array.from({ length: 8 }, (_, i) => handleEvent({ ...event!, id: `${event!.id}_copy${i}` })));
    expect(await planRows(user.id)).toHaveLength(1);
  });
});

/** The PaymentIntent that paid a Pro payment's invoice (Stripe names it only through the Invoice Payments API). */
async function intentOfPlanRow(invoiceId: string): Promise<string> {
  const { data } = await stripe().invoicePayments.list({ invoice: invoiceId });
  const intent = data.find((p) => p.status === "paid")?.payment.payment_intent;
  expect(intent).toBeDefined();
  return typeof intent === "string" ? intent : intent!.id;
}

/** A user on Pro since 2026-03-10 with its first month paid (by `card`): the payment's row and PaymentIntent. */
async function paidPro(label: string, card?: string) {
  const pro = await proUser(harness, label, undefined, card);
  const sub = await subscribeToPro(pro.user);
  await harness.sandbox.webhooksIdle();
  const [row] = await planRows(pro.user.id);
  expect(row).toBeDefined();
  return { ...pro, sub, row: row!, intentId: await intentOfPlanRow(row!.attemptId) };
}

const planRow = async (id: string) => (await db.select().from(purchases).where(eq(purchases.id, id)))[0];

/** The `invoice_payment.paid` events Stripe sent for one invoice. */
async function invoicePaymentEvents(invoiceId: string) {
  const { data } = await stripe().events.list({ type: "invoice_payment.paid", limit: 100 });
  return data.filter((e) => (e.data.object as { invoice: string }).invoice === invoiceId);
}

const DISPUTED = "4000000000000259";

describe("money back on a Pro payment (DESIGN.md §4.9)", () => {
  it("a refund takes back what is left of the month's allowance; what was spent is recorded; the row shows the refund", async () => {
    const { accountId, row, intentId } = await paidPro("plan-refund");
    expect((await getBalance(accountId)).balance).toBe(500);
    await debit({ accountId, credits: 120, feature: "chat", model: "claude-sonnet-4.5" });

    await stripe().refunds.create({ payment_intent: intentId });
    await harness.sandbox.webhooksIdle();

    expect((await getBalance(accountId)).balance).toBe(0);
    expect(await planRow(row.id)).toMatchObject({ status: "refunded", refundedCents: 2_000, creditsTakenBack: 380, unrecoveredCredits: 120 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("the payment's PaymentIntent is linked whichever of invoice.paid and invoice_payment.paid comes first", async () => {
    const { sub, row, intentId } = await paidPro("plan-link");
    const [paid] = await invoicePaidEvents(sub.id);
    const [told] = await invoicePaymentEvents(row.attemptId);
    expect(paid && told).toBeDefined();
    expect((await planRow(row.id))?.paymentIntentId).toBe(intentId);

    for (const [first, second] of [[paid!, told!], [told!, paid!]] as const) {
      await db.delete(purchases).where(eq(purchases.id, row.id));
      await db.delete(invoicePayments).where(eq(invoicePayments.invoiceId, row.attemptId));
      await handleEvent({ ...first, id: `${first.id}_${Math.random()}` });
      await handleEvent({ ...second, id: `${second.id}_${Math.random()}` });
      expect((await planRow(row.id))?.paymentIntentId).toBe(intentId);
    }
  });

  it("a refund of a Pro payment we never heard the link of (recorded before it, or invoice_payment.paid not sent) asks Stripe", async () => {
    const { accountId, row, intentId } = await paidPro("plan-unlinked");
    await db.update(purchases).set({ paymentIntentId: null }).where(eq(purchases.id, row.id));
    await db.delete(invoicePayments).where(eq(invoicePayments.invoiceId, row.attemptId));

    await stripe().refunds.create({ payment_intent: intentId });
    await harness.sandbox.webhooksIdle();
    expect((await getBalance(accountId)).balance).toBe(0);
    expect(await planRow(row.id)).toMatchObject({ status: "refunded", paymentIntentId: intentId, creditsTakenBack: 500 });
  });

  it("a refund told before the payment's own invoice.paid is recorded is refused for a retry, then applied", async () => {
    const { accountId, sub, row, intentId } = await paidPro("plan-early-refund");
    const [paid] = await invoicePaidEvents(sub.id);
    await db.delete(purchases).where(eq(purchases.id, row.id));
    await harness.withoutWebhooks(() => stripe().refunds.create({ payment_intent: intentId }));
    const [refunded] = (await stripe().events.list({ type: "charge.refunded", limit: 100 })).data.filter(
      (e) => (e.data.object as { payment_intent: string }).payment_intent === intentId,
    );

    await expect(handleEvent(refunded!)).rejects.toMatchObject({ code: "service_unavailable" });
    expect((await getBalance(accountId)).balance).toBe(500);
    expect(await handleEvent({ ...paid!, id: `${paid!.id}_late` })).toBe("handled");
    expect(await handleEvent(refunded!)).toBe("handled"); // Stripe's retry
    expect((await getBalance(accountId)).balance).toBe(0);
    expect(await planRow(row.id)).toMatchObject({ status: "refunded", creditsTakenBack: 500 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("a dispute (the 0259 card) takes the allowance back as a refund does, once however often the link is told", async () => {
    const { accountId, row } = await paidPro("plan-dispute", DISPUTED);
    const [told] = await invoicePaymentEvents(row.attemptId);
    expect(await handleEvent({ ...told!, id: `${told!.id}_again` })).toBe("handled");

    await expect.poll(async () => (await planRow(row.id))?.status).toBe("disputed");
    await harness.sandbox.webhooksIdle();
    expect((await getBalance(accountId)).balance).toBe(0);
    expect(await planRow(row.id)).toMatchObject({ status: "disputed", creditsTakenBack: 500, unrecoveredCredits: 0 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("a won dispute gives back what it took: allowance ending with its month, or, once the month is over, credits that keep", async () => {
    for (const late of [false, true]) {
      const { user, accountId, advance, row, intentId } = await paidPro(late ? "plan-won-late" : "plan-won", DISPUTED);
      await expect.poll(async () => (await planRow(row.id))?.status).toBe("disputed");
      await harness.sandbox.webhooksIdle();
      expect((await getBalance(accountId)).balance).toBe(0);
      if (late) {
        // The month it paid for ends, with no renewal (whose own charge would be disputed too).
        await setCancelAtPeriodEnd(user.id, true);
        await advance(new Date("2026-04-11T12:00:00Z"));
      }
      const [dispute] = (await stripe().disputes.list({ payment_intent: intentId })).data;
      await stripe().disputes.update(dispute!.id, { evidence: { uncategorized_text: "winning_evidence" }, submit: true });
      await harness.sandbox.webhooksIdle();

      expect(await planRow(row.id)).toMatchObject({ status: "succeeded", creditsTakenBack: 0, unrecoveredCredits: 0 });
      const { balance, grants } = await getBalance(accountId);
      expect(balance).toBe(500);
      expect(grants).toEqual([
        late
          ? expect.objectContaining({ amount: 500, source: "purchase", expiresAt: null })
          : expect.objectContaining({ amount: 500, source: "allowance", expiresAt: expect.stringMatching(/^2026-04-10T12:00:00/) }),
      ]);
      expect(await ledgerProblems()).toEqual([]);
    }
  });
});
