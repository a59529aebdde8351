/**
 * Stripe keeps idempotency keys for 24 hours only. A purchase attempt picked
 * up again later — a `requires_action` left overnight, or a create whose
 * answer was lost — must find its PaymentIntent (by the id on the purchase,
 * or by the purchase id in the customer's PaymentIntents' metadata) instead
 * of creating a second charge. The sandbox's clock moves 25 hours on.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { purchases, stripeCustomers } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

let offsetMs = 0;
const harness = await startPaymentsHarness({ clock: () => Date.now() + offsetMs });
const { db } = await import("@/lib/db");
const { createUser } = await import("../support/accounts");
const { purchaseCredits, stripe } = await import("@/lib/payments");
afterAll(() => harness.close());

const DAY_AND_AN_HOUR_MS = 25 * 60 * 60 * 1000;

async function intentsOf(userId: string) {
  const [customer] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, userId));
  return (await stripe().paymentIntents.list({ customer: customer!.customerId, limit: 100 })).data;
}

async function attemptNeedingAuthentication() {
  const { user } = await createUser("overnight");
  const request = {
    attemptId: randomUUID(),
    choice: { packageIndex: 0 },
    paymentMethodId: await harness.tokenize("4000002760003184"),
    newCard: true,
    saveCard: true,
    returnUrl: "http://localhost:3000/settings/billing",
  };
  const first = await purchaseCredits(user, request);
  expect(first.status).toBe("requires_action");
  return { user, request, first };
}

describe("an attempt resumed after Stripe forgot its idempotency key", () => {
  it("finds its PaymentIntent by the id kept on the purchase: one PaymentIntent, still waiting for the bank", async () => {
    const { user, request, first } = await attemptNeedingAuthentication();
    offsetMs += DAY_AND_AN_HOUR_MS;
    const again = await purchaseCredits(user, request);
    expect(again.status).toBe("requires_action");
    expect(again.purchase.id).toBe(first.purchase.id);
    const intents = await intentsOf(user.id);
    expect(intents.map((pi) => pi.id)).toEqual([first.purchase.paymentIntentId]);
  });

  it("finds it by the purchase id in metadata when the create's answer was lost", async () => {
    const { user, request, first } = await attemptNeedingAuthentication();
    // As if the answer to the create never arrived: the purchase knows no PaymentIntent.
    await db.update(purchases).set({ paymentIntentId: null, status: "pending" }).where(eq(purchases.id, first.purchase.id));
    offsetMs += DAY_AND_AN_HOUR_MS;
    const again = await purchaseCredits(user, request);
    expect(again.status).toBe("requires_action");
    const intents = await intentsOf(user.id);
    expect(intents).toHaveLength(1);
    expect(intents[0]!.metadata.purchaseId).toBe(first.purchase.id);
    expect(again.purchase.paymentIntentId).toBe(intents[0]!.id);
  });
});
