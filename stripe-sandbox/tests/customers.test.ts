/** Customers and their saved cards; state kept across restarts; the form decoding underneath. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseForm } from "../form";
import { startSandbox, tokenize } from "./helpers";

let s: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  s = await startSandbox();
});
afterAll(() => s.sandbox.close());

describe("customers and saved cards", () => {
  it("creates, retrieves and updates a customer, with Stripe's metadata rules", async () => {
    const customer = await s.stripe.customers.create({ email: "ada@example.com", name: "Ada", metadata: { account: "42", plan: "free" } });
    expect(customer).toMatchObject({ object: "customer", email: "ada@example.com", invoice_settings: { default_payment_method: null } });
    const updated = await s.stripe.customers.update(customer.id, { name: "Ada L.", metadata: { plan: "", tier: "pro" } });
    expect(updated.metadata).toEqual({ account: "42", tier: "pro" });
    expect((await s.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ name: "Ada L." });
    await expect(s.stripe.customers.retrieve("cus_missing")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
      message: "No such customer: 'cus_missing'",
    });
  });

  it("sets a saved card as the default, lists and detaches cards", async () => {
    const customer = await s.stripe.customers.create();
    const visa = await tokenize(s.browser, "4242424242424242");
    const mc = await tokenize(s.browser, "5555555555554444");
    const stranger = await tokenize(s.browser, "4242424242424242");

    await expect(
      s.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: stranger.id } }),
    ).rejects.toMatchObject({ statusCode: 400, param: "invoice_settings[default_payment_method]" });

    await s.stripe.paymentMethods.attach(visa.id, { customer: customer.id });
    await s.stripe.paymentMethods.attach(mc.id, { customer: customer.id });
    const withDefault = await s.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });
    expect(withDefault.invoice_settings.default_payment_method).toBe(visa.id);

    const cards = await s.stripe.paymentMethods.list({ customer: customer.id, type: "card" });
    expect(cards.data.map((c) => c.id)).toEqual([mc.id, visa.id]);
    const viaCustomer = await s.stripe.customers.listPaymentMethods(customer.id);
    expect(viaCustomer.data).toHaveLength(2);

    // Another customer cannot take it; detaching clears the default.
    const other = await s.stripe.customers.create();
    await expect(s.stripe.paymentMethods.attach(visa.id, { customer: other.id })).rejects.toMatchObject({ statusCode: 400 });
    const detached = await s.stripe.paymentMethods.detach(visa.id);
    expect(detached.customer).toBeNull();
    const after = (await s.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after.invoice_settings.default_payment_method).toBeNull();
    await expect(s.stripe.paymentMethods.detach(visa.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it("refuses unknown parameters and a PaymentMethod of another customer", async () => {
    await expect(s.stripe.customers.create({ emial: "typo@example.com" } as Stripe.CustomerCreateParams)).rejects.toMatchObject({
      code: "parameter_unknown",
      param: "emial",
    });
    const owner = await s.stripe.customers.create();
    const pm = await s.stripe.paymentMethods.attach("pm_card_visa", { customer: owner.id });
    const other = await s.stripe.customers.create();
    await expect(
      s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"], amount: 1000, currency: "usd", customer: other.id, payment_method: pm.id, confirm: true }),
    ).rejects.toMatchObject({ statusCode: 400, param: "payment_method" });
  });

  it("keeps its state in the state file across restarts", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "stripe-sandbox-"));
    try {
      const stateFile = path.join(dir, "state.json");
      const first = await startSandbox({ stateFile });
      const customer = await first.stripe.customers.create({ email: "kept@example.com" });
      const pm = await first.stripe.paymentMethods.attach("pm_card_authenticationRequiredOnSetup", { customer: customer.id });
      const si = await first.stripe.setupIntents.create({ allowed_payment_method_types: ["card"], customer: customer.id, payment_method: pm.id, confirm: true });
      await first.stripe.rawRequest("POST", `/v1/test_helpers/setup_intents/${si.id}/authenticate`, {});
      await first.sandbox.close();

      const second = await startSandbox({ stateFile });
      try {
        expect(((await second.stripe.customers.retrieve(customer.id)) as Stripe.Customer).email).toBe("kept@example.com");
        // The hidden part of the state survives too: the card stays set up for off-session use.
        const pi = await second.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"],
          amount: 2000,
          currency: "usd",
          customer: customer.id,
          payment_method: pm.id,
          confirm: true,
          off_session: true,
        });
        expect(pi.status).toBe("succeeded");
      } finally {
        await second.sandbox.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("form decoding", () => {
  it("decodes Stripe's nested keys and indexed arrays", () => {
    const form = parseForm(
      "card[number]=4242&card[exp_month]=12&expand[0]=latest_charge&expand[1]=customer&metadata[a%20b]=c%26d&created[gte]=5&empty=",
    );
    expect(form).toEqual({
      card: { number: "4242", exp_month: "12" },
      expand: ["latest_charge", "customer"],
      metadata: { "a b": "c&d" },
      created: { gte: "5" },
      empty: "",
    });
  });

  it("refuses keys that would reach Object.prototype", () => {
    expect(() => parseForm("__proto__[polluted]=1")).toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
