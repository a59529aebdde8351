/**
 * The Pro plan tests' set-up (tests/payments/plans.test.ts, plan-payments.test.ts):
 * a user whose Stripe customer lives on a test clock, with a saved card, and the
 * ledger's clock moving with the test clock (both are "now" for the app).
 * Import it after startPaymentsHarness(): the app's configuration is read once.
 */
import type Stripe from "stripe";
import { stripeCustomers } from "@/db/schema";
import { manualClock, setClock } from "@/lib/credits";
import { db } from "@/lib/db";
import { saveCard, stripe } from "@/lib/payments";
import { createUser } from "./accounts";
import type { startPaymentsHarness } from "./payments";

type Harness = Awaited<ReturnType<typeof startPaymentsHarness>>;

let restore = () => {};

/** Sets the ledger's clock until restoreClock(). */
export function setTestClock(clock: Parameters<typeof setClock>[0]) {
  restore = setClock(clock);
}

/** Puts the ledger's clock back; for afterEach. */
export function restoreClock() {
  restore();
  restore = () => {};
}

export async function proUser(harness: Harness, label: string, start = "2026-03-10T12:00:00Z", card = "4242424242424242") {
  const ledger = manualClock(start);
  setTestClock(ledger);
  const { user, accountId } = await createUser(label);
  const clock = await stripe().testHelpers.testClocks.create({ frozen_time: Math.floor(Date.parse(start) / 1000) });
  const customer = await stripe().customers.create({ email: user.email, test_clock: clock.id, metadata: { userId: user.id } });
  await db.insert(stripeCustomers).values({ userId: user.id, customerId: customer.id });
  await saveCard(user, await harness.tokenize(card));
  /** Moves both clocks to `to` and waits for the webhooks the renewals sent. */
  async function advance(to: Date) {
    ledger.set(to);
    await stripe().testHelpers.testClocks.advance(clock.id, { frozen_time: Math.floor(to.getTime() / 1000) });
    await harness.sandbox.webhooksIdle();
  }
  return { user, accountId, advance };
}

/** The `invoice.paid` events Stripe sent for one subscription. */
export async function invoicePaidEvents(subscriptionId: string): Promise<Stripe.Event[]> {
  const events = await stripe().events.list({ type: "invoice.paid", limit: 100 });
  return events.data.filter((e) => (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscriptionId);
}
