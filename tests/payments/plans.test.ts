import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { subscriptions } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

// Configuration is read once: the sandbox's keys go in before the app's modules load.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { debit, getBalance, grantCredits, manualClock } = await import("@/lib/credits");
const { createUser, ledgerProblems } = await import("../support/accounts");
const { invoicePaidEvents, proUser, restoreClock, setTestClock } = await import("../support/pro-user");
const { saveCard, setDefaultCard, stripe, grantWelcome, plans, handleEvent } = await import("@/lib/payments");
const { allowanceLeft, currentPlan, payPastDue, reconcileAllowances, setCancelAtPeriodEnd, subscribeToPro } = await import(
  "@/lib/payments/subscriptions/subscriptions"
);
afterAll(() => harness.close());

afterEach(() => restoreClock());

const usage = { feature: "agent_request", model: "claude-sonnet-4.5" };

async function allowanceGrants(accountId: number) {
  return (await getBalance(accountId)).grants.filter((g) => g.source === "allowance");
}

describe("Pro plan", () => {
  it("subscribing charges $20 and grants 500 allowance credits that expire at the period's end; debits take them first", async () => {
    const { user, accountId } = await proUser(harness, "plan");
    await grantCredits({ accountId, source: "purchase", amount: 200 });
    const sub = await subscribeToPro(user);
    await harness.sandbox.webhooksIdle();
    expect(sub).toMatchObject({ status: "active", plan: "pro", cancelAtPeriodEnd: false });
    expect(sub.currentPeriodEnd.toISOString()).toBe("2026-04-10T12:00:00.000Z");
    expect((await currentPlan(user.id)).plan).toBe("pro");
    expect((await getBalance(accountId)).balance).toBe(700);
    const [allowance] = await allowanceGrants(accountId);
    expect(allowance).toMatchObject({ amount: 500, expiresAt: expect.stringMatching(/^2026-04-10T12:00:00/) });

    await debit({ accountId, credits: 120, ...usage });
    const grants = (await getBalance(accountId)).grants;
    expect(grants.find((g) => g.source === "allowance")!.remaining).toBe(380);
    expect(grants.find((g) => g.source === "purchase")!.remaining).toBe(200);
    expect(await allowanceLeft(user.id)).toEqual({ remaining: 380, resetsAt: new Date("2026-04-10T12:00:00Z") });
    const invoices = await stripe().invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => [i.status, i.amount_paid])).toEqual([["paid", plans.pro.priceCents]]);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("a renewal through the test clock grants the new allowance and writes off the old remainder; a replayed invoice.paid grants once", async () => {
    const { user, accountId, advance } = await proUser(harness, "plan");
    const sub = await subscribeToPro(user);
    await harness.sandbox.webhooksIdle();
    await debit({ accountId, credits: 100, ...usage });
    await advance(new Date(Date.parse("2026-04-10T12:00:00Z") + 60_000));

    const grants = await allowanceGrants(accountId);
    expect(grants).toHaveLength(1); // the old one is gone, its 400 written off
    expect(grants[0]).toMatchObject({ amount: 500, remaining: 500, expiresAt: expect.stringMatching(/^2026-05-10T12:00:00/) });
    expect((await getBalance(accountId)).balance).toBe(500);
    const row = (await currentPlan(user.id)).subscription!;
    expect(row.currentPeriodEnd.toISOString()).toBe("2026-05-10T12:00:00.000Z");

    // The same event again, and another event for the same invoice: still one grant per period.
    const [renewal] = await invoicePaidEvents(sub.id);
    expect(await handleEvent(renewal!)).toBe("duplicate");
    expect(await handleEvent({ ...renewal!, id: `${renewal!.id}_again` })).toBe("handled");
    expect((await getBalance(accountId)).balance).toBe(500);
    expect(await allowanceGrants(accountId)).toHaveLength(1);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("cancel at period end: Pro until then, no renewal after; resume before the end keeps it renewing", async () => {
    const a = await proUser(harness, "plan");
    const subA = await subscribeToPro(a.user);
    expect((await setCancelAtPeriodEnd(a.user.id, true)).cancelAtPeriodEnd).toBe(true);
    await a.advance(new Date("2026-04-11T00:00:00Z"));
    expect((await currentPlan(a.user.id)).plan).toBe("free");
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, subA.id));
    expect(row!.status).toBe("canceled");
    expect((await stripe().invoices.list({ subscription: subA.id })).data).toHaveLength(1);
    expect(await allowanceGrants(a.accountId)).toHaveLength(0); // the first month's expired
    expect((await getBalance(a.accountId)).balance).toBe(0);

    const b = await proUser(harness, "plan");
    const subB = await subscribeToPro(b.user);
    await setCancelAtPeriodEnd(b.user.id, true);
    expect((await setCancelAtPeriodEnd(b.user.id, false)).cancelAtPeriodEnd).toBe(false);
    await b.advance(new Date("2026-04-11T00:00:00Z"));
    expect((await currentPlan(b.user.id)).subscription).toMatchObject({ id: subB.id, status: "active" });
    expect((await stripe().invoices.list({ subscription: subB.id })).data).toHaveLength(2);
    expect((await getBalance(b.accountId)).balance).toBe(500);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("a declined renewal is past due and grants nothing; paying it with a new card grants the allowance once", async () => {
    const { user, accountId, advance } = await proUser(harness, "plan");
    const sub = await subscribeToPro(user);
    // The user makes a card the default that turns out to decline (0341 attaches fine, every charge fails):
    // the plan follows the default card, so the renewal is charged to it.
    const failing = await saveCard(user, await harness.tokenize("4000000000000341"));
    await setDefaultCard(user.id, failing.status === "saved" ? failing.card!.id : "");
    expect((await stripe().subscriptions.retrieve(sub.id)).default_payment_method).toBe(failing.status === "saved" ? failing.card!.id : "");
    await advance(new Date("2026-04-10T13:00:00Z"));
    expect((await currentPlan(user.id)).subscription).toMatchObject({ status: "past_due" });
    expect(await allowanceGrants(accountId)).toHaveLength(0);
    expect((await getBalance(accountId)).balance).toBe(0);

    const good = await saveCard(user, await harness.tokenize("5555555555554444"));
    await setDefaultCard(user.id, good.status === "saved" ? good.card!.id : "");
    const paid = await payPastDue(user.id);
    await harness.sandbox.webhooksIdle();
    expect(paid.status).toBe("active");
    expect((await getBalance(accountId)).balance).toBe(500);
    const [event] = await invoicePaidEvents(sub.id);
    await handleEvent({ ...event!, id: `${event!.id}_replay` });
    expect((await getBalance(accountId)).balance).toBe(500);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("a subscription event delivered late never turns a paid plan back to past due", async () => {
    const { user, advance } = await proUser(harness, "plan");
    const sub = await subscribeToPro(user);
    const failing = await saveCard(user, await harness.tokenize("4000000000000341"));
    await setDefaultCard(user.id, failing.status === "saved" ? failing.card!.id : "");
    await advance(new Date("2026-04-10T13:00:00Z"));
    const good = await saveCard(user, await harness.tokenize("5555555555554444"));
    await setDefaultCard(user.id, good.status === "saved" ? good.card!.id : "");
    expect((await payPastDue(user.id)).status).toBe("active");
    await harness.sandbox.webhooksIdle();

    // Stripe does not promise order: the renewal's "past_due" update can arrive after the payment.
    const updates = await stripe().events.list({ type: "customer.subscription.updated", limit: 100 });
    const stale = updates.data.find((e) => {
      const object = e.data.object as Stripe.Subscription;
      return object.id === sub.id && object.status === "past_due";
    });
    expect(stale).toBeDefined();
    await handleEvent({ ...stale!, id: `${stale!.id}_late` });
    expect((await currentPlan(user.id)).subscription).toMatchObject({ status: "active" });
  });

  it("a missed invoice.paid webhook: reconciliation grants the allowance, once", async () => {
    const { user, accountId } = await proUser(harness, "plan");
    const sub = await harness.withoutWebhooks(() => subscribeToPro(user));
    expect(sub.status).toBe("active");
    expect((await getBalance(accountId)).balance).toBe(0);
    const [invoice] = (await stripe().invoices.list({ subscription: sub.id })).data;
    // The test clock started in the past of the real clock that reconciliation looks back from.
    expect(await reconcileAllowances({ sinceHours: 24 * 366 })).toContain(invoice!.id);
    expect(await reconcileAllowances({ sinceHours: 24 * 366 })).not.toContain(invoice!.id);
    expect((await getBalance(accountId)).balance).toBe(500);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("without a saved card there is nothing to subscribe with", async () => {
    setTestClock(manualClock());
    const { user } = await createUser("nocard");
    await expect(subscribeToPro(user)).rejects.toMatchObject({ code: "invalid_request" });
    expect((await currentPlan(user.id)).plan).toBe("free");
  });

  it("charges only the card the confirmation named: a default changed meanwhile charges nothing", async () => {
    const { user, accountId } = await proUser(harness, "plan");
    const saved = await saveCard(user, await harness.tokenize("4000000000000341"));
    const named = saved.status === "saved" ? saved.card!.id : "";
    // The summary named 0341, but 4242 is (still) the default: refused, no subscription and no credits.
    await expect(subscribeToPro(user, { confirmedCard: named })).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringMatching(/default card changed.*Nothing was charged/),
    });
    await harness.sandbox.webhooksIdle();
    expect((await currentPlan(user.id)).plan).toBe("free");
    expect(await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id))).toEqual([]);
    expect((await getBalance(accountId)).balance).toBe(0);

    await setDefaultCard(user.id, named);
    await expect(subscribeToPro(user, { confirmedCard: named })).rejects.toMatchObject({ message: expect.stringMatching(/declined/) });
    expect((await currentPlan(user.id)).plan).toBe("free");
  });

  it("renews on the day of the month it starts, by the server's clock in the user's time zone", async () => {
    const { proRenewalDay } = await import("@/lib/payments");
    setTestClock(manualClock("2026-12-02T03:00:00Z"));
    expect(proRenewalDay("UTC")).toBe(2);
    // 3 a.m. UTC is still the 1st in Los Angeles.
    expect(proRenewalDay("America/Los_Angeles")).toBe(1);
  });
});

describe("Free plan", () => {
  it("the welcome grant arrives once, however often it is asked for", async () => {
    const { user, accountId } = await createUser("welcome");
    await Promise.all([grantWelcome(user.id), grantWelcome(user.id)]);
    await grantWelcome(user.id);
    const { balance, grants } = await getBalance(accountId);
    expect(balance).toBe(plans.free.welcomeCredits);
    expect(grants).toMatchObject([{ source: "promo", amount: plans.free.welcomeCredits }]);
  });
});

