/** Refunds, partial and full, and what they do to the charge. */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, startSandbox } from "./helpers";

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

async function paid(amount = 10_000) {
  return s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"], amount, currency: "usd", payment_method: "pm_card_visa", confirm: true });
}

describe("refunds", () => {
  it("refunds part, then the rest, of a PaymentIntent's charge", async () => {
    const pi = await paid();
    const partial = await s.stripe.refunds.create({ payment_intent: pi.id, amount: 2_500, reason: "requested_by_customer" });
    expect(partial).toMatchObject({ object: "refund", amount: 2_500, status: "succeeded", charge: pi.latest_charge, payment_intent: pi.id });
    let charge = await s.stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 2_500, refunded: false });

    const rest = await s.stripe.refunds.create({ charge: String(pi.latest_charge) });
    expect(rest.amount).toBe(7_500);
    charge = await s.stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 10_000, refunded: true });
    expect(await s.stripe.refunds.retrieve(partial.id)).toMatchObject({ id: partial.id, amount: 2_500 });
    expect((await s.stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.id)).toEqual([rest.id, partial.id]);

    await s.sandbox.webhooksIdle();
    const refunded = receiver.events().filter((e) => e.type === "charge.refunded" && (e.data.object as Stripe.Charge).id === charge.id);
    expect(refunded.map((e) => (e.data.object as Stripe.Charge).amount_refunded)).toEqual([2_500, 10_000]);
    expect(refunded[1]?.data.previous_attributes).toMatchObject({ amount_refunded: 2_500, refunded: false });
  });

  it("refuses more than what is left, a second full refund, and an unpaid intent", async () => {
    const pi = await paid(5_000);
    await expect(s.stripe.refunds.create({ payment_intent: pi.id, amount: 6_000 })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "amount_too_large",
      param: "amount",
    });
    await s.stripe.refunds.create({ payment_intent: pi.id });
    await expect(s.stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({ code: "charge_already_refunded" });
    const open = await s.stripe.paymentIntents.create({ amount: 5_000, currency: "usd" });
    await expect(s.stripe.refunds.create({ payment_intent: open.id })).rejects.toMatchObject({ statusCode: 400 });
    await expect(s.stripe.refunds.retrieve("re_missing")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});
