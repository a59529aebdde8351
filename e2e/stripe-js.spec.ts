/**
 * Contract tests of the sandbox's Stripe.js in Chromium: a page of a made-up
 * app origin loads it from the sandbox, as pages load js.stripe.com, and the
 * object and its Elements answer with Stripe.js's shapes. The app's own
 * components use the same calls (components/payments).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import Stripe from "stripe";
import { startStripeSandbox, type StripeSandbox } from "../stripe-sandbox";

// A loopback origin, as the app is in the e2e run (Chromium keeps public pages from loading loopback scripts).
let APP = "";
let sandbox: StripeSandbox;
let server: Stripe;
let app: Server;

// The "app": a real page on loopback (Chromium lets only a loopback page load the loopback sandbox's script).
test.beforeAll(async () => {
  app = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><title>App</title><script src="${sandbox.url}/endive/stripe.js"></script></head>
<body><main><form id="pay"><div id="card"></div><button>Pay</button></form></main></body></html>`);
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  APP = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  sandbox = await startStripeSandbox({
    secretKey: "sk_test_contract_0123456789",
    publishableKey: "pk_test_contract_0123456789",
    webhookSecret: "whsec_contract",
    appOrigin: APP,
  });
  server = new Stripe(sandbox.secretKey, { host: "127.0.0.1", port: sandbox.port, protocol: "http", maxNetworkRetries: 0 });
});
test.afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => app.close(resolve));
});

/** A page of the "app" with a card Element mounted in its form. */
async function appPage(page: Page) {
  await page.goto(`${APP}/checkout`);
  await page.evaluate((key) => {
    const w = window as unknown as Record<string, unknown> & { Stripe: (key: string) => Record<string, (...a: unknown[]) => unknown> };
    const stripe = w.Stripe(key);
    const elements = stripe.elements!() as Record<string, (...a: unknown[]) => unknown>;
    const card = elements.create!("card") as Record<string, (...a: unknown[]) => unknown>;
    card.mount!("#card");
    Object.assign(w, { stripe, elements, card });
  }, sandbox.publishableKey);
  const frame = page.frameLocator('iframe[title="Secure card payment input frame"]');
  await expect(frame.getByLabel("Card number")).toBeVisible();
  return frame;
}

async function typeCard(frame: ReturnType<Page["frameLocator"]>, number: string) {
  await frame.getByLabel("Card number").fill(number);
  await frame.getByLabel("Expiration").fill("12 / 34");
  await frame.getByLabel("CVC").fill("123");
}

/** Runs `stripe.<method>(...args)` in the page, where `"$card"` stands for the card Element. */
function call(page: Page, method: string, ...args: unknown[]) {
  return page.evaluate(
    ([m, a]) => {
      const w = window as unknown as Record<string, unknown> & { stripe: Record<string, (...x: unknown[]) => Promise<unknown>> };
      const swap = (v: unknown): unknown =>
        v === "$card" ? w.card : v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)])) : v;
      return w.stripe[m as string]!(...(a as unknown[]).map(swap));
    },
    [method, args] as const,
  ) as Promise<Record<string, Record<string, unknown> | undefined>>;
}

test("window.Stripe passes @stripe/react-stripe-js's isStripe guard and has every method the app calls", async ({ page }) => {
  await appPage(page);
  const shape = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown> & { Stripe: { version: unknown }; stripe: Record<string, unknown>; card: Record<string, unknown> };
    const raw = w.stripe;
    // react-stripe-js 7.0.1's isStripe, verbatim in meaning.
    const isStripe = raw !== null && typeof raw === "object" && typeof raw.elements === "function" && typeof raw.createToken === "function" && typeof raw.createPaymentMethod === "function" && typeof raw.confirmCardPayment === "function";
    const methods = ["createPaymentMethod", "confirmCardSetup", "confirmSetup", "confirmCardPayment", "confirmPayment", "handleNextAction", "handleCardAction", "retrieveSetupIntent", "retrievePaymentIntent", "_registerWrapper", "registerAppInfo"];
    const elementMethods = ["mount", "unmount", "on", "off", "once", "update", "destroy", "focus", "blur", "clear"];
    return {
      isStripe,
      version: w.Stripe.version,
      missing: methods.filter((m) => typeof raw[m] !== "function"),
      missingOnElement: elementMethods.filter((m) => typeof w.card[m] !== "function"),
    };
  });
  expect(shape).toEqual({ isStripe: true, version: "endive", missing: [], missingOnElement: [] });
});

test("the card fields are a frame of the sandbox's origin; the page gets only a pm_ id", async ({ page }) => {
  const frame = await appPage(page);
  const src = await page.locator('iframe[title="Secure card payment input frame"]').getAttribute("src");
  expect(new URL(src!).origin).toBe(new URL(sandbox.url).origin);
  await frame.getByLabel("Card number").pressSequentially("4242424242424242");
  await expect(frame.getByLabel("Card number")).toHaveValue("4242 4242 4242 4242");
  await frame.getByLabel("Expiration").pressSequentially("434");
  await expect(frame.getByLabel("Expiration")).toHaveValue("04 / 34");
  await frame.getByLabel("CVC").fill("123");
  const result = await call(page, "createPaymentMethod", { type: "card", card: "$card" });
  expect(result.paymentMethod).toMatchObject({ id: expect.stringMatching(/^pm_/), object: "payment_method", card: { last4: "4242", brand: "visa" } });
  expect(result.error).toBeUndefined();
  expect(await page.content()).not.toContain("4242 4242");
});

test("validation errors resolve as { error } and show inline in the frame", async ({ page }) => {
  const frame = await appPage(page);
  await frame.getByLabel("Card number").fill("4242 4242");
  const result = await call(page, "createPaymentMethod", { type: "card", card: "$card" });
  expect(result.error).toMatchObject({ type: "validation_error", code: "incomplete_number", message: "Your card number is incomplete." });
  await expect(frame.getByText("Your card number is incomplete.")).toBeVisible();
  await expect(frame.getByLabel("Card number")).toHaveAttribute("aria-invalid", "true");
  const token = await call(page, "createToken", "$card");
  expect(token.error).toMatchObject({ type: "invalid_request_error" });
});

test("confirmCardPayment: success, a decline as a card_error, and retrievePaymentIntent", async ({ page }) => {
  const frame = await appPage(page);
  await typeCard(frame, "4242 4242 4242 4242");
  const pi = await server.paymentIntents.create({ amount: 2000, currency: "usd", allowed_payment_method_types: ["card"] });
  const paid = await call(page, "confirmCardPayment", pi.client_secret, { payment_method: { card: "$card" } });
  expect(paid.paymentIntent).toMatchObject({ id: pi.id, status: "succeeded" });
  const got = await call(page, "retrievePaymentIntent", pi.client_secret);
  expect(got.paymentIntent).toMatchObject({ id: pi.id, status: "succeeded" });

  await typeCard(frame, "4000 0000 0000 0002");
  const other = await server.paymentIntents.create({ amount: 2000, currency: "usd", allowed_payment_method_types: ["card"] });
  const declined = await call(page, "confirmCardPayment", other.client_secret, { payment_method: { card: "$card" } });
  expect(declined.error).toMatchObject({ type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." });
  const bad = await call(page, "retrievePaymentIntent", "pi_nope");
  expect(bad.error).toMatchObject({ type: "invalid_request_error" });
});

test("3-D Secure runs in a modal frame in the page: Complete pays, Fail leaves it unpaid with a plain message", async ({ page }) => {
  const frame = await appPage(page);
  await typeCard(frame, "4000 0025 0000 3155");
  const pi = await server.paymentIntents.create({ amount: 2000, currency: "usd", allowed_payment_method_types: ["card"] });
  const paying = call(page, "confirmCardPayment", pi.client_secret, { payment_method: { card: "$card" } });
  const challenge = page.frameLocator('iframe[title="3D Secure authentication"]');
  await challenge.getByRole("button", { name: "Complete authentication" }).click();
  expect((await paying).paymentIntent).toMatchObject({ id: pi.id, status: "succeeded" });
  await expect(page.locator('iframe[title="3D Secure authentication"]')).toHaveCount(0);
  expect(page.url()).toBe(`${APP}/checkout`);

  const other = await server.paymentIntents.create({ amount: 2000, currency: "usd", allowed_payment_method_types: ["card"] });
  const failing = call(page, "confirmCardPayment", other.client_secret, { payment_method: { card: "$card" } });
  await challenge.getByRole("button", { name: "Fail authentication" }).click();
  const failed = await failing;
  expect(failed.error).toMatchObject({
    code: "payment_intent_authentication_failure",
    message: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
  });
  expect((await server.paymentIntents.retrieve(other.id)).status).toBe("requires_payment_method");
});

test("handleNextAction finishes an intent the server confirmed; confirmCardSetup saves a card; retrieveSetupIntent", async ({ page }) => {
  const frame = await appPage(page);
  await typeCard(frame, "4000 0027 6000 3184");
  const made = await call(page, "createPaymentMethod", { type: "card", card: "$card" });
  const pmId = String(made.paymentMethod!.id);
  const pi = await server.paymentIntents.create({
    amount: 2000, currency: "usd", payment_method: pmId, confirm: true, allowed_payment_method_types: ["card"],
  });
  expect(pi.status).toBe("requires_action");
  const acting = call(page, "handleNextAction", { clientSecret: pi.client_secret });
  await page.frameLocator('iframe[title="3D Secure authentication"]').getByRole("button", { name: "Complete authentication" }).click();
  expect((await acting).paymentIntent).toMatchObject({ id: pi.id, status: "succeeded" });

  await typeCard(frame, "4242 4242 4242 4242");
  const customer = await server.customers.create();
  const si = await server.setupIntents.create({ customer: customer.id, usage: "off_session", allowed_payment_method_types: ["card"] });
  const saved = await call(page, "confirmCardSetup", si.client_secret, { payment_method: { card: "$card" } });
  expect(saved.setupIntent).toMatchObject({ id: si.id, status: "succeeded", payment_method: expect.stringMatching(/^pm_/) });
  expect((await call(page, "retrieveSetupIntent", si.client_secret)).setupIntent).toMatchObject({ id: si.id, status: "succeeded" });
});

test("the card frame is served to the app's origin only", async ({ request }) => {
  const q = (parent: string) => `${sandbox.url}/elements/card?channel=c1&parent=${encodeURIComponent(parent)}&key=${sandbox.publishableKey}`;
  expect((await request.get(q(APP))).status()).toBe(200);
  const res = await request.get(q("http://localhost:5999")); // any origin but the app's
  expect(res.status()).toBe(403);
  expect((await request.get(q(APP))).headers()["content-security-policy"]).toContain(`frame-ancestors ${APP}`);
});
