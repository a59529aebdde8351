/**
 * What Stripe refuses, the sandbox refuses: automatic payment methods are on
 * by default, so a server-side confirm needs a return_url unless the intent is
 * card-only or forbids redirects. And what Stripe.js may do with the
 * publishable key: retrieve and confirm an intent whose client_secret it holds.
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ORIGIN, startSandbox, tokenize } from "./helpers";

let s: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  s = await startSandbox();
});
afterAll(() => s.sandbox.close());

/** A browser call as Stripe.js makes it: form-encoded, the key in the body or the query, from the app's origin. */
async function browser(method: "GET" | "POST", path: string, fields: Record<string, string>) {
  const query = new URLSearchParams({ key: s.sandbox.publishableKey, ...fields });
  const res = await fetch(`${s.sandbox.url}${path}${method === "GET" ? `?${query}` : ""}`, {
    method,
    headers: { Origin: APP_ORIGIN, ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
    ...(method === "POST" ? { body: query } : {}),
  });
  return { status: res.status, cors: res.headers.get("access-control-allow-origin"), json: (await res.json()) as Record<string, unknown> };
}

describe("automatic payment methods and return_url", () => {
  it("defaults to automatic payment methods with redirects, as Stripe does since 2023-08-16", async () => {
    const pi = await s.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    expect(pi.automatic_payment_methods).toEqual({ enabled: true, allow_redirects: "always" });
    const si = await s.stripe.setupIntents.create({});
    expect(si.automatic_payment_methods).toEqual({ enabled: true, allow_redirects: "always" });
  });

  it("refuses a confirm without return_url on such an intent (create+confirm and /confirm), creating nothing", async () => {
    const before = (await s.stripe.paymentIntents.list({ limit: 100 })).data.length;
    await expect(
      s.stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true }),
    ).rejects.toMatchObject({ type: "StripeInvalidRequestError", param: "return_url", message: expect.stringMatching(/A `return_url` must be specified/) });
    expect((await s.stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);

    const pi = await s.stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: "pm_card_visa" });
    await expect(s.stripe.paymentIntents.confirm(pi.id)).rejects.toMatchObject({ param: "return_url" });
    await expect(s.stripe.paymentIntents.confirm(pi.id, { off_session: true })).rejects.toMatchObject({ param: "return_url" });

    const customer = await s.stripe.customers.create();
    const pm = await tokenize(s.browser, "4242424242424242");
    await expect(
      s.stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true, usage: "off_session" }),
    ).rejects.toMatchObject({ param: "return_url", message: expect.stringMatching(/this Setup Intent/) });
    const si = await s.stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id });
    await expect(s.stripe.setupIntents.confirm(si.id)).rejects.toMatchObject({ param: "return_url" });
  });

  it("confirms without return_url when card-only or when redirects are off", async () => {
    const cardOnly = await s.stripe.paymentIntents.create({
      amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true, allowed_payment_method_types: ["card"],
    });
    expect(cardOnly).toMatchObject({ status: "succeeded", automatic_payment_methods: null, allowed_payment_method_types: ["card"] });
    const noRedirects = await s.stripe.paymentIntents.create({
      amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    expect(noRedirects).toMatchObject({ status: "succeeded", automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
    const withReturn = await s.stripe.paymentIntents.create({
      amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true, return_url: "http://localhost:3999/back",
    });
    expect(withReturn.status).toBe("succeeded");
    const customer = await s.stripe.customers.create();
    const pm = await tokenize(s.browser, "4242424242424242");
    const si = await s.stripe.setupIntents.create({
      customer: customer.id, payment_method: pm.id, confirm: true, usage: "off_session", allowed_payment_method_types: ["card"],
    });
    expect(si.status).toBe("succeeded");
  });

  it("refuses both payment_method_types and automatic_payment_methods", async () => {
    await expect(
      s.stripe.paymentIntents.create({ amount: 1000, currency: "usd", allowed_payment_method_types: ["card"], automatic_payment_methods: { enabled: true } }),
    ).rejects.toMatchObject({ param: "automatic_payment_methods" });
  });
});

describe("Stripe.js: the publishable key with a client_secret", () => {
  let pi: Stripe.PaymentIntent;
  beforeAll(async () => {
    pi = await s.stripe.paymentIntents.create({ amount: 2000, currency: "usd", allowed_payment_method_types: ["card"] });
  });

  it("retrieves a PaymentIntent with its client_secret, from the app's origin (CORS)", async () => {
    const res = await browser("GET", `/v1/payment_intents/${pi.id}`, { client_secret: pi.client_secret! });
    expect(res).toMatchObject({ status: 200, cors: APP_ORIGIN, json: { id: pi.id, object: "payment_intent", status: "requires_payment_method" } });
  });

  it("refuses without the client_secret, with another one, and for what Stripe.js may not do", async () => {
    expect((await browser("GET", `/v1/payment_intents/${pi.id}`, {})).json).toMatchObject({ error: { param: "client_secret" } });
    const wrong = await browser("GET", `/v1/payment_intents/${pi.id}`, { client_secret: `${pi.id}_secret_nope` });
    expect(wrong).toMatchObject({ status: 400, json: { error: { type: "invalid_request_error", param: "client_secret" } } });
    expect((await browser("GET", "/v1/payment_intents", {})).status).toBe(401);
    expect((await browser("POST", "/v1/payment_intents", { amount: "100", currency: "usd" })).status).toBe(401);
    expect((await browser("POST", `/v1/payment_intents/${pi.id}`, { client_secret: pi.client_secret!, amount: "60" })).status).toBe(401);
  });

  it("confirms a PaymentIntent with a card Stripe.js tokenized, and reports a decline as a card_error", async () => {
    const pm = await tokenize(s.browser, "4242424242424242");
    const ok = await browser("POST", `/v1/payment_intents/${pi.id}/confirm`, { client_secret: pi.client_secret!, payment_method: pm.id });
    expect(ok).toMatchObject({ status: 200, cors: APP_ORIGIN, json: { id: pi.id, status: "succeeded" } });

    const other = await s.stripe.paymentIntents.create({ amount: 2000, currency: "usd" });
    const declined = await tokenize(s.browser, "4000000000000002");
    const res = await browser("POST", `/v1/payment_intents/${other.id}/confirm`, {
      client_secret: other.client_secret!, payment_method: declined.id, use_stripe_sdk: "true",
    });
    expect(res).toMatchObject({ status: 402, json: { error: { type: "card_error", code: "card_declined", decline_code: "generic_decline" } } });
  });

  it("gets use_stripe_sdk for authentication when Stripe.js confirms, and confirms SetupIntents", async () => {
    const other = await s.stripe.paymentIntents.create({ amount: 2000, currency: "usd" });
    const pm = await tokenize(s.browser, "4000002760003184");
    const res = await browser("POST", `/v1/payment_intents/${other.id}/confirm`, { client_secret: other.client_secret!, payment_method: pm.id });
    expect(res.json).toMatchObject({ status: "requires_action", next_action: { type: "use_stripe_sdk" } });

    const customer = await s.stripe.customers.create();
    const si = await s.stripe.setupIntents.create({ customer: customer.id, usage: "off_session" });
    const card = await tokenize(s.browser, "4242424242424242");
    const saved = await browser("POST", `/v1/setup_intents/${si.id}/confirm`, { client_secret: si.client_secret!, payment_method: card.id });
    expect(saved).toMatchObject({ status: 200, json: { id: si.id, status: "succeeded" } });
    expect((await s.stripe.paymentMethods.retrieve(card.id)).customer).toBe(customer.id);
    const got = await browser("GET", `/v1/setup_intents/${si.id}`, { client_secret: si.client_secret! });
    expect(got.json).toMatchObject({ id: si.id, status: "succeeded" });
  });
});
