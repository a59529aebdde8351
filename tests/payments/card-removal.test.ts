/**
 * Removing a card has two doors: the "Remove" button in Settings › Billing,
 * and a `payment_method.detached` webhook (the card removed in Stripe's
 * dashboard, or by the bank). Through either, auto-refill must stop pointing
 * at the card: the default card takes over, or with no card left it turns
 * off, and the user is told.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { notifications, refills, stripeCustomers, stripeEvents } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// Configuration is read once: the sandbox's keys go in before the app's modules load.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { debit, grantCredits } = await import("@/lib/credits");
const { createUser } = await import("../support/accounts");
const { listCards, removeCard, saveCard, getAutoRefill, saveAutoRefill, stripe } = await import("@/lib/payments");
const { markDetached } = await import("@/lib/payments/cards/cards");
afterAll(() => harness.close());

const on = { enabled: true, thresholdCredits: 100, refillCredits: 500, monthlyLimitCents: 50_000 };

async function userWithCards(numbers: string[]) {
  const { user, accountId } = await createUser("cards");
  // Above the threshold, so that turning auto-refill on queues nothing yet.
  await grantCredits({ accountId, source: "purchase", amount: 150 });
  const ids: string[] = [];
  for (const number of numbers) {
    const saved = await saveCard(user, await harness.tokenize(number));
    if (saved.status !== "saved" || !saved.card) throw new Error("card not saved");
    ids.push(saved.card.id);
  }
  return { user, accountId, ids };
}

/**
 * Detaches the card in Stripe itself, as its dashboard would; the app hears
 * of it only by the webhook, and is done with it once the event is recorded
 * (in the transaction that ends its handler).
 */
async function detachInStripe(paymentMethodId: string) {
  await stripe().paymentMethods.detach(paymentMethodId);
  const events = await stripe().events.list({ type: "payment_method.detached", limit: 100 });
  const event = events.data.find((e) => (e.data.object as { id?: string }).id === paymentMethodId);
  if (!event) throw new Error("the sandbox sent no payment_method.detached event");
  await expect.poll(async () => (await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).length, { timeout: 10_000 }).toBe(1);
}

async function notices(userId: string) {
  return db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, "auto_refill_card_removed")));
}

/** Whether a debit across the threshold still queues a refill (the ledger's trigger reads the account's threshold). */
async function refillArmed(accountId: number) {
  await debit({ accountId, credits: 100, feature: "agent_request", model: "claude-sonnet-4.5" });
  return (await db.select().from(refills).where(eq(refills.accountId, accountId))).length > 0;
}

describe.each([
  ["the Remove button", (_userId: string, id: string) => removeCard(_userId, id)],
  ["a payment_method.detached webhook", (_userId: string, id: string) => detachInStripe(id)],
] as const)("a card removed through %s", (_door, remove) => {
  it("auto-refill that charged it moves to the default card, and the user is told", async () => {
    const { user, accountId, ids } = await userWithCards(["4242424242424242", "5555555555554444"]);
    const [defaultCard, other] = ids as [string, string];
    await saveAutoRefill(accountId, { ...on, paymentMethodId: other });

    await remove(user.id, other);

    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: true, paymentMethodId: null });
    expect((await listCards(user.id)).map((c) => c.id)).toEqual([defaultCard]);
    expect(await notices(user.id)).toHaveLength(1);
  });

  it("auto-refill on the last card turns off, stops queueing refills, and the user is told", async () => {
    const { user, accountId, ids } = await userWithCards(["4242424242424242"]);
    await saveAutoRefill(accountId, { ...on, paymentMethodId: null });

    await remove(user.id, ids[0]!);

    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: false });
    expect(await refillArmed(accountId)).toBe(false);
    const [notice] = await notices(user.id);
    expect(notice?.title).toBe("Auto-refill is off");
  });

  it("auto-refill that charges another card is left as it was", async () => {
    const { user, accountId, ids } = await userWithCards(["4242424242424242", "5555555555554444"]);
    const [defaultCard, other] = ids as [string, string];
    await saveAutoRefill(accountId, { ...on, paymentMethodId: defaultCard });

    await remove(user.id, other);

    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: true, paymentMethodId: defaultCard });
    expect(await notices(user.id)).toHaveLength(0);
  });
});

describe("a late payment_method.attached webhook", () => {
  // Its handler reads the card from Stripe, then records it: when the user removes the card in
  // between (a webhook delivered late, under load), the record used to bring the card back, and
  // with it the default. Stripe never attaches a detached card again, so removed stays removed.
  it("that read the card before it was removed does not bring it back, nor make it the default", async () => {
    const { recordCard } = await import("@/lib/payments/cards/cards");
    const { user, ids } = await userWithCards(["4242424242424242"]);
    const seenByWebhook = await stripe().paymentMethods.retrieve(ids[0]!);

    await removeCard(user.id, ids[0]!);
    await recordCard(user.id, seenByWebhook);

    expect(await listCards(user.id)).toEqual([]);
    const [customer] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, user.id));
    expect(customer?.defaultPaymentMethodId).toBeNull();
  });
});

describe("both doors at once", () => {
  // The button's detach makes Stripe send the webhook, so the two often meet. Whichever answers first
  // must find auto-refill already settled: the button's message depends on it, and the user acts on it.
  it("whichever door answers first, auto-refill is already settled and the user is told once", async () => {
    for (let round = 0; round < 5; round++) {
      const { user, accountId, ids } = await userWithCards(["4242424242424242"]);
      await saveAutoRefill(accountId, { ...on, paymentMethodId: null });

      const doors = [markDetached(ids[0]!), markDetached(ids[0]!)];
      await Promise.race(doors);
      expect(await getAutoRefill(accountId)).toMatchObject({ enabled: false });

      expect((await Promise.all(doors)).sort()).toEqual(["off", "unchanged"]);
      expect(await notices(user.id)).toHaveLength(1);
    }
  });
});
