/**
 * Per-key monthly limits (issue 23): against the real route handlers and the
 * ledger functions in PostgreSQL. A limited key's spend (captured debits and
 * captures) plus its pending holds never pass its limit in a calendar month
 * of the user's time zone, even under N parallel requests.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db, sqlClient } from "@/lib/db";
import { createApiKey, listApiKeys, setApiKeyLimit } from "@/lib/api-keys";
import { getBalance, grantCredits, manualClock, setClock } from "@/lib/credits";
import { priceRequest } from "@/lib/credits/shared";
import { createUser, ledgerProblems } from "../support/accounts";
import { call } from "../support/api";

const chat = { feature: "chat", model: "claude-sonnet-4.5" } as const;
const cost = priceRequest(chat).credits;
let counter = 0;
const newKey = () => `limit-test-${++counter}-${Date.now()}`;

let restoreClock: (() => void) | null = null;
afterEach(() => {
  restoreClock?.();
  restoreClock = null;
});

/** A user with `credits` and a key limited to `limit` credits a month. */
async function limitedClient(limit: number | null, credits = 1_000) {
  const { user, accountId } = await createUser("limits");
  await grantCredits({ accountId, source: "purchase", amount: credits });
  const { key, apiKey } = await createApiKey(user.id, "limited", limit);
  return { user, accountId, key, keyId: apiKey.id };
}

const meter = (key: string, idempotencyKey = newKey()) => call("POST", "/api/v1/usage", { key, idempotencyKey, body: chat });
const hold = (key: string, maxCredits: number, idempotencyKey = newKey()) =>
  call("POST", "/api/v1/holds", { key, idempotencyKey, body: { ...chat, maxCredits } });

async function usedThisMonth(userId: string, keyId: string) {
  return (await listApiKeys(userId)).find((k) => k.id === keyId)!.usedThisMonth;
}

describe("a key's monthly limit", () => {
  it("answers 402 key_limit_reached once spent, while the account still has credits", async () => {
    const limit = cost * 3;
    const { user, accountId, key, keyId } = await limitedClient(limit);
    for (let i = 0; i < 3; i++) expect((await meter(key)).status).toBe(201);
    const refused = await meter(key);
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe("key_limit_reached");
    expect(refused.body.error.message).toMatch(/monthly limit is spent/);
    expect(refused.body.error.message).toMatch(/resets on .*\(UTC\)/);
    expect((await getBalance(accountId)).balance).toBe(1_000 - limit);
    expect(await usedThisMonth(user.id, keyId)).toBe(limit);
    // Logged as refused, like a request the balance cannot pay.
    const [row] = await db.execute<{ status: string; credits: string }>(
      sql`select status, credits from usage_requests where account_id = ${accountId} order by created_at desc, id desc limit 1`,
    );
    expect(row).toMatchObject({ status: "refused", credits: "0" });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("leaves the answer insufficient_credits when the account itself cannot pay", async () => {
    // The first request spends both the limit and the account: the second is refused by both.
    const { key } = await limitedClient(cost, cost);
    expect((await meter(key)).status).toBe(201);
    const res = await meter(key);
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe("insufficient_credits");
  });

  it("a 402 does not use up the Idempotency-Key: the same key succeeds once the limit is raised", async () => {
    const { user, key, keyId } = await limitedClient(cost);
    await meter(key);
    const idempotencyKey = newKey();
    expect((await meter(key, idempotencyKey)).body.error.code).toBe("key_limit_reached");
    await setApiKeyLimit(user.id, keyId, cost * 2);
    const retried = await meter(key, idempotencyKey);
    expect(retried.status).toBe(201);
    const replay = await meter(key, idempotencyKey);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(retried.body);
    expect(await usedThisMonth(user.id, keyId)).toBe(cost * 2);
  });

  it("does not limit keys without one, nor other keys of the same account", async () => {
    const { user, key, keyId } = await limitedClient(null, 100);
    for (let i = 0; i < 5; i++) expect((await meter(key)).status).toBe(201);
    expect(await usedThisMonth(user.id, keyId)).toBe(0);
    const [spend] = await db.execute<{ n: string }>(sql`select count(*) as n from api_key_spend where key_id = ${keyId}`);
    expect(spend!.n).toBe("0");

    const limited = await createApiKey(user.id, "limited", cost);
    expect((await meter(limited.key)).status).toBe(201);
    expect((await meter(limited.key)).body.error.code).toBe("key_limit_reached");
    expect((await meter(key)).status).toBe(201);
  });

  it("counts holds against the limit; capture keeps what it captured, release gives the rest back", async () => {
    const { user, accountId, key, keyId } = await limitedClient(10);
    const first = await hold(key, 6);
    expect(first.status).toBe(201);
    expect(await usedThisMonth(user.id, keyId)).toBe(6);
    const tooMuch = await hold(key, 5);
    expect(tooMuch.status).toBe(402);
    expect(tooMuch.body.error.code).toBe("key_limit_reached");

    const captured = await call("POST", `/api/v1/holds/${first.body.holdId}/capture`, { key, body: { credits: 2 } });
    expect(captured.status).toBe(200);
    expect(await usedThisMonth(user.id, keyId)).toBe(2);

    const second = await hold(key, 8);
    expect(second.status).toBe(201);
    expect(await usedThisMonth(user.id, keyId)).toBe(10);
    await call("POST", `/api/v1/holds/${second.body.holdId}/release`, { key });
    expect(await usedThisMonth(user.id, keyId)).toBe(2);

    // A hold that expires (written off by the next operation's sweep) gives its share back too.
    const clock = manualClock(new Date());
    restoreClock = setClock(clock);
    expect((await call("POST", "/api/v1/holds", { key, idempotencyKey: newKey(), body: { ...chat, maxCredits: 8, ttlSeconds: 60 } })).status).toBe(201);
    expect(await usedThisMonth(user.id, keyId)).toBe(10);
    clock.advance(61_000);
    expect((await hold(key, 8)).status).toBe(201);
    expect(await usedThisMonth(user.id, keyId)).toBe(10);
    expect((await getBalance(accountId)).held).toBe(8);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("starts again when the month turns in the user's time zone, not in UTC", async () => {
    const clock = manualClock("2026-11-30T20:00:00Z");
    restoreClock = setClock(clock);
    const { user, key, keyId } = await limitedClient(cost);
    await db.execute(sql`update users set time_zone = 'America/Los_Angeles' where id = ${user.id}`);
    expect((await meter(key)).status).toBe(201);
    // 1 December 05:00 UTC is still 30 November 21:00 in Los Angeles.
    clock.set("2026-12-01T05:00:00Z");
    const refused = await meter(key);
    expect(refused.body.error.code).toBe("key_limit_reached");
    expect(refused.body.error.message).toMatch(/December 1, 2026 at 00:00 \(America\/Los_Angeles\)/);
    // 1 December 08:30 UTC is 00:30 in Los Angeles: a new month there.
    clock.set("2026-12-01T08:30:00Z");
    expect(await usedThisMonth(user.id, keyId)).toBe(0);
    expect((await meter(key)).status).toBe(201);
    expect((await meter(key)).body.error.code).toBe("key_limit_reached");
  });

  it("a hold placed last month and captured this month counts in last month", async () => {
    const clock = manualClock("2026-11-30T23:50:00Z");
    restoreClock = setClock(clock);
    const { user, key, keyId } = await limitedClient(10);
    const placed = await call("POST", "/api/v1/holds", { key, idempotencyKey: newKey(), body: { ...chat, maxCredits: 10, ttlSeconds: 3600 } });
    expect(placed.status).toBe(201);
    clock.set("2026-12-01T00:10:00Z");
    await call("POST", `/api/v1/holds/${placed.body.holdId}/capture`, { key, body: { credits: 7 } });
    expect(await usedThisMonth(user.id, keyId)).toBe(0);
    const [nov] = await db.execute<{ spent: string; held: string }>(
      sql`select spent, held from api_key_spend where key_id = ${keyId} and month = '2026-11-01'`,
    );
    expect(nov).toEqual({ spent: "7", held: "0" });
  });
});

describe("parallel requests on one limited key", () => {
  /** Fires `attempts` requests at once; returns how many said they succeeded. */
  async function concurrently(attempts: number, one: () => Promise<boolean>) {
    const results = await Promise.all(Array.from({ length: attempts }, () => one()));
    return results.filter(Boolean).length;
  }

  it("control: a naive read-then-write limit check overshoots under the same harness", async () => {
    await db.execute(sql`create table naive_key_spend (key_id text primary key, spent int not null)`);
    await db.execute(sql`insert into naive_key_spend values ('k', 0)`);
    const limit = 50;
    const naive = async () => {
      const [row] = await sqlClient<{ spent: number }[]>`select spent from naive_key_spend where key_id = 'k'`;
      if (row!.spent + 1 > limit) return false;
      await sqlClient`update naive_key_spend set spent = ${row!.spent + 1} where key_id = 'k'`;
      return true;
    };
    const succeeded = await concurrently(200, naive);
    // More requests "succeeded" than the limit allowed.
    expect(succeeded).toBeGreaterThan(limit);
  });

  it("exactly floor(limit / cost) of N parallel requests succeed, the rest are key_limit_reached", async () => {
    const limit = cost * 50 + (cost > 1 ? cost - 1 : 0);
    const { user, accountId, key, keyId } = await limitedClient(limit, 100_000);
    const answers: string[] = [];
    const succeeded = await concurrently(200, async () => {
      const res = await meter(key);
      answers.push(res.status === 201 ? "created" : res.body.error.code);
      return res.status === 201;
    });
    expect(succeeded).toBe(Math.floor(limit / cost));
    expect(new Set(answers)).toEqual(new Set(["created", "key_limit_reached"]));
    expect(await usedThisMonth(user.id, keyId)).toBe(succeeded * cost);
    expect((await getBalance(accountId)).balance).toBe(100_000 - succeeded * cost);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("parallel holds and debits never pass the limit either", async () => {
    const { user, key, keyId } = await limitedClient(60, 100_000);
    const succeeded: number[] = [];
    await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        const res = i % 2 ? await hold(key, 3) : await meter(key);
        if (res.status === 201) succeeded.push(i % 2 ? 3 : cost);
      }),
    );
    const used = succeeded.reduce((a, b) => a + b, 0);
    expect(used).toBeLessThanOrEqual(60);
    expect(used).toBeGreaterThan(60 - Math.max(3, cost));
    expect(await usedThisMonth(user.id, keyId)).toBe(used);
    expect(await ledgerProblems()).toEqual([]);
  });
});
