/** Idempotency-Key as Stripe honours it: replay, conflict, concurrent duplicates. */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "./helpers";

let s: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  s = await startSandbox();
});
afterAll(() => s.sandbox.close());

const params = { amount: 2500, currency: "usd", payment_method: "pm_card_visa", confirm: true, allowed_payment_method_types: ["card"], metadata: { order: "1" } };

async function count(metadataOrder: string) {
  const all = await s.stripe.paymentIntents.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  return all.filter((pi) => pi.metadata.order === metadataOrder).length;
}

describe("idempotency", () => {
  it("replays the same response for the same key and parameters", async () => {
    const key = `replay-${Date.now()}`;
    const first = await s.stripe.paymentIntents.create(params, { idempotencyKey: key });
    const second = await s.stripe.paymentIntents.create(params, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(await count("1")).toBe(1);
  });

  it("refuses the same key with other parameters (idempotency_error)", async () => {
    const key = `conflict-${Date.now()}`;
    await s.stripe.customers.create({ email: "a@example.com" }, { idempotencyKey: key });
    const error = await s.stripe.customers.create({ email: "b@example.com" }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((error as Stripe.errors.StripeError).statusCode).toBe(400);
    // Another endpoint with the same key is a conflict too.
    const other = await s.stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("replays a card decline instead of charging again", async () => {
    const key = `decline-${Date.now()}`;
    const declined = { ...params, payment_method: "pm_card_chargeDeclined", metadata: { order: "declined" } };
    const a = await s.stripe.paymentIntents.create(declined, { idempotencyKey: key }).catch((e: Stripe.errors.StripeCardError) => e);
    const b = await s.stripe.paymentIntents.create(declined, { idempotencyKey: key }).catch((e: Stripe.errors.StripeCardError) => e);
    expect(a).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(b).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((b as Stripe.errors.StripeCardError).payment_intent?.id).toBe((a as Stripe.errors.StripeCardError).payment_intent?.id);
    expect((b as Stripe.errors.StripeCardError).headers?.["idempotent-replayed"]).toBe("true");
    expect(await count("declined")).toBe(1);
  });

  it("keeps no result for a request refused by validation: the key can be used again", async () => {
    const key = `invalid-${Date.now()}`;
    const bad = await s.stripe.paymentIntents.create({ ...params, amount: 10 }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ type: "StripeInvalidRequestError", code: "amount_too_small", param: "amount" });
    const good = await s.stripe.paymentIntents.create({ ...params, amount: 10 + 990 }, { idempotencyKey: key });
    expect(good.status).toBe("succeeded");
  });

  it("runs concurrent duplicates once", async () => {
    const key = `concurrent-${Date.now()}`;
    const dup = { ...params, metadata: { order: "concurrent" } };
    const results = await Promise.all(Array.from({ length: 8 }, () => s.stripe.paymentIntents.create(dup, { idempotencyKey: key })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.lastResponse.headers["idempotent-replayed"] === "true")).toHaveLength(7);
    expect(await count("concurrent")).toBe(1);
  });

  it("gives every POST without a user key its own execution (the SDK's automatic keys)", async () => {
    const a = await s.stripe.paymentIntents.create({ ...params, metadata: { order: "auto" } });
    const b = await s.stripe.paymentIntents.create({ ...params, metadata: { order: "auto" } });
    expect(a.id).not.toBe(b.id);
    expect(await count("auto")).toBe(2);
  });
});
