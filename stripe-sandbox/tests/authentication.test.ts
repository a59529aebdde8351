/** The on-session authentication step: the sandbox's own "complete authentication" page, and its test helper. */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, startSandbox, tokenize } from "./helpers";

let s: Awaited<ReturnType<typeof startSandbox>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
  s = await startSandbox({ webhookUrl: receiver.url });
});
afterAll(async () => {
  await s.sandbox.close();
  await receiver.close();
});

const returnUrl = "http://localhost:3999/settings/billing?from=3ds";

async function challenged(number = "4000002760003184") {
  const pm = await tokenize(s.browser, number);
  const pi = await s.stripe.paymentIntents.create({
    amount: 2000,
    currency: "usd",
    payment_method: pm.id,
    confirm: true,
    return_url: returnUrl,
  });
  expect(pi.status).toBe("requires_action");
  expect(pi.next_action?.type).toBe("redirect_to_url");
  expect(pi.next_action?.redirect_to_url?.return_url).toBe(returnUrl);
  const url = new URL(pi.next_action?.redirect_to_url?.url ?? "");
  expect(url.origin).toBe(s.sandbox.url);
  return { pi, url };
}

/** What the browser does when a button on the page is pressed: a form POST from the page's own origin. */
async function press(url: URL, outcome: "complete" | "fail") {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url.origin },
    body: new URLSearchParams({ token: url.searchParams.get("token") ?? "", outcome }),
  });
}

describe("authentication page", () => {
  it("shows Complete and Fail buttons, and completing it succeeds the payment and returns to the app", async () => {
    const { pi, url } = await challenged();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Complete authentication");
    expect(html).toContain("Fail authentication");
    expect(html).toContain("$20.00");

    const res = await press(url, "complete");
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get("location") ?? "");
    expect(`${back.origin}${back.pathname}`).toBe("http://localhost:3999/settings/billing");
    expect(back.searchParams.get("from")).toBe("3ds");
    expect(back.searchParams.get("payment_intent")).toBe(pi.id);
    expect(back.searchParams.get("payment_intent_client_secret")).toBe(pi.client_secret);
    expect(back.searchParams.get("redirect_status")).toBe("succeeded");

    const after = await s.stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge"] });
    expect(after.status).toBe("succeeded");
    expect(after.next_action).toBeNull();
    expect((after.latest_charge as Stripe.Charge).status).toBe("succeeded");
    await s.sandbox.webhooksIdle();
    const types = receiver.events().filter((e) => (e.data.object as { id: string }).id === pi.id).map((e) => e.type);
    expect(types).toEqual(["payment_intent.created", "payment_intent.requires_action", "payment_intent.succeeded"]);

    // The link is spent.
    expect((await fetch(url)).status).toBe(404);
  });

  it("failing it sends the intent back to requires_payment_method with last_payment_error", async () => {
    const { pi, url } = await challenged("4000002500003155");
    const res = await press(url, "fail");
    expect(new URL(res.headers.get("location") ?? "").searchParams.get("redirect_status")).toBe("failed");
    const after = await s.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("requires_payment_method");
    expect(after.last_payment_error?.code).toBe("payment_intent_authentication_failure");
    expect(after.latest_charge).toBeNull();
    await s.sandbox.webhooksIdle();
    expect(receiver.events().some((e) => e.type === "payment_intent.payment_failed" && (e.data.object as Stripe.PaymentIntent).id === pi.id)).toBe(true);
  });

  it("refuses a wrong token and a foreign origin", async () => {
    const { pi, url } = await challenged();
    const wrong = new URL(url);
    wrong.searchParams.set("token", "x".repeat(32));
    expect((await fetch(wrong)).status).toBe(404);
    expect((await press(wrong, "complete")).status).toBe(404);
    const foreign = await fetch(url, { method: "POST", headers: { Origin: "http://evil.example" }, body: "outcome=complete" });
    expect(foreign.status).toBe(403);
    expect((await s.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_action");
  });

  it("has a test helper that does the same without a browser, for SetupIntents too", async () => {
    const customer = await s.stripe.customers.create();
    const pm = await tokenize(s.browser, "4000002500003155");
    const si = await s.stripe.setupIntents.create({ allowed_payment_method_types: ["card"], customer: customer.id, payment_method: pm.id, confirm: true, usage: "off_session" });
    expect(si.status).toBe("requires_action");
    expect(si.next_action?.type).toBe("use_stripe_sdk");
    const done = (await s.stripe.rawRequest("POST", `/v1/test_helpers/setup_intents/${si.id}/authenticate`, {
      outcome: "complete",
    })) as Stripe.SetupIntent;
    expect(done.status).toBe("succeeded");
    expect((await s.stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    // Nothing left to authenticate: Stripe's unexpected-state error.
    await expect(
      s.stripe.rawRequest("POST", `/v1/test_helpers/setup_intents/${si.id}/authenticate`, {}),
    ).rejects.toMatchObject({ code: "setup_intent_unexpected_state" });

    const { pi } = await challenged();
    const failed = (await s.stripe.rawRequest("POST", `/v1/test_helpers/payment_intents/${pi.id}/authenticate`, {
      outcome: "fail",
    })) as Stripe.PaymentIntent;
    expect(failed.status).toBe("requires_payment_method");
  });

  it("confirms a requires_confirmation intent later, and cancels one waiting for authentication", async () => {
    const pi = await s.stripe.paymentIntents.create({ amount: 1500, currency: "usd", payment_method: "pm_card_authenticationRequired", allowed_payment_method_types: ["card"] });
    expect(pi.status).toBe("requires_confirmation");
    const confirmed = await s.stripe.paymentIntents.confirm(pi.id, { return_url: returnUrl });
    expect(confirmed.status).toBe("requires_action");
    const canceled = await s.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned", next_action: null });
    await expect(s.stripe.paymentIntents.confirm(pi.id)).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });
    await expect(s.stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });
  });
});
