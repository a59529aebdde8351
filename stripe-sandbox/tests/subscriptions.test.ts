import Stripe from "stripe";
import { afterAll, expect, it } from "vitest";
import { startStripeSandbox } from "../server";

const sandbox = await startStripeSandbox({ port: 0, secretKey: "sk_test_sub", publishableKey: "pk_test_sub", webhookSecret: "whsec_sub" });
const s = new Stripe(sandbox.secretKey, { host: "127.0.0.1", port: sandbox.port, protocol: "http" });
afterAll(() => sandbox.close());
const at = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m, d) / 1000);

async function monthly() {
  const product = await s.products.create({ name: "Pro" });
  return s.prices.create({ product: product.id, currency: "usd", unit_amount: 2000, recurring: { interval: "month" }, lookup_key: `k${Math.random()}` });
}

it("bills each period on the anchor day (clamped to short months) as a test clock advances, and ends at period end when asked", async () => {
  const price = await monthly();
  const clock = await s.testHelpers.testClocks.create({ frozen_time: at(2026, 0, 31) });
  const customer = await s.customers.create({ test_clock: clock.id });
  const pm = await s.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const sub = await s.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, payment_behavior: "error_if_incomplete" });
  expect(sub.status).toBe("active");
  expect(sub.items.data[0]!.current_period_end).toBe(at(2026, 1, 28));
  await s.testHelpers.testClocks.advance(clock.id, { frozen_time: at(2026, 2, 1) });
  const invoices = await s.invoices.list({ subscription: sub.id });
  expect(invoices.data.map((i) => [i.billing_reason, i.status, i.lines.data[0]!.period.start, i.lines.data[0]!.period.end])).toEqual([
    ["subscription_cycle", "paid", at(2026, 1, 28), at(2026, 2, 31)],
    ["subscription_create", "paid", at(2026, 0, 31), at(2026, 1, 28)],
  ]);
  expect(invoices.data[0]!.parent?.subscription_details?.subscription).toBe(sub.id);
  await s.subscriptions.update(sub.id, { cancel_at_period_end: true });
  await s.testHelpers.testClocks.advance(clock.id, { frozen_time: at(2026, 4, 1) });
  expect((await s.subscriptions.retrieve(sub.id)).status).toBe("canceled");
  expect((await s.invoices.list({ subscription: sub.id })).data).toHaveLength(2);
  const types = (await s.events.list({ limit: 100 })).data.map((e) => e.type);
  expect(types).toContain("customer.subscription.deleted");
});

it("a declined renewal leaves the subscription past_due until the open invoice is paid with a new card", async () => {
  const price = await monthly();
  const clock = await s.testHelpers.testClocks.create({ frozen_time: at(2026, 0, 10) });
  const customer = await s.customers.create({ test_clock: clock.id });
  const failing = await s.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
  const good = await s.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const sub = await s.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: good.id });
  await s.subscriptions.update(sub.id, { default_payment_method: failing.id });
  await s.testHelpers.testClocks.advance(clock.id, { frozen_time: at(2026, 1, 10) });
  expect((await s.subscriptions.retrieve(sub.id)).status).toBe("past_due");
  const [open] = (await s.invoices.list({ subscription: sub.id, status: "open" })).data;
  expect(open!.billing_reason).toBe("subscription_cycle");
  await expect(s.invoices.pay(open!.id)).rejects.toMatchObject({ type: "StripeCardError" });
  await s.subscriptions.update(sub.id, { default_payment_method: good.id });
  expect((await s.invoices.pay(open!.id)).status).toBe("paid");
  expect((await s.subscriptions.retrieve(sub.id)).status).toBe("active");
  const types = (await s.events.list({ limit: 100 })).data.map((e) => e.type);
  expect(types).toContain("invoice.payment_failed");
});

it("a card that declines at sign-up: error_if_incomplete refuses, allow_incomplete leaves it incomplete", async () => {
  const price = await monthly();
  const customer = await s.customers.create({});
  const pm = await s.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
  await expect(
    s.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, payment_behavior: "error_if_incomplete" }),
  ).rejects.toMatchObject({ type: "StripeCardError" });
  const sub = await s.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id });
  expect(sub.status).toBe("incomplete");
  await s.subscriptions.cancel(sub.id);
  expect((await s.subscriptions.retrieve(sub.id)).status).toBe("canceled");
});

it("a paid invoice names its PaymentIntent only through an invoice payment, listed by invoice or by payment, and told by invoice_payment.paid", async () => {
  const price = await monthly();
  const customer = await s.customers.create({});
  const pm = await s.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const sub = await s.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id });
  const [invoice] = (await s.invoices.list({ subscription: sub.id })).data;
  const { data } = await s.invoicePayments.list({ invoice: invoice!.id });
  expect(data).toHaveLength(1);
  const [payment] = data;
  expect(payment).toMatchObject({ object: "invoice_payment", invoice: invoice!.id, status: "paid", amount_paid: 2000, payment: { type: "payment_intent" } });
  const intent = await s.paymentIntents.retrieve(String(payment!.payment.payment_intent));
  expect(intent).toMatchObject({ status: "succeeded", amount: 2000, customer: customer.id });
  const byIntent = await s.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: intent.id } });
  expect(byIntent.data.map((p) => p.id)).toEqual([payment!.id]);
  expect((await s.invoicePayments.retrieve(payment!.id)).invoice).toBe(invoice!.id);
  await expect(s.invoicePayments.retrieve("inpay_missing")).rejects.toMatchObject({ statusCode: 404 });
  const told = (await s.events.list({ type: "invoice_payment.paid", limit: 100 })).data.map((e) => (e.data.object as Stripe.InvoicePayment).id);
  expect(told).toContain(payment!.id);
});
