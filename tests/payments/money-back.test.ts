import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { purchases, refills } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// DESIGN.md §4.9, "money that comes back stays back": a refund or a dispute takes the
// purchase's credits back wherever they are, and nothing it took can be spent again.
// Configuration is read once: the sandbox's keys go in before the app's modules load.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { debit, getBalance, grantCredits } = await import("@/lib/credits");
const { ledgerProblems } = await import("../support/accounts");
const { apiClient, call } = await import("../support/api");
const { purchaseCredits, saveAutoRefill, stripe } = await import("@/lib/payments");
afterAll(() => harness.close());

const VISA = "4242424242424242";

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
