import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/db/client";
import { startPaymentsHarness } from "../support/payments";

// Issue 18, hole 6: webhook handlers must not exhaust the pool. A handler that
// awaits the network or a second connection while its event's transaction
// holds one stalls forever once as many events arrive at once as the pool has
// connections (postgres.js has no acquire timeout). The app's pool is set to
// 10 here, as in production, before anything reads the configuration.
const POOL = 10;
process.env.DATABASE_POOL_SIZE = String(POOL);
const harness = await startPaymentsHarness();
const { createUser } = await import("../support/accounts");
const { ensureCustomer, saveCard, stripe } = await import("@/lib/payments");
afterAll(() => harness.close());

/** Resolves with `work`'s result, or with "stalled" when it takes longer than `ms`. */
function within<T>(ms: number, work: Promise<T>): Promise<T | "stalled"> {
  return Promise.race([work, new Promise<"stalled">((r) => setTimeout(() => r("stalled"), ms))]);
}

function signedDelivery(event: object) {
  const payload = JSON.stringify(event);
  const header = stripe().webhooks.generateTestHeaderString({ payload, secret: harness.sandbox.webhookSecret });
  return harness.webhookRoute.POST(
    new Request("http://localhost/api/stripe/webhook", { method: "POST", headers: { "stripe-signature": header }, body: payload }),
  );
}

describe("webhooks under load", () => {
  it("the harness catches a stall: a naive handler that queries the pool inside its transaction never finishes", async () => {
    // The control, on a pool of its own (2 connections) so that its stall harms nothing else.
    const { db, sqlClient } = createDatabase({ url: process.env.DATABASE_URL, poolSize: 2 });
    const naive = Promise.all(
      Array.from({ length: 6 }, () =>
        db.transaction(async (tx) => {
          await tx.execute("select 1");
          await db.execute("select 1"); // a second connection while the first is held
        }),
      ),
    );
    expect(await within(2_000, naive)).toBe("stalled");
    await sqlClient.end({ timeout: 0 });
    await naive.catch(() => {});
  });

  it(`${3 * POOL} card webhooks at once all finish`, async () => {
    const { user } = await createUser("pool");
    const saved = await saveCard(user, await harness.tokenize("4242424242424242"));
    expect(saved.status).toBe("saved");
    const pm = (await stripe().paymentMethods.list({ customer: (await ensureCustomer(user)).customerId })).data[0]!;
    const types = ["payment_method.attached", "setup_intent.succeeded"] as const;
    const deliveries = Array.from({ length: 3 * POOL }, (_, i) =>
      signedDelivery({
        id: `evt_${randomUUID()}`,
        object: "event",
        type: types[i % 2],
        data: { object: i % 2 === 0 ? pm : { id: `seti_${randomUUID()}`, object: "setup_intent", payment_method: pm.id } },
      }),
    );
    const responses = await within(20_000, Promise.all(deliveries));
    expect(responses).not.toBe("stalled");
    if (responses === "stalled") return;
    expect(responses.map((r) => r.status)).toEqual(Array(3 * POOL).fill(200));
  });
});

describe("the pool's acquire timeout", () => {
  it("turns a wait for a connection into a retryable 'database unavailable', and never runs the late work", async () => {
    const { db, transactionWithin } = await import("@/lib/db");
    const { isDatabaseUnavailable } = await import("@/lib/database-unavailable");
    let free = () => {};
    const busy = new Promise<void>((r) => (free = r));
    // Every connection of the pool held by a transaction that waits.
    const holders = Array.from({ length: POOL }, () => db.transaction(async (tx) => { await tx.execute("select 1"); await busy; }));
    await new Promise((r) => setTimeout(r, 200));
    let ran = false;
    const waiting = transactionWithin(async () => {
      ran = true;
    }, 300);
    const error = await waiting.then(() => null, (e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    free();
    await Promise.all(holders);
    await new Promise((r) => setTimeout(r, 100));
    expect(ran).toBe(false);
  });
});
