/**
 * Issue #20 item 4: a purchase left "Needs confirmation" (the bank's check
 * abandoned) can be completed or cancelled from the history. Completing
 * credits once; cancelling cancels the PaymentIntent at Stripe and charges
 * nothing; a cancel racing a completion never leaves credits without a
 * payment, nor a payment without credits. Real PostgreSQL and the sandbox.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { grants, purchases } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { startPaymentsHarness } from "../support/payments";

const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { getBalance } = await import("@/lib/credits");
const { createUser, ledgerProblems } = await import("../support/accounts");
const { purchaseCredits, stripe } = await import("@/lib/payments");
const { cancelPendingPurchase, completePendingPurchase, finishPendingPurchase } = await import("@/lib/payments/purchases/pending");
afterAll(() => harness.close());

const ALWAYS_AUTHENTICATE = "4000002760003184";

/** A $20 purchase whose bank check was abandoned: "Needs confirmation", nothing charged. */
async function abandoned(label = "pending") {
  const { user, accountId } = await createUser(label);
  const outcome = await purchaseCredits(user, {
    attemptId: randomUUID(),
    choice: { packageIndex: 0 },
    paymentMethodId: await harness.tokenize(ALWAYS_AUTHENTICATE),
    newCard: true,
    saveCard: true,
    returnUrl: "http://localhost:3000/settings/billing",
  });
  expect(outcome.status).toBe("requires_action");
  return { user, accountId, purchase: outcome.purchase, intentId: outcome.purchase.paymentIntentId! };
}

/** What the bank's page does when the user presses "Complete authentication" (or "Fail"). */
async function authenticate(intentId: string, outcome: "complete" | "fail" = "complete") {
  await stripe().rawRequest("POST", `/v1/test_helpers/payment_intents/${intentId}/authenticate`, { outcome });
}

async function statusOf(purchaseId: string) {
  const [row] = await db.select().from(purchases).where(eq(purchases.id, purchaseId));
  return row!.status;
}

async function grantCount(accountId: number) {
  return (await db.select().from(grants).where(eq(grants.accountId, accountId))).length;
}

describe("completing a payment that needs confirmation", () => {
  it("answers with the bank's check to run in the page, then credits once", async () => {
    const { user, accountId, purchase, intentId } = await abandoned();
    const started = await completePendingPurchase(user.id, purchase.id);
    expect(started.status).toBe("requires_action");
    if (started.status !== "requires_action") return;
    expect(started.clientSecret).toMatch(new RegExp(`^${intentId}_secret`));

    await authenticate(intentId);
    const [a, b] = await Promise.all([finishPendingPurchase(user.id, purchase.id), finishPendingPurchase(user.id, purchase.id)]);
    expect([a.status, b.status]).toEqual(["succeeded", "succeeded"]);
    await harness.sandbox.webhooksIdle();
    expect(await statusOf(purchase.id)).toBe("succeeded");
    expect((await getBalance(accountId)).balance).toBe(500);
    expect(await grantCount(accountId)).toBe(1);
  });

  it("a failed check declines it with plain words and charges nothing", async () => {
    const { user, accountId, purchase, intentId } = await abandoned();
    await authenticate(intentId, "fail");
    const finished = await finishPendingPurchase(user.id, purchase.id);
    expect(finished.status).toBe("failed");
    if (finished.status === "failed") expect(finished.message).toMatch(/^Your bank couldn't confirm this payment\. Nothing was charged\./);
    expect(await statusOf(purchase.id)).toBe("failed");
    expect((await getBalance(accountId)).balance).toBe(0);
  });
});

describe("cancelling a payment that needs confirmation", () => {
  it("cancels the PaymentIntent, marks the purchase cancelled, and is idempotent", async () => {
    const { user, accountId, purchase, intentId } = await abandoned();
    const first = await cancelPendingPurchase(user.id, purchase.id);
    expect(first.purchase.status).toBe("canceled");
    const again = await Promise.all([cancelPendingPurchase(user.id, purchase.id), cancelPendingPurchase(user.id, purchase.id)]);
    expect(again.map((o) => o.purchase.status)).toEqual(["canceled", "canceled"]);
    expect((await stripe().paymentIntents.retrieve(intentId)).status).toBe("canceled");

    // The bank's page opened before the cancel can no longer pay it; finishing finds it cancelled.
    await expect(authenticate(intentId)).rejects.toThrow();
    expect((await finishPendingPurchase(user.id, purchase.id)).purchase.status).toBe("canceled");
    await harness.sandbox.webhooksIdle();
    expect(await statusOf(purchase.id)).toBe("canceled");
    expect((await getBalance(accountId)).balance).toBe(0);
    expect(await grantCount(accountId)).toBe(0);
  });

  it("a payment already paid is not cancelled: the cancel credits it (once) and says so", async () => {
    const { user, accountId, purchase, intentId } = await abandoned();
    await authenticate(intentId);
    const outcome = await cancelPendingPurchase(user.id, purchase.id);
    expect(outcome.status).toBe("succeeded");
    await harness.sandbox.webhooksIdle();
    expect(await statusOf(purchase.id)).toBe("succeeded");
    expect((await getBalance(accountId)).balance).toBe(500);
    expect(await grantCount(accountId)).toBe(1);
  });

  it("a cancel racing the bank's check: paid and credited, or cancelled and not credited — never half", async () => {
    const rounds = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const { user, accountId, purchase, intentId } = await abandoned(`race${i}`);
        await Promise.allSettled([
          authenticate(intentId),
          cancelPendingPurchase(user.id, purchase.id),
          finishPendingPurchase(user.id, purchase.id),
        ]);
        await finishPendingPurchase(user.id, purchase.id);
        return { accountId, purchaseId: purchase.id, intentId };
      }),
    );
    await harness.sandbox.webhooksIdle();
    for (const { accountId, purchaseId, intentId } of rounds) {
      const paid = (await stripe().paymentIntents.retrieve(intentId)).status;
      const status = await statusOf(purchaseId);
      const balance = (await getBalance(accountId)).balance;
      if (paid === "succeeded") expect({ status, balance }).toEqual({ status: "succeeded", balance: 500 });
      else expect({ paid, status, balance }).toEqual({ paid: "canceled", status: "canceled", balance: 0 });
      expect(await grantCount(accountId)).toBe(paid === "succeeded" ? 1 : 0);
    }
    expect(await ledgerProblems()).toEqual([]);
  });

  it("another user's purchase is not found, and nothing changes", async () => {
    const { purchase, intentId } = await abandoned("victim");
    const { user: other } = await createUser("other");
    for (const run of [cancelPendingPurchase, completePendingPurchase, finishPendingPurchase]) {
      await expect(run(other.id, purchase.id)).rejects.toMatchObject({ code: "not_found" } satisfies Partial<AppError>);
    }
    expect(await statusOf(purchase.id)).toBe("requires_action");
    expect((await stripe().paymentIntents.retrieve(intentId)).status).toBe("requires_action");
  });
});
