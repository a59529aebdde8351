/** Events and their delivery: Stripe's signature scheme, retries with backoff, /v1/events. */
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { signPayload } from "../webhooks";
import { eventually, startReceiver, startSandbox } from "./helpers";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(statuses: number[] = [], options: Parameters<typeof startSandbox>[0] = {}) {
  const receiver = await startReceiver(statuses);
  const s = await startSandbox({ webhookUrl: receiver.url, ...options });
  cleanups.push(receiver.close, s.sandbox.close);
  return { receiver, ...s };
}

describe("webhook delivery", () => {
  it("delivers every state change, signed so that stripe.webhooks.constructEvent accepts it", async () => {
    const { receiver, stripe, sandbox } = await setup();
    const customer = await stripe.customers.create({ email: "hook@example.com" });
    const pi = await stripe.paymentIntents.create({ allowed_payment_method_types: ["card"],
      amount: 2000,
      currency: "usd",
      customer: customer.id,
      payment_method: "pm_card_visa",
      setup_future_usage: "off_session",
      confirm: true,
    });
    await sandbox.webhooksIdle();

    const verified = receiver.received.map((r) =>
      stripe.webhooks.constructEvent(r.body, String(r.headers["stripe-signature"]), sandbox.webhookSecret),
    );
    expect(verified.map((e) => e.type)).toEqual([
      "customer.created",
      "payment_intent.created",
      "charge.succeeded",
      "payment_method.attached",
      "payment_intent.succeeded",
    ]);
    const succeeded = verified.find((e) => e.type === "payment_intent.succeeded");
    expect(succeeded?.data.object).toMatchObject({ id: pi.id, status: "succeeded", latest_charge: pi.latest_charge });
    expect(succeeded?.api_version).toBe(Stripe.API_VERSION);
    expect(succeeded?.request?.id).toMatch(/^req_/);
    expect(receiver.received[0]?.headers["content-type"]).toContain("application/json");

    // The same events through the API, newest first, and pending_webhooks cleared on delivery.
    const listed = await stripe.events.list({ limit: 100 });
    expect(listed.data.map((e) => e.id)).toEqual(verified.map((e) => e.id).reverse());
    const one = await stripe.events.retrieve(succeeded?.id ?? "");
    expect(one.pending_webhooks).toBe(0);
    expect((await stripe.events.list({ type: "payment_intent.*" })).data).toHaveLength(2);
  });

  it("signs in a way a tampered body or a stale timestamp fails verification", async () => {
    const { receiver, stripe, sandbox } = await setup();
    await stripe.customers.create({ name: "Ada" });
    await sandbox.webhooksIdle();
    const [delivery] = receiver.received;
    if (!delivery) throw new Error("nothing delivered");
    const header = String(delivery.headers["stripe-signature"]);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const tampered = delivery.body.replace("Ada", "Eve");
    expect(() => stripe.webhooks.constructEvent(tampered, header, sandbox.webhookSecret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(delivery.body, header, "whsec_other")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const stale = signPayload(delivery.body, sandbox.webhookSecret, Math.floor(Date.now() / 1000) - 3600);
    expect(() => stripe.webhooks.constructEvent(delivery.body, stale, sandbox.webhookSecret)).toThrow(/tolerance/i);
    // And the same helper, fresh, is accepted: the scheme is Stripe's, not a look-alike.
    const fresh = signPayload(delivery.body, sandbox.webhookSecret, Math.floor(Date.now() / 1000));
    expect(stripe.webhooks.constructEvent(delivery.body, fresh, sandbox.webhookSecret).type).toBe("customer.created");
  });

  it("retries a failed delivery with exponential backoff until the receiver accepts it", async () => {
    const { receiver, stripe, sandbox } = await setup([500, 503], { webhookRetryBaseMs: 40 });
    const customer = await stripe.customers.create();
    await sandbox.webhooksIdle();
    expect(receiver.received).toHaveLength(3);
    const ids = receiver.events().map((e) => e.id);
    expect(new Set(ids).size).toBe(1);
    const attempts = sandbox.webhookAttempts.filter((a) => a.eventId === ids[0]);
    expect(attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    const [a1, a2, a3] = attempts.map((a) => a.at);
    expect((a2 ?? 0) - (a1 ?? 0)).toBeGreaterThanOrEqual(35);
    expect((a3 ?? 0) - (a2 ?? 0)).toBeGreaterThanOrEqual(75); // doubled
    // Each attempt is signed afresh and verifies.
    for (const r of receiver.received) {
      expect(stripe.webhooks.constructEvent(r.body, String(r.headers["stripe-signature"]), sandbox.webhookSecret).data.object).toMatchObject({
        id: customer.id,
      });
    }
    expect((await stripe.events.retrieve(ids[0] ?? "")).pending_webhooks).toBe(0);
  });

  it("gives up after a bounded number of attempts when the receiver is unreachable", async () => {
    const s = await startSandbox({ webhookUrl: "http://127.0.0.1:9/unreachable", webhookRetryBaseMs: 5, webhookMaxAttempts: 3 });
    cleanups.push(s.sandbox.close);
    const customer = await s.stripe.customers.create();
    await s.sandbox.webhooksIdle();
    expect(s.sandbox.webhookAttempts).toHaveLength(3);
    expect(s.sandbox.webhookAttempts.every((a) => a.status === undefined && a.error)).toBe(true);
    const [event] = (await s.stripe.events.list()).data;
    expect(event?.data.object).toMatchObject({ id: customer.id });
    expect(event?.pending_webhooks).toBe(1);
  });

  it("emits failures, attachments and detachments too", async () => {
    const { receiver, stripe, sandbox } = await setup();
    const customer = await stripe.customers.create();
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.paymentMethods.detach(pm.id);
    await stripe.paymentIntents
      .create({ allowed_payment_method_types: ["card"], amount: 900, currency: "usd", payment_method: "pm_card_chargeDeclined", confirm: true })
      .catch(() => undefined);
    await eventually(() => expect(receiver.events().map((e) => e.type)).toContain("payment_intent.payment_failed"));
    await sandbox.webhooksIdle();
    const types = receiver.events().map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["payment_method.attached", "payment_method.detached", "charge.failed"]));
    const failed = receiver.events().find((e) => e.type === "payment_intent.payment_failed");
    expect(failed?.data.object).toMatchObject({ status: "requires_payment_method", last_payment_error: { decline_code: "generic_decline" } });
  });
});
