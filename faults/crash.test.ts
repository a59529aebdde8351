/**
 * Crash safety (issue #12): a production server under a burst of metered
 * usage, holds and captures, auto-refills and purchases is killed with SIGKILL
 * at random moments (seeded: CRASH_SEEDS="1,2,3" repeats a run), restarted, and
 * the burst carries on. Clients that got no answer send the same request with
 * the same Idempotency-Key again once it is back, as a real client does.
 * Purchases are made from this process against the same database and sandbox,
 * as a second instance would, while the sandbox's webhooks keep going to the
 * server that is being killed. At the end, after the refill jobs and one
 * reconciliation pass, every answer is checked against the ledger and every
 * PaymentIntent against the grants (faults/support/money-checks.ts says what
 * broken implementation each check catches).
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { sendUntilAnswered, type Answer } from "./support/client";
import {
  balanceProblems,
  holdProblems,
  paymentProblems,
  refillProblems,
  usageProblems,
  type HoldAnswer,
  type UsageAnswer,
} from "./support/money-checks";
import { between, pick, runSeeds, seededRandom } from "./support/random";
import { faultHarnessForFile } from "./support/vitest";

const harness = await faultHarnessForFile();
const { createApiUser, ledgerProblems } = await import("./support/accounts");
const { purchaseCredits, saveCard, saveAutoRefill, processDueRefills, reconcilePayments, stripe } = await import("@/lib/payments");
const { grantCredits, manualClock, setClock } = await import("@/lib/credits");
const { AppError } = await import("@/lib/errors");

const SEEDS = runSeeds("CRASH_SEEDS", 3);
const KILLS_PER_SEED = 2;
const CLIENTS = 6;
const CARDS = { visa: "4242424242424242", declined: "4000000000000002" };
const features = ["code_generation", "chat", "agent_request"] as const;
const models = ["gpt-5-mini", "claude-sonnet-4.5", "claude-opus-4.1"] as const;

type Client = Awaited<ReturnType<typeof createApiUser>>;

const usageAnswers: UsageAnswer[] = [];
const holdAnswers: HoldAnswer[] = [];
const purchases: { status: string; intent?: string }[] = [];
const figures = { kills: 0, sends: 0, unanswered: 0, retriedRequests: 0, serverErrors: 0 };

function headers(client: Client, idempotencyKey?: string) {
  return { authorization: `Bearer ${client.key}`, ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) };
}

function count(answer: Answer) {
  figures.sends += answer.attempts;
  figures.unanswered += answer.unanswered;
  figures.serverErrors += answer.serverErrors.length;
  if (answer.attempts > 1) figures.retriedRequests++;
  return answer;
}

async function meter(app: typeof harness.apps[number], client: Client, random: () => number) {
  const key = `usage-${randomUUID()}`;
  const answer = count(
    await sendUntilAnswered(app, "/api/v1/usage", {
      headers: headers(client, key),
      json: { feature: pick(random, features), model: pick(random, models), inputTokens: between(random, 0, 60_000), outputTokens: between(random, 0, 8_000) },
    }),
  );
  const body = answer.body as { requestId?: string; credits?: number };
  usageAnswers.push({ accountId: client.accountId, idempotencyKey: key, status: answer.status, requestId: body.requestId, credits: body.credits });
}

async function holdAndResolve(app: typeof harness.apps[number], client: Client, random: () => number) {
  const key = `hold-${randomUUID()}`;
  const maxCredits = between(random, 5, 40);
  const placed = count(
    await sendUntilAnswered(app, "/api/v1/holds", {
      headers: headers(client, key),
      json: { feature: pick(random, features), model: pick(random, models), maxCredits },
    }),
  );
  const record: HoldAnswer = { accountId: client.accountId, idempotencyKey: key, status: placed.status };
  holdAnswers.push(record);
  if (placed.status !== 201) return;
  record.holdId = (placed.body as { holdId: string }).holdId;
  const action = random() < 0.7 ? "capture" : "release";
  const credits = between(random, 1, maxCredits);
  const resolved = count(
    await sendUntilAnswered(app, `/api/v1/holds/${record.holdId}/${action}`, {
      headers: headers(client),
      json: action === "capture" ? { credits } : {},
    }),
  );
  record.resolution = { action, status: resolved.status, credits: (resolved.body as { credits?: number }).credits };
}

async function buy(client: Client, random: () => number, returnUrl: string) {
  const card = random() < 0.8 ? CARDS.visa : CARDS.declined;
  try {
    const outcome = await purchaseCredits(client.user, {
      attemptId: randomUUID(),
      choice: { credits: between(random, 125, 200) },
      paymentMethodId: await harness.tokenize(card),
      newCard: true,
      saveCard: false,
      returnUrl,
    });
    purchases.push({ status: outcome.status, intent: outcome.purchase.paymentIntentId ?? undefined });
  } catch (error) {
    if (!(error instanceof AppError && error.code === "rate_limited")) throw error;
    purchases.push({ status: "rate_limited" });
  }
}

async function allIntents(): Promise<Stripe.PaymentIntent[]> {
  return stripe().paymentIntents.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
}

describe("crash safety", () => {
  it(`SIGKILLs under load ${SEEDS.length * KILLS_PER_SEED} times: every answer holds, every payment is credited once`, async () => {
    const app = await harness.startApp({ jobs: true });
    const returnUrl = `${app.url}/settings/billing`;

    // Three accounts that buy credits now and then, one that soon runs dry (402s), two
    // that auto-refill from a saved card.
    const plain = await Promise.all([0, 1, 2].map((i) => createApiUser(`crash-${i}`, 300)));
    // A handful of credits: refused within its first few requests however slow the box is.
    const dry = await createApiUser("crash-dry", 10);
    const refilling = await Promise.all([0, 1].map((i) => createApiUser(`crash-refill-${i}`, 350)));
    for (const client of refilling) {
      expect((await saveCard(client.user, await harness.tokenize(CARDS.visa))).status).toBe("saved");
      await saveAutoRefill(client.accountId, { enabled: true, thresholdCredits: 300, refillCredits: 500, monthlyLimitCents: 1_000_000, paymentMethodId: null });
    }
    const clients = [...plain, dry, ...refilling];

    let running = true;
    const traffic = Array.from({ length: CLIENTS }, async (_, i) => {
      const random = seededRandom(SEEDS[0]! * 31 + i);
      while (running) {
        const client = pick(random, clients);
        if (random() < 0.7) await meter(app, client, random);
        else await holdAndResolve(app, client, random);
      }
    });
    const buying = (async () => {
      const random = seededRandom(SEEDS[0]! * 17);
      while (running) {
        await buy(pick(random, plain), random, returnUrl);
        await sleep(between(random, 1_500, 4_000));
      }
    })();

    try {
      for (const seed of SEEDS) {
        const random = seededRandom(seed);
        for (let k = 0; k < KILLS_PER_SEED; k++) {
          // Up for a while (a restarted server is slow at first), then killed mid-burst.
          await sleep(between(random, 1_500, 5_000));
          await app.kill("SIGKILL");
          figures.kills++;
          await sleep(between(random, 0, 1_000)); // down: new requests are refused at the socket
          await app.start();
        }
      }
      await sleep(1_500);
    } finally {
      running = false;
      await Promise.all([...traffic, buying]);
    }

    // Refills queued by the last debits are charged by the server's job (every 2 s).
    await expect
      .poll(async () => Number((await harness.db.sql`select count(*) as n from refills where status = 'queued'`)[0]!.n), { timeout: 30_000, interval: 500 })
      .toBe(0);
    // A refill claimed by a server that was then killed stays "processing" until it
    // is stale (5 minutes); another worker takes it over then. That worker is this
    // process, with the clock moved past the stale mark.
    const [stale] = await harness.db.sql<{ n: string }[]>`select count(*) as n from refills where status = 'processing'`;
    const later = manualClock(new Date(Date.now() + 6 * 60_000));
    const restoreClock = setClock(later);
    try {
      // Bounded: each pass charges what is due; a pass that finds nothing ends it, long before the bound.
      let passes = 0;
      while (passes < 50 && (await processDueRefills()).processed > 0) passes++;
      expect(passes).toBeLessThan(50);
    } finally {
      restoreClock();
    }
    await harness.sandbox.webhooksIdle();
    const reconciled = await reconcilePayments();

    const intents = await allIntents();
    const spent = new Map<number, number>();
    for (const a of usageAnswers) if (a.status === 201) spent.set(a.accountId, (spent.get(a.accountId) ?? 0) + a.credits!);
    for (const h of holdAnswers) {
      if (h.resolution?.action === "capture" && h.resolution.status === 200) spent.set(h.accountId, (spent.get(h.accountId) ?? 0) + h.resolution.credits!);
    }
    const failedDeliveries = harness.sandbox.webhookAttempts.filter((a) => a.status !== 200).length;
    const statusCounts = (list: { status: number }[]) =>
      Object.fromEntries([...new Set(list.map((a) => a.status))].map((s) => [s, list.filter((a) => a.status === s).length]));
    console.log(
      JSON.stringify(
        {
          seeds: SEEDS,
          ...figures,
          usage: statusCounts(usageAnswers),
          holds: statusCounts(holdAnswers),
          captures: holdAnswers.filter((h) => h.resolution?.action === "capture").length,
          releases: holdAnswers.filter((h) => h.resolution?.action === "release").length,
          purchases: Object.fromEntries([...new Set(purchases.map((p) => p.status))].map((s) => [s, purchases.filter((p) => p.status === s).length])),
          paymentIntents: Object.fromEntries([...new Set(intents.map((i) => i.status))].map((s) => [s, intents.filter((i) => i.status === s).length])),
          refills: (await harness.db.sql`select status, count(*)::int as n from refills group by status`).map((r) => `${r.status}: ${r.n}`),
          refillsTakenOverAfterCrash: Number(stale!.n),
          webhookDeliveriesFailed: failedDeliveries,
          reconciliationCredited: reconciled.credited.length,
        },
        null,
        1,
      ),
    );

    expect(figures.kills).toBe(SEEDS.length * KILLS_PER_SEED);
    expect(figures.serverErrors).toBe(0);
    expect(await usageProblems(harness.db.sql, usageAnswers)).toEqual([]);
    expect(await holdProblems(harness.db.sql, holdAnswers)).toEqual([]);
    expect(await balanceProblems(harness.db.sql, clients.map((c) => ({ accountId: c.accountId, expectedSpent: spent.get(c.accountId) ?? 0 })))).toEqual([]);
    expect(await paymentProblems(harness.db.sql, intents)).toEqual([]);
    expect(await refillProblems(harness.db.sql, intents)).toEqual([]);
    expect(reconciled.notSucceededInStripe).toEqual([]);
    expect(await ledgerProblems()).toEqual([]);
    // The run did exercise what the checks are about (else they proved little): both
    // outcomes, requests cut off by a kill and sent again, purchases and refills charged.
    const outcomes = new Set([...usageAnswers, ...holdAnswers].map((a) => a.status));
    expect(outcomes.has(201) && outcomes.has(402)).toBe(true);
    expect(figures.unanswered).toBeGreaterThan(0);
    expect(figures.retriedRequests).toBeGreaterThan(0);
    expect(purchases.filter((p) => p.status === "succeeded").length).toBeGreaterThan(0);
    const [refilled] = await harness.db.sql<{ n: string }[]>`select count(*) as n from refills where status = 'succeeded'`;
    expect(Number(refilled!.n)).toBeGreaterThan(0);
  });

  // Controls: the checks must see what they are there to catch. An answer the
  // ledger does not bear out (a 201 whose debit went missing or differs):
  it("the usage check catches a 201 the ledger does not match", async () => {
    const answered = usageAnswers.find((a) => a.status === 201)!;
    const problems = await usageProblems(harness.db.sql, [{ ...answered, credits: answered.credits! + 1 }]);
    expect(problems).toEqual([
      `usage ${answered.idempotencyKey} answered ${answered.credits! + 1} credits, the ledger debited ${answered.credits}`,
      `usage ${answered.idempotencyKey} answered ${answered.credits! + 1} credits, the request log says captured ${answered.credits}`,
    ]);
  });

  // The payment check must see a PaymentIntent credited twice. A second,
  // balanced grant keyed by the same PaymentIntent is what a handler without the
  // "credited once" key would write when the webhook and the confirm path both credit.
  it("the payment check catches a PaymentIntent credited twice", async () => {
    const intent = (await allIntents()).find((i) => i.status === "succeeded");
    expect(intent).toBeDefined();
    await grantCredits({ accountId: Number(intent!.metadata.accountId), source: "promo", amount: Number(intent!.metadata.credits), externalRef: intent!.id });
    expect(await paymentProblems(harness.db.sql, await allIntents())).toEqual([`PaymentIntent ${intent!.id} succeeded and is credited 2 times`]);
  });
});
