import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { notifications, purchases, refills } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// DESIGN.md §4.9, "money that comes back stays back": a refund or a dispute takes the
// purchase's credits back wherever they are, and nothing it took can be spent again.
// Configuration is read once: the sandbox's keys go in before the app's modules load.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { debit, getBalance, grantCredits } = await import("@/lib/credits");
const { ledgerProblems } = await import("../support/accounts");
const { apiClient, call } = await import("../support/api");
const { getAutoRefill, handleEvent, listCards, purchaseCredits, reconcilePayments, saveAutoRefill, stripe } = await import("@/lib/payments");
afterAll(() => harness.close());

const VISA = "4242424242424242";
const DISPUTED = "4000000000000259";

/** An API client that has bought the $20 package (500 credits) with a new, saved card. */
async function buyer(label: string, card = VISA) {
  const client = await apiClient(label);
  const outcome = await purchaseCredits(client.user, {
    attemptId: randomUUID(),
    choice: { packageIndex: 0 },
    paymentMethodId: await harness.tokenize(card),
    newCard: true,
    saveCard: true,
    returnUrl: "http://localhost:3000/settings/billing",
  });
  expect(outcome.status).toBe("succeeded");
  await harness.sandbox.webhooksIdle();
  const purchase = async () => (await db.select().from(purchases).where(eq(purchases.id, outcome.purchase.id)))[0]!;
  return { ...client, purchase, intentId: outcome.purchase.paymentIntentId! };
}

async function hold(key: string, maxCredits: number) {
  const res = await call("POST", "/api/v1/holds", {
    key,
    idempotencyKey: randomUUID(),
    body: { feature: "chat", model: "claude-sonnet-4.5", maxCredits },
  });
  expect(res.status).toBe(201);
  return res.body.holdId as string;
}

describe("a refund under a pending hold", () => {
  it("takes back the held credits: releasing the hold afterwards returns none of them", async () => {
    const { key, accountId, purchase, intentId } = await buyer("refund-hold");
    const holdId = await hold(key, 500);
    await stripe().refunds.create({ payment_intent: intentId });
    await expect.poll(async () => (await purchase()).status).toBe("refunded");
    expect(await purchase()).toMatchObject({ refundedCents: 2_000, unrecoveredCredits: 0 });
    expect(await getBalance(accountId)).toMatchObject({ balance: 0, held: 0 });

    expect((await call("POST", `/api/v1/holds/${holdId}/release`, { key })).status).toBe(200);
    expect(await getBalance(accountId)).toMatchObject({ balance: 0, available: 0, held: 0 });
    expect(await debit({ accountId, credits: 1, feature: "chat", model: "claude-sonnet-4.5" })).toMatchObject({
      outcome: "insufficient_credits",
    });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("a partial refund shrinks the hold: a capture can take at most what is left", async () => {
    const { key, accountId, purchase, intentId } = await buyer("refund-partial-hold");
    const holdId = await hold(key, 500);
    await stripe().refunds.create({ payment_intent: intentId, amount: 1_000 }); // half: 250 credits
    await expect.poll(async () => (await purchase()).status).toBe("partially_refunded");
    expect(await purchase()).toMatchObject({ unrecoveredCredits: 0 });
    expect(await getBalance(accountId)).toMatchObject({ balance: 250, held: 250 });

    const over = await call("POST", `/api/v1/holds/${holdId}/capture`, { key, body: { credits: 251 } });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe("hold_exceeded");
    const captured = await call("POST", `/api/v1/holds/${holdId}/capture`, { key, body: { credits: 200 } });
    expect(captured.status).toBe(200);
    expect(await getBalance(accountId)).toMatchObject({ balance: 50, available: 50, held: 0 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("takes what is unreserved first, then from the hold, and records only what was spent as unrecovered", async () => {
    const { key, accountId, purchase, intentId } = await buyer("refund-mixed");
    await debit({ accountId, credits: 100, feature: "chat", model: "claude-sonnet-4.5" });
    const holdId = await hold(key, 300); // 100 left unreserved
    await stripe().refunds.create({ payment_intent: intentId });
    await expect.poll(async () => (await purchase()).status).toBe("refunded");
    expect(await purchase()).toMatchObject({ unrecoveredCredits: 100 });
    expect(await getBalance(accountId)).toMatchObject({ balance: 0, held: 0 });
    const captured = await call("POST", `/api/v1/holds/${holdId}/capture`, { key, body: { credits: 0 } });
    expect(captured.status).toBe(200);
    expect(await getBalance(accountId)).toMatchObject({ balance: 0 });
    expect(await ledgerProblems()).toEqual([]);
  });
});

describe("partial refunds told at the same time", () => {
  it("take back exactly the refunded share once: 400 unspent and 100 spent of 500, however the five deliveries interleave", async () => {
    for (let round = 0; round < 4; round++) {
      const { accountId, purchase, intentId } = await buyer(`refund-race-${round}`);
      await debit({ accountId, credits: 100, feature: "chat", model: "claude-sonnet-4.5" });
      // Five refunds of $4 each (100 credits of the 500), whose webhooks are then delivered all at once.
      await harness.withoutWebhooks(async () => {
        for (let i = 0; i < 5; i++) await stripe().refunds.create({ payment_intent: intentId, amount: 400 });
      });
      const { data } = await stripe().events.list({ type: "charge.refunded", limit: 100 });
      const mine = data.filter((e) => (e.data.object as Stripe.Charge).payment_intent === intentId);
      expect(mine).toHaveLength(5);
      await Promise.all(mine.map((event) => handleEvent(event)));
      expect(await purchase()).toMatchObject({ status: "refunded", creditsTakenBack: 400, unrecoveredCredits: 100 });
      expect(await getBalance(accountId)).toMatchObject({ balance: 0 });
    }
    expect(await ledgerProblems()).toEqual([]);
  });
});

describe("taking credits back never queues an auto-refill", () => {
  it("a refund that drops the balance below the threshold charges nothing; spending still does", async () => {
    const { accountId, purchase, intentId } = await buyer("refund-refill");
    await saveAutoRefill(accountId, { enabled: true, thresholdCredits: 100, refillCredits: 500, monthlyLimitCents: 50_000, paymentMethodId: null });
    const queued = () => db.select().from(refills).where(eq(refills.accountId, accountId));
    expect(await queued()).toHaveLength(0);

    await stripe().refunds.create({ payment_intent: intentId });
    await expect.poll(async () => (await purchase()).status).toBe("refunded");
    expect(await getBalance(accountId)).toMatchObject({ balance: 0 });
    expect(await queued()).toHaveLength(0);

    // Spending below the threshold is what queues a refill.
    await grantCredits({ accountId, source: "promo", amount: 50 });
    await debit({ accountId, credits: 1, feature: "chat", model: "claude-sonnet-4.5" });
    expect(await queued()).toHaveLength(1);
  });
});

/** The dispute Stripe opened on this PaymentIntent's charge (the sandbox opens it shortly after the payment). */
async function disputeOf(intentId: string) {
  let dispute: Stripe.Dispute | undefined;
  await expect
    .poll(async () => (dispute = (await stripe().disputes.list({ payment_intent: intentId })).data[0]), { timeout: 5_000 })
    .toBeDefined();
  return dispute!;
}

/** Delivers one of Stripe's recorded events to the webhook route, signed, as a (re)delivery would. */
async function deliver(type: Stripe.Event.Type, disputeId: string, freshId = false) {
  const events = await stripe().events.list({ type, limit: 100 });
  const event = events.data.find((e) => (e.data.object as { id: string }).id === disputeId);
  expect(event).toBeDefined();
  const payload = JSON.stringify(freshId ? { ...event, id: `evt_${randomUUID()}` } : event);
  const header = stripe().webhooks.generateTestHeaderString({ payload, secret: harness.sandbox.webhookSecret });
  const res = await harness.webhookRoute.POST(
    new Request("http://localhost/api/stripe/webhook", { method: "POST", headers: { "stripe-signature": header }, body: payload }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { outcome: string };
}

/**
 * A disputed purchase whose dispute webhook has not arrived yet: 500 credits
 * bought with the 0259 card, auto-refill on, 100 spent, 200 held, 200 free.
 */
async function disputedBuyer(label: string) {
  return harness.withoutWebhooks(async () => {
    const client = await buyer(label, DISPUTED);
    await saveAutoRefill(client.accountId, { enabled: true, thresholdCredits: 100, refillCredits: 500, monthlyLimitCents: 50_000, paymentMethodId: null });
    await debit({ accountId: client.accountId, credits: 100, feature: "chat", model: "claude-sonnet-4.5" });
    const holdId = await hold(client.key, 200);
    await db.delete(refills).where(eq(refills.accountId, client.accountId)); // the spending's own refill is not under test
    const dispute = await disputeOf(client.intentId);
    const [card] = await listCards(client.user.id);
    return { ...client, holdId, dispute, cardId: card!.id };
  });
}

function buyAgain(user: { id: string; email: string; name: string | null }, cardId: string) {
  return purchaseCredits(user, {
    attemptId: randomUUID(),
    choice: { packageIndex: 0 },
    paymentMethodId: cardId,
    newCard: false,
    saveCard: false,
    returnUrl: "http://localhost:3000/settings/billing",
  });
}

describe("a dispute", () => {
  it("takes the purchase's credits back (holds included), pauses auto-refill, refuses the card and tells the user; replays change nothing", async () => {
    const { user, accountId, purchase, holdId, key, dispute, cardId } = await disputedBuyer("dispute-open");
    expect((await deliver("charge.dispute.created", dispute.id)).outcome).toBe("handled");

    expect(await getBalance(accountId)).toMatchObject({ balance: 0, available: 0, held: 0 });
    expect(await purchase()).toMatchObject({ status: "disputed", unrecoveredCredits: 100 });
    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: false, pausedReason: expect.stringMatching(/dispute/i) });
    expect(await db.select().from(refills).where(eq(refills.accountId, accountId))).toHaveLength(0);
    const notes = await db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(notes.map((n) => n.title)).toContain("A payment is disputed");
    await expect(buyAgain(user, cardId)).rejects.toMatchObject({ code: "invalid_request", param: "paymentMethodId" });
    // Releasing the shrunk hold returns none of the disputed credits.
    expect((await call("POST", `/api/v1/holds/${holdId}/release`, { key })).status).toBe(200);
    expect(await getBalance(accountId)).toMatchObject({ balance: 0 });

    // The same event again, a fresh delivery of it, and funds_withdrawn: nothing more is taken.
    expect((await deliver("charge.dispute.created", dispute.id)).outcome).toBe("duplicate");
    await deliver("charge.dispute.created", dispute.id, true);
    await deliver("charge.dispute.funds_withdrawn", dispute.id, true);
    await grantCredits({ accountId, source: "promo", amount: 30 });
    await deliver("charge.dispute.created", dispute.id, true);
    expect(await getBalance(accountId)).toMatchObject({ balance: 30 });
    expect(await purchase()).toMatchObject({ unrecoveredCredits: 100 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("won: grants back exactly what it took, once; the card works again", async () => {
    const { user, accountId, purchase, dispute, cardId } = await disputedBuyer("dispute-won");
    await deliver("charge.dispute.created", dispute.id);
    expect(await getBalance(accountId)).toMatchObject({ balance: 0 });

    await stripe().disputes.update(dispute.id, { evidence: { uncategorized_text: "winning_evidence" }, submit: true });
    await harness.sandbox.webhooksIdle();
    // It took 400 (200 free, 200 held); the 100 spent were never taken.
    expect(await getBalance(accountId)).toMatchObject({ balance: 400, held: 0 });
    expect(await purchase()).toMatchObject({ status: "succeeded" });
    await deliver("charge.dispute.closed", dispute.id, true);
    await deliver("charge.dispute.closed", dispute.id);
    expect(await getBalance(accountId)).toMatchObject({ balance: 400 });
    expect(await ledgerProblems()).toEqual([]);
    expect((await buyAgain(user, cardId)).status).toBe("succeeded");
  });

  it("won, then refunded after all: the refund takes back what the win gave back (400), and 100 spent stay unrecovered", async () => {
    const { accountId, purchase, dispute, intentId } = await disputedBuyer("dispute-won-refund");
    await deliver("charge.dispute.created", dispute.id);
    await stripe().disputes.update(dispute.id, { evidence: { uncategorized_text: "winning_evidence" }, submit: true });
    await harness.sandbox.webhooksIdle();
    expect(await getBalance(accountId)).toMatchObject({ balance: 400 });

    await stripe().refunds.create({ payment_intent: intentId });
    await harness.sandbox.webhooksIdle();
    expect(await getBalance(accountId)).toMatchObject({ balance: 0 });
    expect(await purchase()).toMatchObject({ status: "refunded", creditsTakenBack: 400, unrecoveredCredits: 100 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("lost: what it took stays taken", async () => {
    const { accountId, purchase, dispute } = await disputedBuyer("dispute-lost");
    await deliver("charge.dispute.created", dispute.id);
    await stripe().disputes.update(dispute.id, { evidence: { uncategorized_text: "losing_evidence" }, submit: true });
    await harness.sandbox.webhooksIdle();
    await deliver("charge.dispute.closed", dispute.id, true);
    expect(await getBalance(accountId)).toMatchObject({ balance: 0 });
    expect(await purchase()).toMatchObject({ status: "disputed", unrecoveredCredits: 100 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("the 0259 card end to end: the dispute's webhook takes the credits back; close() loses it", async () => {
    const { accountId, purchase, intentId } = await buyer("dispute-e2e", DISPUTED);
    await expect.poll(async () => (await purchase()).status, { timeout: 5_000 }).toBe("disputed");
    await harness.sandbox.webhooksIdle();
    expect(await getBalance(accountId)).toMatchObject({ balance: 0 });
    await stripe().disputes.close((await disputeOf(intentId)).id);
    await harness.sandbox.webhooksIdle();
    expect(await getBalance(accountId)).toMatchObject({ balance: 0 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("reconciliation notices a dispute whose webhooks never arrived, once", async () => {
    const { accountId, dispute } = await disputedBuyer("dispute-missed");
    const first = await reconcilePayments();
    expect(first.disputes).toContain(dispute.id);
    expect(await getBalance(accountId)).toMatchObject({ balance: 0, held: 0 });
    const second = await reconcilePayments();
    expect(second.disputes).not.toContain(dispute.id);
    expect(await ledgerProblems()).toEqual([]);
  });
});

describe("the support console", () => {
  it("shows a purchase's refunded and disputed amounts, the credits taken back and those already spent", async () => {
    const { userLedger } = await import("@/lib/reports");
    const refunded = await buyer("support-refund");
    await debit({ accountId: refunded.accountId, credits: 100, feature: "chat", model: "claude-sonnet-4.5" });
    await stripe().refunds.create({ payment_intent: refunded.intentId, amount: 1_000 });
    await expect.poll(async () => (await refunded.purchase()).status).toBe("partially_refunded");
    const [row] = (await userLedger(refunded.user.id))!.purchases;
    expect(row).toMatchObject({ disputedCents: 0, purchase: { refundedCents: 1_000, creditsTakenBack: 250, unrecoveredCredits: 0 } });

    const disputed = await disputedBuyer("support-dispute");
    await deliver("charge.dispute.created", disputed.dispute.id);
    const [d] = (await userLedger(disputed.user.id))!.purchases;
    expect(d).toMatchObject({
      disputedCents: 2_000,
      disputes: [{ id: disputed.dispute.id, status: "open", taken: 400, returned: 0 }],
      purchase: { status: "disputed", creditsTakenBack: 400, unrecoveredCredits: 100 },
    });
  });
});
