import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { purchases, refills } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// Issue 20 item 8: Stripe's developer messages never reach a user. Every door
// that shows a failed card or payment says it in plain words, whatever Stripe's
// `message` was. Configuration is read once: the sandbox goes first.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { debit, grantCredits } = await import("@/lib/credits");
const { createUser } = await import("../support/accounts");
const { finishSavingCard, processDueRefills, purchaseCredits, saveAutoRefill, saveCard, stripe } = await import("@/lib/payments");
afterAll(() => harness.close());

const ALWAYS_AUTHENTICATE = "4000002760003184";
// Words written for developers that Stripe puts in its messages.
const DEVELOPER_WORDS = /PaymentMethod|payment_method|PaymentIntent|SetupIntent|attempt to (set up|fulfill)|transaction requires/i;

function purchaseRequest(paymentMethodId: string) {
  return {
    attemptId: randomUUID(),
    choice: { packageIndex: 0 },
    paymentMethodId,
    newCard: true,
    saveCard: false,
    returnUrl: "http://localhost:3000/dashboard",
  };
}

describe("what a person reads when a card fails", () => {
  it("a card whose bank refuses to confirm it is not saved, in plain words (Settings › Billing › Saved cards)", async () => {
    const { user } = await createUser("plain-words");
    const saved = await saveCard(user, await harness.tokenize(ALWAYS_AUTHENTICATE));
    expect(saved.status).toBe("requires_action");
    if (saved.status !== "requires_action") return;
    await stripe().rawRequest("POST", `/v1/test_helpers/setup_intents/${saved.setupIntentId}/authenticate`, { outcome: "fail" });

    const refused = await finishSavingCard(user.id, saved.setupIntentId).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).not.toMatch(DEVELOPER_WORDS);
    expect((refused as Error).message).toBe(
      "Your bank couldn't confirm this card, so it was not saved. Try again, or use another card.",
    );
  });

  it("a failed bank confirmation of a purchase: nothing was charged", async () => {
    const { user } = await createUser("plain-words");
    const started = await purchaseCredits(user, purchaseRequest(await harness.tokenize(ALWAYS_AUTHENTICATE)));
    expect(started.status).toBe("requires_action");
    await stripe().rawRequest("POST", `/v1/test_helpers/payment_intents/${started.purchase.paymentIntentId}/authenticate`, {
      outcome: "fail",
    });
    await harness.sandbox.webhooksIdle();
    // The purchase history shows the row's stored message, whichever of the webhook or the page saw the failure first.
    const [row] = await db.select().from(purchases).where(eq(purchases.id, started.purchase.id));
    expect(row!.failureMessage).toBe("Your bank couldn't confirm this payment. Nothing was charged. Try again, or use another card.");
  });

  it.each([
    ["4000000000000002", "Your card was declined. Nothing was charged. Try another card, or ask your bank why."],
    ["4000000000009995", "Your card doesn't have enough funds. Nothing was charged. Use another card."],
    ["4000000000000069", "Your card has expired. Nothing was charged. Use another card."],
  ])("card %s in the purchase panel", async (card, words) => {
    const { user } = await createUser("plain-words");
    const outcome = await purchaseCredits(user, purchaseRequest(await harness.tokenize(card)));
    expect(outcome.status).toBe("failed");
    expect(outcome.status === "failed" && outcome.message).toBe(words);
  });

  it("an auto-refill the bank holds back says so in the purchase history, not in Stripe's words", async () => {
    const { user, accountId } = await createUser("plain-words");
    const saved = await saveCard(user, await harness.tokenize(ALWAYS_AUTHENTICATE));
    if (saved.status === "requires_action") {
      await stripe().rawRequest("POST", `/v1/test_helpers/setup_intents/${saved.setupIntentId}/authenticate`, { outcome: "complete" });
      await finishSavingCard(user.id, saved.setupIntentId);
    }
    await grantCredits({ accountId, source: "purchase", amount: 150 });
    await saveAutoRefill(accountId, { enabled: true, thresholdCredits: 100, refillCredits: 500, monthlyLimitCents: 50_000, paymentMethodId: null });
    await debit({ accountId, credits: 60, feature: "agent_request", model: "claude-sonnet-4.5" });
    await processDueRefills();

    const [refill] = await db.select().from(refills).where(eq(refills.accountId, accountId));
    const [row] = await db.select().from(purchases).where(eq(purchases.id, refill!.purchaseId!));
    expect(row!.failureMessage).not.toMatch(DEVELOPER_WORDS);
    expect(row!.failureMessage).toBe("Your bank asks you to confirm this payment. Nothing was charged yet.");
  });
});
