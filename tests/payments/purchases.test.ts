import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { grants, purchases } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// Configuration is read once, so the sandbox's keys must be in place before
// anything imports lib/env: the app's modules are imported after this line.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { debit, getBalance } = await import("@/lib/credits");
const { createUser, ledgerProblems } = await import("../support/accounts");
const { purchaseCredits, resumePurchase, priceChoice, saveCard, listCards, reconcilePayments, handleEvent, stripe, STRIPE_API_VERSION } = await import("@/lib/payments");
afterAll(() => harness.close());

const CARDS = {
  visa: "4242424242424242",
  declined: "4000000000000002",
  insufficient: "4000000000009995",
  expired: "4000000000000069",
  authOnSession: "4000002500003155",
  dispute: "4000000000000259",
};

async function buyer() {
  const { user, accountId } = await createUser("buyer");
  return { user, accountId };
}

function request(paymentMethodId: string, choice: { packageIndex: number } | { credits: number }, overrides = {}) {
  return {
    attemptId: randomUUID(),
    choice,
    paymentMethodId,
    newCard: true,
    saveCard: true,
    returnUrl: "http://localhost:3000/settings/billing",
    ...overrides,
  };
}

async function grantsFor(accountId: number) {
  return db.select().from(grants).where(eq(grants.accountId, accountId));
}

describe("buying credits", () => {
  it.each([
    [{ packageIndex: 0 }, 500, 2_000],
    [{ packageIndex: 1 }, 2_500, 10_000],
    [{ packageIndex: 2 }, 12_500, 50_000],
    [{ credits: 1_000 }, 1_000, 4_000],
  ])("%j credits %i for %i cents", async (choice, credits, cents) => {
    const { user, accountId } = await buyer();
    const outcome = await purchaseCredits(user, request(await harness.tokenize(CARDS.visa), choice));
    expect(outcome.status).toBe("succeeded");
    expect(outcome.purchase).toMatchObject({ credits, amountCents: cents, status: "succeeded", cardLast4: "4242" });
    const intent = await stripe().paymentIntents.retrieve(outcome.purchase.paymentIntentId!);
    expect(intent.amount).toBe(cents);
    expect((await getBalance(accountId)).balance).toBe(credits);
    // The new card was saved for later, and the webhook that follows changes nothing.
    expect((await listCards(user.id)).map((c) => c.label)).toEqual(["Visa •••• 4242"]);
    await harness.sandbox.webhooksIdle();
    expect(await grantsFor(accountId)).toHaveLength(1);
  });

  it.each([
    [CARDS.declined, /declined/i],
    [CARDS.insufficient, /doesn't have enough funds/i],
    [CARDS.expired, /expired/i],
  ])("card %s fails in plain words and no credits", async (number, message) => {
    const { user, accountId } = await buyer();
    const outcome = await purchaseCredits(user, request(await harness.tokenize(number), { packageIndex: 0 }));
    expect(outcome.status).toBe("failed");
    if (outcome.status === "failed") expect(outcome.message).toMatch(message);
    await harness.sandbox.webhooksIdle();
    expect((await getBalance(accountId)).balance).toBe(0);
    const [row] = await db.select().from(purchases).where(eq(purchases.accountId, accountId));
    expect(row!.status).toBe("failed");
  });

  it("authentication required: completed in the browser, then credited once", async () => {
    const { user, accountId } = await buyer();
    const outcome = await purchaseCredits(user, request(await harness.tokenize(CARDS.authOnSession), { packageIndex: 0 }));
    expect(outcome.status).toBe("requires_action");
    if (outcome.status !== "requires_action") return;
    expect(outcome.url).toContain(harness.sandbox.url);
    expect((await getBalance(accountId)).balance).toBe(0);

    await stripe().rawRequest("POST", `/v1/test_helpers/payment_intents/${outcome.purchase.paymentIntentId}/authenticate`, {
      outcome: "complete",
    });
    await harness.sandbox.webhooksIdle(); // the webhook may credit first…
    const resumed = await resumePurchase(user.id, outcome.purchase.id); // …and the return page again
    expect(resumed.status).toBe("succeeded");
    expect((await getBalance(accountId)).balance).toBe(500);
    expect(await grantsFor(accountId)).toHaveLength(1);
  });

  it("a double submit with one attempt id makes one PaymentIntent and one grant", async () => {
    const { user, accountId } = await buyer();
    const once = request(await harness.tokenize(CARDS.visa), { packageIndex: 0 });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => purchaseCredits(user, once)));
    expect(new Set(outcomes.map((o) => o.purchase.id)).size).toBe(1);
    expect(new Set(outcomes.map((o) => o.purchase.paymentIntentId)).size).toBe(1);
    await harness.sandbox.webhooksIdle();
    const intents = await stripe().paymentIntents.list({ customer: (await stripe().paymentIntents.retrieve(outcomes[0]!.purchase.paymentIntentId!)).customer as string });
    expect(intents.data).toHaveLength(1);
    expect((await getBalance(accountId)).balance).toBe(500);
  });

  it("reuses a saved card, and refuses someone else's", async () => {
    const { user, accountId } = await buyer();
    const saved = await saveCard(user, await harness.tokenize(CARDS.visa));
    expect(saved.status).toBe("saved");
    const [card] = await listCards(user.id);
    const outcome = await purchaseCredits(user, request(card!.id, { credits: 125 }, { newCard: false }));
    expect(outcome.status).toBe("succeeded");
    expect((await getBalance(accountId)).balance).toBe(125);

    const thief = await buyer();
    await expect(purchaseCredits(thief.user, request(card!.id, { credits: 125 }, { newCard: false }))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(purchaseCredits(thief.user, request(card!.id, { credits: 125 }, { newCard: true }))).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await getBalance(thief.accountId)).balance).toBe(0);
  });

  it.each([124, 250_001, 0, -1, 1.5, Number.NaN, Infinity])("refuses a custom amount of %s before any charge", async (credits) => {
    expect(() => priceChoice({ credits })).toThrow(/125 to 250,000/);
    const { user } = await buyer();
    const before = (await stripe().paymentIntents.list({ limit: 100 })).data.length;
    await expect(purchaseCredits(user, request("pm_whatever", { credits }))).rejects.toMatchObject({ param: "credits" });
    expect((await stripe().paymentIntents.list({ limit: 100 })).data.length).toBe(before);
  });
});

/** A payment_intent.succeeded event as Stripe would send it, with a fresh id. */
function succeededEvent(intent: Stripe.PaymentIntent): Stripe.PaymentIntentSucceededEvent {
  return {
    id: `evt_${randomUUID()}`,
    object: "event",
    api_version: STRIPE_API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    type: "payment_intent.succeeded",
    data: { object: intent },
  };
}

describe("webhooks", () => {
  async function succeededPurchase() {
    const { user, accountId } = await buyer();
    const outcome = await purchaseCredits(user, request(await harness.tokenize(CARDS.visa), { packageIndex: 0 }));
    await harness.sandbox.webhooksIdle();
    const intent = await stripe().paymentIntents.retrieve(outcome.purchase.paymentIntentId!);
    return { user, accountId, outcome, intent };
  }

  function signed(event: object) {
    const payload = JSON.stringify(event);
    const header = stripe().webhooks.generateTestHeaderString({ payload, secret: harness.sandbox.webhookSecret });
    return () =>
      harness.webhookRoute.POST(
        new Request("http://localhost/api/stripe/webhook", { method: "POST", headers: { "stripe-signature": header }, body: payload }),
      );
  }

  it("the same event delivered 20 times at once credits once", async () => {
    const { accountId, intent } = await succeededPurchase();
    // A fresh event id for an intent whose grant already exists, and the same id 20 times concurrently.
    const event = { id: `evt_${randomUUID()}`, object: "event", type: "payment_intent.succeeded", data: { object: intent } };
    const send = signed(event);
    const responses = await Promise.all(Array.from({ length: 20 }, send));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const outcomes = await Promise.all(responses.map((r) => r.json()));
    expect(outcomes.filter((o) => o.outcome === "handled")).toHaveLength(1);
    expect(await grantsFor(accountId)).toHaveLength(1);
    expect((await getBalance(accountId)).balance).toBe(500);
  });

  it("a webhook before the confirm result and after it: one grant", async () => {
    const { user, accountId } = await buyer();
    const pm = await harness.tokenize(CARDS.authOnSession);
    const pending = await purchaseCredits(user, request(pm, { packageIndex: 0 }));
    await harness.withoutWebhooks(async () => {
      await stripe().rawRequest("POST", `/v1/test_helpers/payment_intents/${pending.purchase.paymentIntentId}/authenticate`, { outcome: "complete" });
      const intent = await stripe().paymentIntents.retrieve(pending.purchase.paymentIntentId!);
      await handleEvent(succeededEvent(intent));
      expect((await resumePurchase(user.id, pending.purchase.id)).status).toBe("succeeded");
      await handleEvent(succeededEvent(intent));
    });
    expect(await grantsFor(accountId)).toHaveLength(1);
    expect((await getBalance(accountId)).balance).toBe(500);
  });

  it("a bad, missing or stale signature is 400 and writes nothing", async () => {
    const { intent } = await succeededPurchase();
    const payload = JSON.stringify({ id: `evt_${randomUUID()}`, object: "event", type: "payment_intent.succeeded", data: { object: intent } });
    const stale = stripe().webhooks.generateTestHeaderString({
      payload,
      secret: harness.sandbox.webhookSecret,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    const wrong = stripe().webhooks.generateTestHeaderString({ payload, secret: "whsec_wrong" });
    const [before] = await db.execute<{ n: string }>(sql`select count(*) as n from stripe_events`);
    for (const header of [stale, wrong, null]) {
      const res = await harness.webhookRoute.POST(
        new Request("http://localhost/api/stripe/webhook", {
          method: "POST",
          headers: header ? { "stripe-signature": header } : {},
          body: payload,
        }),
      );
      expect(res.status).toBe(400);
    }
    const [after] = await db.execute<{ n: string }>(sql`select count(*) as n from stripe_events`);
    expect(after!.n).toBe(before!.n);
  });

  it("a refund after partial use takes back only what is left, and records the rest", async () => {
    const { accountId, intent } = await succeededPurchase();
    await debit({ accountId, credits: 450, feature: "chat", model: "gpt-5-mini" });
    const purchase = async () => (await db.select().from(purchases).where(eq(purchases.paymentIntentId, intent.id)))[0]!;
    await stripe().refunds.create({ payment_intent: intent.id, amount: 1_000 }); // half
    // The refund's webhook arrives on its own time.
    await expect.poll(async () => (await purchase()).status).toBe("partially_refunded");
    expect(await purchase()).toMatchObject({ refundedCents: 1_000, unrecoveredCredits: 200 });
    expect((await getBalance(accountId)).balance).toBe(0);

    await stripe().refunds.create({ payment_intent: intent.id }); // the rest
    await expect.poll(async () => (await purchase()).status).toBe("refunded");
    expect(await purchase()).toMatchObject({ refundedCents: 2_000, unrecoveredCredits: 450 });
    expect((await getBalance(accountId)).balance).toBe(0);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("a dispute is recorded on the purchase", async () => {
    const { user } = await buyer();
    const outcome = await purchaseCredits(user, request(await harness.tokenize(CARDS.dispute), { packageIndex: 0 }));
    expect(outcome.status).toBe("succeeded");
    const purchase = async () => (await db.select().from(purchases).where(eq(purchases.id, outcome.purchase.id)))[0]!;
    await expect.poll(async () => (await purchase()).status, { timeout: 5_000 }).toBe("disputed");
    expect((await purchase()).disputedAt).toBeInstanceOf(Date);
  });
});

describe("reconciliation", () => {
  it("credits, once, a success the ledger never heard of (a crash between charge and grant)", async () => {
    const { user, accountId } = await buyer();
    const { ensureCustomer } = await import("@/lib/payments");
    const customer = await ensureCustomer(user);
    // The purchase row exists and Stripe charged, but the process died before crediting
    // and the webhook never arrived.
    const [row] = await db
      .insert(purchases)
      .values({
        id: `pur_${randomUUID().replaceAll("-", "")}`,
        accountId,
        userId: user.id,
        attemptId: randomUUID(),
        kind: "package",
        credits: 500,
        amountCents: 2_000,
        paymentMethodId: "pm_card_visa",
        status: "pending",
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .returning();
    await harness.withoutWebhooks(async () => {
      await stripe().paymentIntents.create({ allowed_payment_method_types: ["card"],
        amount: 2_000,
        currency: "usd",
        customer: customer.customerId,
        payment_method: "pm_card_visa",
        confirm: true,
        metadata: { purchaseId: row!.id },
      });
      expect((await getBalance(accountId)).balance).toBe(0);
      const first = await reconcilePayments();
      expect(first.credited).toHaveLength(1);
      const second = await reconcilePayments();
      expect(second.credited).toHaveLength(0);
    });
    expect((await getBalance(accountId)).balance).toBe(500);
    const [after] = await db.select().from(purchases).where(eq(purchases.id, row!.id));
    expect(after!.status).toBe("succeeded");
  });
});
