/** The sandbox card form's logic: formatting, inline validation, tokenizing against the sandbox. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxCardForm } from "../../components/payments/sandbox-card-form";
import { formatCardNumber, formatExpiry, tokenizeCard, validateCard } from "../../components/payments/card-details";
import { startStripeSandbox, type StripeSandbox } from "../../stripe-sandbox";

let s: { sandbox: StripeSandbox; stripe: Stripe };
beforeAll(async () => {
  const sandbox = await startStripeSandbox({
    secretKey: "sk_test_card_form_0123456789",
    publishableKey: "pk_test_card_form_0123456789",
    webhookSecret: "whsec_card_form",
    appOrigin: "http://localhost:3999",
  });
  s = { sandbox, stripe: new Stripe(sandbox.secretKey, { host: "127.0.0.1", port: sandbox.port, protocol: "http", maxNetworkRetries: 0 }) };
});
afterAll(() => s.sandbox.close());

const today = new Date(2030, 5, 15);

describe("card details", () => {
  it("formats as the user types", () => {
    expect(formatCardNumber("4242424242424242")).toBe("4242 4242 4242 4242");
    expect(formatCardNumber("3782-822463-10005")).toBe("3782 822463 10005");
    expect(formatExpiry("4")).toBe("04");
    expect(formatExpiry("1234")).toBe("12 / 34");
    expect(formatExpiry("12 / 3")).toBe("12 / 3");
  });

  it("validates with Stripe Elements' messages", () => {
    expect(validateCard({ number: "", expiry: "", cvc: "" }, today).errors).toEqual({
      number: "Enter your card number.",
      expiry: "Enter the expiration date.",
      cvc: "Enter the security code.",
    });
    expect(validateCard({ number: "4242 4242", expiry: "12 / 3", cvc: "1" }, today).errors).toEqual({
      number: "Your card number is incomplete.",
      expiry: "Your card's expiration date is incomplete.",
      cvc: "Your card's security code is incomplete.",
    });
    expect(validateCard({ number: "4242 4242 4242 4241", expiry: "13 / 34", cvc: "123" }, today).errors).toMatchObject({
      number: "Your card number is invalid.",
      expiry: "Your card's expiration date is invalid.",
    });
    expect(validateCard({ number: "4242424242424242", expiry: "05 / 30", cvc: "123" }, today).errors.expiry).toBe(
      "Your card's expiration date is in the past.",
    );
    expect(validateCard({ number: "4242 4242 4242 4242", expiry: "06 / 30", cvc: "123" }, today)).toEqual({
      errors: {},
      card: { number: "4242424242424242", exp_month: 6, exp_year: 2030, cvc: "123" },
    });
  });

  it("tokenizes with the publishable key and returns only a pm_ id", async () => {
    const card = { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123" };
    const result = await tokenizeCard({ sandboxUrl: s.sandbox.url, publishableKey: s.sandbox.publishableKey, card });
    expect(result).toEqual({ id: expect.stringMatching(/^pm_/) });
    if ("id" in result) expect((await s.stripe.paymentMethods.retrieve(result.id)).card?.last4).toBe("4242");
  });

  it("hands back the sandbox's error message, tied to the field it is about", async () => {
    const publishableKey = s.sandbox.publishableKey;
    const live = { number: "4111111111111111", exp_month: 12, exp_year: 2034, cvc: "123" };
    const declined = await tokenizeCard({ sandboxUrl: s.sandbox.url, publishableKey, card: live });
    expect(declined).toEqual({ error: { field: undefined, message: expect.stringMatching(/non test card/) } });
    const wrongKey = await tokenizeCard({ sandboxUrl: s.sandbox.url, publishableKey: "pk_test_wrong", card: live });
    expect(wrongKey).toEqual({ error: { field: undefined, message: expect.stringMatching(/Invalid API Key/) } });
    const badCvc = await tokenizeCard({ sandboxUrl: s.sandbox.url, publishableKey, card: { ...live, number: "4242424242424242", cvc: "12" } });
    expect(badCvc).toEqual({ error: { field: "cvc", message: "Your card's security code is invalid." } });
    const unreachable = await tokenizeCard({ sandboxUrl: "http://127.0.0.1:9", publishableKey, card: live });
    expect(unreachable).toMatchObject({ error: { message: expect.stringMatching(/could not be reached/) } });
  });
});

describe("SandboxCardForm markup", () => {
  it("labels every field and says it is test mode", () => {
    const html = renderToStaticMarkup(
      createElement(SandboxCardForm, { sandboxUrl: "http://127.0.0.1:1", publishableKey: "pk_test_x", onPaymentMethod: () => {} }),
    );
    for (const label of ["Card number", "Expiration", "CVC"]) {
      const match = new RegExp(`<label for="([^"]+)"[^>]*>${label}</label>`).exec(html);
      expect(match, label).not.toBeNull();
      expect(html).toContain(`id="${match?.[1]}"`);
    }
    expect(html).toMatch(/autocomplete="cc-number"/i);
    expect(html).toMatch(/Test mode — no real charges/);
    expect(html).toMatch(/<button[^>]*type="button"[^>]*>Add card<\/button>/);
    // The expiry format hint is wired to its input for screen readers.
    expect(html).toMatch(/aria-describedby="[^"]*-expiry-hint"/);
  });
});
