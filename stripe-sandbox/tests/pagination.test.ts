/** List objects: newest first, limit, has_more, starting_after / ending_before, created filters, auto-pagination. */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "./helpers";

let s: Awaited<ReturnType<typeof startSandbox>>;
let now = Date.UTC(2030, 0, 1) / 1000;
const created: Stripe.PaymentIntent[] = [];

beforeAll(async () => {
  // The injectable clock spreads the intents over time, one minute apart.
  s = await startSandbox({ clock: () => now * 1000 });
  for (let i = 0; i < 25; i++) {
    created.push(await s.stripe.paymentIntents.create({ amount: 1000 + i, currency: "usd" }));
    now += 60;
  }
});
afterAll(() => s.sandbox.close());

describe("pagination", () => {
  it("lists newest first, `limit` at a time, with has_more", async () => {
    const page = await s.stripe.paymentIntents.list({ limit: 10 });
    expect(page.object).toBe("list");
    expect(page.url).toBe("/v1/payment_intents");
    expect(page.data.map((p) => p.amount)).toEqual(Array.from({ length: 10 }, (_, i) => 1024 - i));
    expect(page.has_more).toBe(true);
    const next = await s.stripe.paymentIntents.list({ limit: 10, starting_after: page.data.at(-1)?.id });
    expect(next.data[0]?.amount).toBe(1014);
    const last = await s.stripe.paymentIntents.list({ limit: 10, starting_after: next.data.at(-1)?.id });
    expect(last.data).toHaveLength(5);
    expect(last.has_more).toBe(false);
    const back = await s.stripe.paymentIntents.list({ limit: 3, ending_before: next.data[0]?.id });
    expect(back.data.map((p) => p.amount)).toEqual([1017, 1016, 1015]);
    expect(back.has_more).toBe(true);
  });

  it("auto-paginates through everything, in order", async () => {
    const all = await s.stripe.paymentIntents.list({ limit: 4 }).autoPagingToArray({ limit: 100 });
    expect(all.map((p) => p.id)).toEqual([...created].reverse().map((p) => p.id));
    const seen: string[] = [];
    for await (const pi of s.stripe.paymentIntents.list({ limit: 7 })) seen.push(pi.id);
    expect(seen).toHaveLength(25);
  });

  it("filters by created range", async () => {
    const from = created[5]?.created ?? 0;
    const to = created[9]?.created ?? 0;
    const inRange = await s.stripe.paymentIntents.list({ created: { gte: from, lte: to }, limit: 100 });
    expect(inRange.data.map((p) => p.amount)).toEqual([1009, 1008, 1007, 1006, 1005]);
    const after = await s.stripe.paymentIntents.list({ created: { gt: to }, limit: 100 });
    expect(after.data).toHaveLength(15);
    const exact = await s.stripe.paymentIntents.list({ created: from });
    expect(exact.data.map((p) => p.id)).toEqual([created[5]?.id]);
  });

  it("refuses a bad limit and an unknown cursor as Stripe does", async () => {
    await expect(s.stripe.paymentIntents.list({ limit: 101 })).rejects.toMatchObject({ param: "limit", statusCode: 400 });
    await expect(s.stripe.paymentIntents.list({ starting_after: "pi_missing" })).rejects.toMatchObject({
      code: "resource_missing",
      statusCode: 404,
    });
  });
});
