import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { notifications, purchases, refills, stripeCustomers } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// Configuration is read once: the sandbox's keys go in before the app's modules load.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { debit, getBalance, manualClock, setClock } = await import("@/lib/credits");
const { createUser, ledgerProblems } = await import("../support/accounts");
const { saveCard, finishSavingCard, saveAutoRefill, getAutoRefill, processDueRefills, confirmRefillOnSession, resumePurchase, listCards, stripe } = await import("@/lib/payments");
const { grantCredits } = await import("@/lib/credits");
afterAll(() => harness.close());

let restoreClock = () => {};
afterEach(() => restoreClock());

const usage = { feature: "agent_request", model: "claude-sonnet-4.5" };
const settings = { enabled: true, thresholdCredits: 100, refillCredits: 500, monthlyLimitCents: 50_000, paymentMethodId: null };

/** A user with a saved card, auto-refill on, and `credits` to start with. */
async function withAutoRefill(card = "4242424242424242", credits = 150, overrides = {}) {
  const { user, accountId } = await createUser("refill");
  const saved = await saveCard(user, await harness.tokenize(card));
  if (saved.status === "requires_action") {
    await stripe().rawRequest("POST", `/v1/test_helpers/setup_intents/${saved.setupIntentId}/authenticate`, { outcome: "complete" });
    expect((await finishSavingCard(user.id, saved.setupIntentId)).status).toBe("saved");
  }
  await grantCredits({ accountId, source: "purchase", amount: credits });
  await saveAutoRefill(accountId, { ...settings, ...overrides });
  return { user, accountId };
}

async function refillRows(accountId: number) {
  return db.select().from(refills).where(eq(refills.accountId, accountId));
}

async function intentsFor(accountId: number) {
  const rows = await db.select().from(purchases).where(eq(purchases.accountId, accountId));
  return rows.filter((p) => p.kind === "refill");
}

describe("auto-refill", () => {
  it("50 concurrent debits crossing the threshold queue one refill: one PaymentIntent, one grant", async () => {
    const { accountId } = await withAutoRefill();
    await Promise.all(Array.from({ length: 50 }, () => debit({ accountId, credits: 2, ...usage })));
    expect(await refillRows(accountId)).toHaveLength(1);
    await Promise.all([processDueRefills(), processDueRefills()]); // two workers at once
    const [refill] = await refillRows(accountId);
    expect(refill!.status).toBe("succeeded");
    const bought = await intentsFor(accountId);
    expect(bought).toHaveLength(1);
    expect(bought[0]).toMatchObject({ status: "succeeded", credits: 500, amountCents: 2_000 });
    expect((await getBalance(accountId)).balance).toBe(550);
    const intents = await stripe().paymentIntents.list({ limit: 100 });
    expect(intents.data.filter((i) => i.metadata.refillId === refill!.id)).toHaveLength(1);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("switched off while queued: nothing is charged", async () => {
    const { accountId } = await withAutoRefill();
    await debit({ accountId, credits: 60, ...usage });
    expect(await refillRows(accountId)).toHaveLength(1);
    await saveAutoRefill(accountId, { ...settings, enabled: false });
    await processDueRefills();
    expect((await refillRows(accountId))[0]!.status).toBe("canceled");
    expect(await intentsFor(accountId)).toHaveLength(0);
    expect((await getBalance(accountId)).balance).toBe(90);
  });

  it("a card that declines pauses auto-refill with the reason, tells the user, and tries no more", async () => {
    const { user, accountId } = await withAutoRefill("4000000000000341");
    await debit({ accountId, credits: 60, ...usage });
    await processDueRefills();
    const auto = await getAutoRefill(accountId);
    expect(auto).toMatchObject({ enabled: false, pausedReason: "Your card was declined. Nothing was charged. Try another card, or ask your bank why." });
    const notes = await db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(notes.map((n) => n.title)).toEqual(["Auto-refill is paused"]);
    // More spending does not queue or charge again: no retry storm.
    await debit({ accountId, credits: 10, ...usage });
    await processDueRefills();
    expect(await refillRows(accountId)).toHaveLength(1);
    expect((await getBalance(accountId)).balance).toBe(80);
  });

  it("authentication required off-session: confirmed on-session, credited once", async () => {
    const { user, accountId } = await withAutoRefill("4000002760003184");
    await debit({ accountId, credits: 60, ...usage });
    await processDueRefills();
    const [refill] = await refillRows(accountId);
    expect(refill!.status).toBe("requires_action");
    expect((await getAutoRefill(accountId)).pausedReason).toBe("Your bank asks you to confirm this payment. Nothing was charged yet.");

    const confirm = await confirmRefillOnSession(user.id, refill!.purchaseId!, "http://localhost/settings/billing");
    expect(confirm?.status).toBe("requires_action");
    const [purchase] = await db.select().from(purchases).where(eq(purchases.id, refill!.purchaseId!));
    await stripe().rawRequest("POST", `/v1/test_helpers/payment_intents/${purchase!.paymentIntentId}/authenticate`, { outcome: "complete" });
    await harness.sandbox.webhooksIdle();
    expect((await resumePurchase(user.id, purchase!.id)).status).toBe("succeeded");
    expect((await getBalance(accountId)).balance).toBe(590);
    const [grantsCount] = await db.execute<{ n: string }>(sql`select count(*) as n from grants where account_id = ${accountId} and source = 'refill'`);
    expect(Number(grantsCount!.n)).toBe(1);
  });

  it("never charges past the monthly limit, and starts again when the month turns", async () => {
    const clock = manualClock("2026-03-20T12:00:00Z");
    restoreClock = setClock(clock);
    const { user, accountId } = await withAutoRefill("4242424242424242", 150, { monthlyLimitCents: 2_500 });
    await debit({ accountId, credits: 60, ...usage });
    await processDueRefills(); // $20 of $25
    expect((await getBalance(accountId)).balance).toBe(590);

    await debit({ accountId, credits: 500, ...usage });
    await processDueRefills(); // another $20 would make $40 > $25
    expect((await getBalance(accountId)).balance).toBe(90);
    const [note] = await db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(note!.body).toMatch(/resets|starts again on April 1, 2026/);

    clock.set("2026-04-01T00:00:01Z");
    await debit({ accountId, credits: 1, ...usage });
    await processDueRefills();
    expect((await getBalance(accountId)).balance).toBe(589);
    expect((await intentsFor(accountId)).filter((p) => p.status === "succeeded")).toHaveLength(2);
  });
});

describe("a retried refill (issue 18, hole 5)", () => {
  it("charges exactly the amount and card of its first attempt, whatever the settings say by then", async () => {
    const clock = manualClock("2026-05-10T12:00:00Z");
    restoreClock = setClock(clock);
    const { user, accountId } = await withAutoRefill();
    const [cardA] = await listCards(user.id);
    await debit({ accountId, credits: 60, ...usage });
    const [queued] = await refillRows(accountId);
    // The first attempt's worker recorded its purchase (500 credits, $20, card A) and died before Stripe answered.
    await db.update(refills).set({ status: "processing", attempts: 1, updatedAt: clock.now() }).where(eq(refills.id, queued!.id));
    await db.insert(purchases).values({
      id: `pur_${queued!.id}`,
      accountId,
      userId: user.id,
      attemptId: queued!.id,
      kind: "refill",
      credits: 500,
      amountCents: 2_000,
      paymentMethodId: cardA!.id,
      status: "pending",
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
    // Meanwhile the user picks a bigger refill on another card.
    await saveCard(user, await harness.tokenize("5555555555554444"));
    const cardB = (await listCards(user.id)).find((c) => c.id !== cardA!.id)!;
    await saveAutoRefill(accountId, { ...settings, refillCredits: 2_500, paymentMethodId: cardB.id });

    clock.set("2026-05-10T12:06:00Z"); // the dead worker's claim is stale: another takes it over
    await processDueRefills();
    const intents = (await stripe().paymentIntents.list({ limit: 100 })).data.filter((i) => i.metadata.refillId === queued!.id);
    expect(intents.map((i) => [i.amount, i.currency, i.payment_method])).toEqual([[2_000, "usd", cardA!.id]]);
    expect((await getBalance(accountId)).balance).toBe(590);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("fulfilment refuses, and reports, a PaymentIntent whose amount is not the purchase's", async () => {
    const { user, accountId } = await withAutoRefill();
    const [card] = await listCards(user.id);
    const at = new Date();
    const [row] = await db
      .insert(purchases)
      .values({
        id: `pur_mismatch_${accountId}`,
        accountId,
        userId: user.id,
        attemptId: `mismatch-${accountId}`,
        kind: "refill",
        credits: 500,
        amountCents: 2_000,
        paymentMethodId: card!.id,
        status: "pending",
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    const [customer] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, user.id));
    await stripe().paymentIntents.create({
      allowed_payment_method_types: ["card"],
      amount: 1_000,
      currency: "usd",
      customer: customer!.customerId,
      payment_method: card!.id,
      off_session: true,
      confirm: true,
      metadata: { purchaseId: row!.id },
    });
    await harness.sandbox.webhooksIdle();
    expect((await getBalance(accountId)).balance).toBe(150);
    const [after] = await db.select().from(purchases).where(eq(purchases.id, row!.id));
    expect(after).toMatchObject({ status: "pending", failureCode: "amount_mismatch" });
  });
});
