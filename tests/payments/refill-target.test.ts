/**
 * Issue #23 item 3, DESIGN.md §5 "Auto-refill settings": a mode that refills
 * up to a target balance. A refill buys what brings the available balance back
 * to the target (at least 125 credits), only as much as still fits in the
 * month's limit, decided once by its first attempt: a retry charges exactly
 * that amount and card, whatever the balance or the settings say by then.
 */
import { createServer } from "node:net";
import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { notifications, purchases, refills } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// Configuration is read once: the sandbox's keys go in before the app's modules load.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { debit, getBalance, grantCredits, manualClock, placeHold, setClock } = await import("@/lib/credits");
const { createUser, ledgerProblems } = await import("../support/accounts");
const { saveCard, saveAutoRefill, getAutoRefill, processDueRefills, listCards, stripe } = await import("@/lib/payments");
const { autoRefillSchema } = await import("@/lib/payments/auto-refill/settings");
afterAll(() => harness.close());

let restoreClock = () => {};
afterEach(() => restoreClock());

const usage = { feature: "agent_request", model: "claude-sonnet-4.5" };
const target = { enabled: true, thresholdCredits: 100, refillCredits: 500, monthlyLimitCents: 50_000, paymentMethodId: null, mode: "target", targetBalance: 1_000 } as const;

/** A user with a saved card, auto-refill on in target mode, and `credits` to start with. */
async function withTargetRefill(credits = 150, overrides: Partial<Record<keyof typeof target, unknown>> = {}) {
  const { user, accountId } = await createUser("target");
  await saveCard(user, await harness.tokenize("4242424242424242"));
  await grantCredits({ accountId, source: "purchase", amount: credits });
  await saveAutoRefill(accountId, { ...target, ...overrides } as typeof target);
  return { user, accountId };
}

async function refillRows(accountId: number) {
  return db.select().from(refills).where(eq(refills.accountId, accountId));
}

async function refillPurchases(accountId: number) {
  return (await db.select().from(purchases).where(eq(purchases.accountId, accountId))).filter((p) => p.kind === "refill");
}

async function intentsOf(refillId: string) {
  const intents = await stripe().paymentIntents.list({ limit: 100 });
  return intents.data.filter((i) => i.metadata.refillId === refillId).map((i) => [i.amount, i.payment_method]);
}

/**
 * The concurrency harness: 50 debits of 2 credits at once take an account from
 * 150 across the threshold of 100 to 50; `afterDebit` runs after each debit (the
 * naive control queues there), and the answer is how many refills got queued.
 */
async function refillsQueuedByCrossing(accountId: number, afterDebit: () => Promise<void>, queued: () => Promise<number>) {
  await Promise.all(Array.from({ length: 50 }, async () => {
    await debit({ accountId, credits: 2, ...usage });
    await afterDebit();
  }));
  return queued();
}

describe("auto-refill up to a target balance", () => {
  it("50 concurrent debits crossing the threshold queue one refill, which buys exactly up to the target", async () => {
    const { accountId } = await withTargetRefill();
    const queued = await refillsQueuedByCrossing(accountId, async () => {}, async () => (await refillRows(accountId)).length);
    expect(queued).toBe(1);
    await Promise.all([processDueRefills(), processDueRefills()]); // two workers at once
    const [refill] = await refillRows(accountId);
    expect(refill!.status).toBe("succeeded");
    expect(await refillPurchases(accountId)).toMatchObject([{ status: "succeeded", credits: 950, amountCents: 3_800 }]);
    expect(await intentsOf(refill!.id)).toHaveLength(1);
    expect(await getBalance(accountId)).toMatchObject({ balance: 1_000, available: 1_000 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("naive control: the same harness catches a read-then-write queue that lets several refills through", async () => {
    const { accountId } = await withTargetRefill(150, { enabled: false });
    // No unique in-flight index here: a check that reads "none in flight", then inserts.
    await db.execute(sql`create table if not exists naive_refills (account_id bigint not null, status text not null)`);
    const naiveQueue = async () => {
      const { available } = await getBalance(accountId);
      if (available >= 100) return;
      const inFlight = await db.execute(sql`select 1 from naive_refills where account_id = ${accountId} and status = 'queued'`);
      if (inFlight.length > 0) return;
      await db.execute(sql`select pg_sleep(0.02)`); // the gap between the read and the write that real work has
      await db.execute(sql`insert into naive_refills values (${accountId}, 'queued')`);
    };
    const queued = await refillsQueuedByCrossing(accountId, naiveQueue, async () => {
      const [row] = await db.execute<{ n: string }>(sql`select count(*) as n from naive_refills where account_id = ${accountId}`);
      return Number(row!.n);
    });
    expect(queued).toBeGreaterThan(1);
  });

  it("measures the target against the available balance: credits held for running work are not there to spend", async () => {
    const { accountId } = await withTargetRefill(300);
    await placeHold({ accountId, credits: 250, ttlSeconds: 900, ...usage });
    expect(await getBalance(accountId)).toMatchObject({ balance: 300, available: 50 });
    await processDueRefills();
    expect(await refillPurchases(accountId)).toMatchObject([{ status: "succeeded", credits: 950 }]);
    expect(await getBalance(accountId)).toMatchObject({ available: 1_000 });
  });

  it("buys only what still fits in the month's limit, and nothing (saying so) when not even 125 credits fit", async () => {
    const clock = manualClock("2026-03-20T12:00:00Z");
    restoreClock = setClock(clock);
    // $25 a month is 625 credits: the first refill wants 950 and gets 625.
    const { user, accountId } = await withTargetRefill(150, { monthlyLimitCents: 2_500 });
    await debit({ accountId, credits: 60, ...usage });
    await processDueRefills();
    expect(await refillPurchases(accountId)).toMatchObject([{ status: "succeeded", credits: 625, amountCents: 2_500 }]);
    expect((await getBalance(accountId)).available).toBe(715);

    await debit({ accountId, credits: 700, ...usage });
    await processDueRefills();
    expect(await refillPurchases(accountId)).toHaveLength(1);
    expect((await getBalance(accountId)).available).toBe(15);
    const [note] = await db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(note).toMatchObject({ title: "Auto-refill reached its monthly limit" });
    expect(note!.body).toBe("Auto-refill has charged $25 this month, and another $39.40 would pass your $25 limit. It starts again on April 1, 2026.");

    clock.set("2026-04-01T00:00:01Z");
    await debit({ accountId, credits: 1, ...usage });
    await processDueRefills();
    expect((await getBalance(accountId)).available).toBe(639); // 14 + 625: April's $25 again
  });

  it("a retry after a network error charges the first attempt's amount and card, not what the balance and settings say by then", async () => {
    const clock = manualClock("2026-05-10T12:00:00Z");
    restoreClock = setClock(clock);
    const { user, accountId } = await withTargetRefill();
    const [cardA] = await listCards(user.id);
    await debit({ accountId, credits: 60, ...usage }); // 90 available: the refill is for 910 credits
    const [queued] = await refillRows(accountId);

    // The first attempt meets a payment processor nobody answers for (the real SDK, a closed port).
    const global = globalThis as unknown as { creditsStripe?: Stripe };
    const sandboxClient = stripe();
    global.creditsStripe = new Stripe("sk_test_unreachable", { host: "127.0.0.1", port: await closedPort(), protocol: "http", maxNetworkRetries: 0 });
    try {
      await processDueRefills();
    } finally {
      global.creditsStripe = sandboxClient;
    }
    expect((await refillRows(accountId))[0]).toMatchObject({ status: "queued", attempts: 1 });

    // Meanwhile more is spent, and the user picks a higher target on another card.
    await debit({ accountId, credits: 40, ...usage });
    await saveCard(user, await harness.tokenize("5555555555554444"));
    const cardB = (await listCards(user.id)).find((c) => c.id !== cardA!.id)!;
    await saveAutoRefill(accountId, { ...target, targetBalance: 2_000, paymentMethodId: cardB.id });
    expect(await refillRows(accountId)).toHaveLength(1); // the setting saved below the threshold: still the one refill

    clock.set("2026-05-10T12:01:00Z"); // the retry is due
    await processDueRefills();
    expect(await intentsOf(queued!.id)).toEqual([[3_640, cardA!.id]]);
    expect(await refillPurchases(accountId)).toMatchObject([{ status: "succeeded", credits: 910, amountCents: 3_640 }]);
    expect((await getBalance(accountId)).available).toBe(960);
    expect(await ledgerProblems()).toEqual([]);
  });
});

describe("the target-mode setting", () => {
  const base = { ...target };
  const problem = (input: object) => autoRefillSchema.safeParse(input).error?.issues[0]?.message;

  it("asks for a target at least one smallest refill (125 credits) above the threshold, whole, within 125..250,000", () => {
    expect(problem(base)).toBeUndefined();
    expect(problem({ ...base, targetBalance: 225 })).toBeUndefined();
    expect(problem({ ...base, targetBalance: 224 })).toBe("Refill up to at least 225 credits: 125 above the threshold, the smallest refill.");
    expect(problem({ ...base, targetBalance: null })).toBe("Enter the balance to refill up to.");
    expect(problem({ ...base, targetBalance: 1_000.5 })).toBe("Enter a whole number of credits.");
    expect(problem({ ...base, targetBalance: 250_001 })).toBe("Refill up to at most 250,000 credits.");
    expect(problem({ ...base, mode: "most" })).toBeDefined();
    // A fixed amount does not need a target (one kept from before stays, in bounds).
    expect(problem({ ...base, mode: "fixed", targetBalance: null })).toBeUndefined();
    expect(problem({ ...base, mode: "fixed", targetBalance: 150 })).toBeUndefined();
  });

  it("the table refuses a target-mode row whose target is not 125 above the threshold", async () => {
    const { accountId } = await withTargetRefill();
    const write = db.execute(sql`update auto_refill_settings set threshold_credits = 900 where account_id = ${accountId}`);
    await expect(write).rejects.toMatchObject({ cause: expect.objectContaining({ constraint_name: "auto_refill_settings_target_check" }) });
    expect(await getAutoRefill(accountId)).toMatchObject({ thresholdCredits: 100, mode: "target", targetBalance: 1_000 });
  });
});

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
