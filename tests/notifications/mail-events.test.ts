/**
 * Issue #19 item 6: the e-mails are queued in the transaction of what causes
 * them, once, whichever door sees it (the confirm call, the webhook, a
 * replayed or re-sent webhook), and the optional ones follow the user's
 * switches. Real PostgreSQL and the Stripe sandbox; what is checked is the
 * outbox row the mail jobs send (tests/mail covers the sending over SMTP).
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { mailOutbox, purchases, users } from "@/db/schema";
import { startPaymentsHarness } from "../support/payments";

const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { apiClient } = await import("../support/api");
const { purchaseCredits, stripe } = await import("@/lib/payments");
const { saveMailSwitches } = await import("@/lib/notifications");
afterAll(() => harness.close());

async function mailTo(email: string) {
  return db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
}

async function buy(
  card: string,
  choice: { packageIndex: number } | { credits: number },
  label = "mail",
  existing?: Awaited<ReturnType<typeof apiClient>>,
) {
  const client = existing ?? (await apiClient(label));
  const outcome = await purchaseCredits(client.user, {
    attemptId: randomUUID(),
    choice,
    paymentMethodId: await harness.tokenize(card),
    newCard: true,
    saveCard: true,
    returnUrl: "http://localhost:3000/settings/billing",
  });
  expect(outcome.status).toBe("succeeded");
  await harness.sandbox.webhooksIdle();
  return { ...client, purchaseId: outcome.purchase.id, intentId: outcome.purchase.paymentIntentId! };
}

/** Sends one of Stripe's recorded events to the webhook route again (freshId: as a new delivery with its own id). */
async function redeliver(type: Stripe.Event.Type, objectId: string, freshId = false) {
  const events = await stripe().events.list({ type, limit: 100 });
  const event = events.data.find((e) => (e.data.object as { id: string }).id === objectId);
  expect(event).toBeDefined();
  const payload = JSON.stringify(freshId ? { ...event, id: `evt_${randomUUID()}` } : event);
  const header = stripe().webhooks.generateTestHeaderString({ payload, secret: harness.sandbox.webhookSecret });
  const res = await harness.webhookRoute.POST(
    new Request("http://localhost/api/stripe/webhook", { method: "POST", headers: { "stripe-signature": header }, body: payload }),
  );
  expect(res.status).toBe(200);
}

describe("receipt e-mails", () => {
  it("a package: one receipt with its figures and the receipt page's link, however often the success is seen", async () => {
    const { user, purchaseId, intentId } = await buy("4242424242424242", { packageIndex: 0 });
    await redeliver("payment_intent.succeeded", intentId);
    await redeliver("payment_intent.succeeded", intentId, true);
    const mails = await mailTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ category: "receipt", subject: "Your receipt: 500 credits for $20.00" });
    expect(mails[0]!.text).toContain("Visa •••• 4242");
    expect(mails[0]!.text).toContain(`/settings/billing/receipts/${purchaseId}`);
  });

  it("dated on the buyer's own calendar, in the zone their browser last reported", async () => {
    const client = await apiClient("zone");
    await db.update(users).set({ timeZone: "Pacific/Auckland" }).where(eq(users.id, client.user.id));
    const { purchaseId } = await buy("4242424242424242", { packageIndex: 0 }, "zone", client);
    const [purchase] = await db.select().from(purchases).where(eq(purchases.id, purchaseId));
    const aucklandDay = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "Pacific/Auckland" }).format(purchase!.createdAt);
    const [mail] = await mailTo(client.user.email);
    expect(mail?.text).toContain(`Date: ${aucklandDay} (Pacific/Auckland)`);
  });

  it("a custom amount: 1,234 credits for $49.36", async () => {
    const { user } = await buy("4242424242424242", { credits: 1234 });
    const [mail] = await mailTo(user.email);
    expect(mail?.subject).toBe("Your receipt: 1,234 credits for $49.36");
    expect(mail?.text).toContain("Custom amount");
  });
});

describe("Pro receipts", () => {
  it("subscribing to Pro mails one receipt: $20.00 for the month's credits, on the default card", async () => {
    const { subscribeToPro } = await import("@/lib/payments/subscriptions/subscriptions");
    const { saveCard } = await import("@/lib/payments");
    const client = await apiClient("pro-mail");
    await saveCard(client.user, await harness.tokenize("4242424242424242"));
    await subscribeToPro(client.user);
    await harness.sandbox.webhooksIdle();
    const mails = await mailTo(client.user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ category: "receipt", subject: "Your receipt: 500 credits for $20.00" });
    expect(mails[0]!.text).toContain("Pro plan, first month");
    expect(mails[0]!.text).toContain("Visa •••• 4242");
  });
});

describe("notice e-mails", () => {
  async function disputed(label: string) {
    const client = await buy("4000000000000259", { packageIndex: 0 }, label);
    await expect
      .poll(async () => (await stripe().disputes.list({ payment_intent: client.intentId })).data[0], { timeout: 10_000 })
      .toBeDefined();
    await harness.sandbox.webhooksIdle();
    return client;
  }

  it("a disputed payment is mailed once, with what happened and what to do", async () => {
    const { user, intentId } = await disputed("dispute-mail");
    const dispute = (await stripe().disputes.list({ payment_intent: intentId })).data[0]!;
    await redeliver("charge.dispute.created", dispute.id, true);
    const notices = (await mailTo(user.email)).filter((m) => m.category === "notice");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe("A payment is disputed");
    expect(notices[0]!.text).toContain("Your bank disputed the $20 payment for 500 credits.");
    expect(notices[0]!.text).toContain("/settings/billing");
  });

  it("turned off in the user's switches: the notice shows in the app, no e-mail; the receipt still goes", async () => {
    const client = await apiClient("quiet");
    await saveMailSwitches(client.user.id, { autoRefill: true, disputes: false, lowBalance: true, usageAlerts: true });
    const outcome = await purchaseCredits(client.user, {
      attemptId: randomUUID(),
      choice: { packageIndex: 0 },
      paymentMethodId: await harness.tokenize("4000000000000259"),
      newCard: true,
      saveCard: true,
      returnUrl: "http://localhost:3000/settings/billing",
    });
    await expect
      .poll(async () => (await stripe().disputes.list({ payment_intent: outcome.purchase.paymentIntentId! })).data[0], { timeout: 10_000 })
      .toBeDefined();
    await harness.sandbox.webhooksIdle();
    const mails = await mailTo(client.user.email);
    expect(mails.map((m) => m.category)).toEqual(["receipt"]);
    expect(await db.select().from(mailOutbox).where(and(eq(mailOutbox.to, client.user.email), eq(mailOutbox.category, "notice")))).toEqual([]);
  });
});
