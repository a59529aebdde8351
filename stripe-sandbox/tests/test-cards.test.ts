/** Each of Stripe's test cards, on-session and off-session, through the real SDK. */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startSandbox, tokenize } from "./helpers";

let s: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  s = await startSandbox();
});
afterAll(() => s.sandbox.close());

async function onSession(number: string) {
  const pm = await tokenize(s.browser, number);
  return s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"], amount: 2000, currency: "usd", payment_method: pm.id, confirm: true });
}

/** A saved card charged without the customer: attach (if the card allows it), then off_session. */
async function offSession(number: string, prepare?: (customer: string, pm: string) => Promise<void>) {
  const customer = await s.stripe.customers.create({ email: "off@example.com" });
  const pm = await tokenize(s.browser, number);
  await s.stripe.paymentMethods.attach(pm.id, { customer: customer.id }).catch(() => undefined);
  await prepare?.(customer.id, pm.id);
  return s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"],
    amount: 2000,
    currency: "usd",
    customer: customer.id,
    payment_method: pm.id,
    confirm: true,
    off_session: true,
  });
}

async function expectCardError(attempt: Promise<unknown>, code: string, declineCode: string) {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
  const e = error as Stripe.errors.StripeCardError;
  expect(e.statusCode).toBe(402);
  expect(e.code).toBe(code);
  expect(e.decline_code).toBe(declineCode);
  expect(e.payment_intent?.status).toBe("requires_payment_method");
  expect(e.payment_intent?.last_payment_error?.code).toBe(code);
  // The intent keeps the failed attempt as its latest charge.
  const pi = await s.stripe.paymentIntents.retrieve(e.payment_intent?.id ?? "", { expand: ["latest_charge"] });
  expect(pi.status).toBe("requires_payment_method");
  expect(pi.latest_charge).toMatchObject({ status: "failed", failure_code: code });
  return e;
}

describe("cards that succeed", () => {
  it("4242 succeeds on-session and off-session, with a succeeded charge", async () => {
    const pi = await onSession("4242424242424242");
    expect(pi.status).toBe("succeeded");
    expect(pi.amount_received).toBe(2000);
    const charge = await s.stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({ status: "succeeded", paid: true, amount: 2000, payment_intent: pi.id });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: "visa", last4: "4242" });
    expect((await offSession("4242424242424242")).status).toBe("succeeded");
  });

  it("a tokenized card carries brand, last4 and expiry", async () => {
    const pm = await tokenize(s.browser, "5555555555554444", { exp_month: 3, exp_year: 2031 });
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.card).toMatchObject({ brand: "mastercard", last4: "4444", exp_month: 3, exp_year: 2031 });
    const amex = await tokenize(s.browser, "378282246310005");
    expect(amex.card).toMatchObject({ brand: "amex", last4: "0005" });
  });

  it("pm_card_visa test ids make a fresh card on every use", async () => {
    const a = await s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"], amount: 500, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    const b = await s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"], amount: 500, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    expect(a.status).toBe("succeeded");
    expect(a.payment_method).toMatch(/^pm_/);
    expect(a.payment_method).not.toBe(b.payment_method);
  });
});

describe("declining cards", () => {
  const cases = [
    ["4000000000000002", "card_declined", "generic_decline"],
    ["4000000000009995", "card_declined", "insufficient_funds"],
    ["4000000000000069", "expired_card", "expired_card"],
  ] as const;

  for (const [number, code, declineCode] of cases) {
    it(`${number} declines with ${code}/${declineCode} on-session, when saved, and off-session`, async () => {
      const e = await expectCardError(onSession(number), code, declineCode);
      expect(e.payment_method?.card?.last4).toBe(number.slice(-4));

      const customer = await s.stripe.customers.create();
      const pm = await tokenize(s.browser, number);
      const attach = await s.stripe.paymentMethods.attach(pm.id, { customer: customer.id }).catch((x: unknown) => x);
      expect(attach).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect((attach as Stripe.errors.StripeCardError).decline_code).toBe(declineCode);

      await expectCardError(offSession(number), code, declineCode);
    });
  }

  it("4000000000000341 attaches, then every charge is declined", async () => {
    const customer = await s.stripe.customers.create();
    const pm = await tokenize(s.browser, "4000000000000341");
    const attached = await s.stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
    await expectCardError(onSession("4000000000000341"), "card_declined", "generic_decline");
    await expectCardError(offSession("4000000000000341"), "card_declined", "generic_decline");
  });
});

describe("cards that ask for authentication", () => {
  it("4000002500003155 needs authentication on-session; off-session only once set up", async () => {
    const pi = await onSession("4000002500003155");
    expect(pi.status).toBe("requires_action");
    expect(pi.next_action?.type).toBe("use_stripe_sdk");

    await expectCardError(offSession("4000002500003155"), "authentication_required", "authentication_required");

    // Set up with a SetupIntent, authenticated once: off-session payments then succeed.
    const setUp = await offSession("4000002500003155", async (customer, pm) => {
      const si = await s.stripe.setupIntents.create({ allowed_payment_method_types: ["card"], customer, payment_method: pm, confirm: true, usage: "off_session" });
      expect(si.status).toBe("requires_action");
      await s.stripe.rawRequest("POST", `/v1/test_helpers/setup_intents/${si.id}/authenticate`, { outcome: "complete" });
      expect((await s.stripe.setupIntents.retrieve(si.id)).status).toBe("succeeded");
    });
    expect(setUp.status).toBe("succeeded");
  });

  it("4000002500003155 saved by a payment with setup_future_usage then pays off-session", async () => {
    const customer = await s.stripe.customers.create();
    const pm = await tokenize(s.browser, "4000002500003155");
    const first = await s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"],
      amount: 2000,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      setup_future_usage: "off_session",
      confirm: true,
    });
    expect(first.status).toBe("requires_action");
    const done = (await s.stripe.rawRequest("POST", `/v1/test_helpers/payment_intents/${first.id}/authenticate`, {})) as Stripe.PaymentIntent;
    expect(done.status).toBe("succeeded");
    expect((await s.stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    const later = await s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"],
      amount: 2000,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    expect(later.status).toBe("succeeded");
  });

  it("4000002760003184 always needs authentication: off-session fails even after setup", async () => {
    expect((await onSession("4000002760003184")).status).toBe("requires_action");
    const e = await expectCardError(
      offSession("4000002760003184", async (customer, pm) => {
        const si = await s.stripe.setupIntents.create({ allowed_payment_method_types: ["card"], customer, payment_method: pm, confirm: true });
        await s.stripe.rawRequest("POST", `/v1/test_helpers/setup_intents/${si.id}/authenticate`, { outcome: "complete" });
      }),
      "authentication_required",
      "authentication_required",
    );
    expect(e.payment_intent?.last_payment_error?.payment_method?.card?.last4).toBe("3184");
  });

  it("error_on_requires_action turns the challenge into an authentication_required error", async () => {
    const pm = await tokenize(s.browser, "4000002760003184");
    const attempt = s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"],
      amount: 2000,
      currency: "usd",
      payment_method: pm.id,
      confirm: true,
      error_on_requires_action: true,
    });
    await expect(attempt).rejects.toMatchObject({ code: "authentication_required" });
  });
});

describe("disputed card", () => {
  it("4000000000000259 succeeds, then the charge is disputed and charge.dispute.created emitted", async () => {
    const pi = await onSession("4000000000000259");
    expect(pi.status).toBe("succeeded");
    const chargeId = String(pi.latest_charge);
    const event = await eventually(async () => {
      const events = await s.stripe.events.list({ type: "charge.dispute.created", limit: 100 });
      const found = events.data.find((e) => (e.data.object as Stripe.Dispute).charge === chargeId);
      if (!found) throw new Error("no dispute yet");
      return found;
    });
    expect(event.data.object).toMatchObject({ object: "dispute", amount: 2000, reason: "fraudulent", status: "needs_response" });
    expect((await s.stripe.charges.retrieve(chargeId)).disputed).toBe(true);
    expect((await offSession("4000000000000259")).status).toBe("succeeded");
  });
});

describe("SetupIntents", () => {
  it("saves a good card for off-session use and attaches it to the customer", async () => {
    const customer = await s.stripe.customers.create();
    const pm = await tokenize(s.browser, "4242424242424242");
    const si = await s.stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, allowed_payment_method_types: ["card"] });
    expect(si).toMatchObject({ status: "requires_confirmation", usage: "off_session", client_secret: expect.stringMatching(/^seti_.+_secret_/) });
    const confirmed = await s.stripe.setupIntents.confirm(si.id);
    expect(confirmed.status).toBe("succeeded");
    expect((await s.stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    const types = (await s.stripe.events.list({ limit: 100 })).data
      .filter((e) => (e.data.object as { id: string }).id === si.id)
      .map((e) => e.type);
    expect(types).toEqual(["setup_intent.succeeded", "setup_intent.created"]);
  });

  it("declines a declining card with the SetupIntent in the card error; 0341 sets up fine", async () => {
    const customer = await s.stripe.customers.create();
    const pm = await tokenize(s.browser, "4000000000009995");
    const error = await s.stripe.setupIntents
      .create({ allowed_payment_method_types: ["card"], customer: customer.id, payment_method: pm.id, confirm: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    const e = error as Stripe.errors.StripeCardError;
    expect(e.decline_code).toBe("insufficient_funds");
    expect(e.setup_intent).toMatchObject({ status: "requires_payment_method", last_setup_error: { code: "card_declined" } });
    expect((await s.stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();

    const failing = await tokenize(s.browser, "4000000000000341");
    const ok = await s.stripe.setupIntents.create({ allowed_payment_method_types: ["card"], customer: customer.id, payment_method: failing.id, confirm: true });
    expect(ok.status).toBe("succeeded");
  });
});
