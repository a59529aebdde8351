/**
 * Issue #19's last piece and #20 item 3: every paid Pro invoice (the first
 * month and each renewal) is a row of the purchase history with a receipt,
 * recorded once however often Stripe delivers its `invoice.paid`. Real
 * PostgreSQL, the Stripe sandbox and its test clocks.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { mailOutbox, purchases } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// Configuration is read once: the sandbox's keys go in before the app's modules load.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { ledgerProblems } = await import("../support/accounts");
const { invoicePaidEvents, proUser, restoreClock } = await import("../support/pro-user");
const { handleEvent, purchaseHistory, receiptForUser, plans } = await import("@/lib/payments");
const { subscribeToPro, reconcileAllowances } = await import("@/lib/payments/subscriptions/subscriptions");
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
