import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { manualClock, setClock, captureHold, debit, getBalance, grantCredits, placeHold, releaseHold } from "@/lib/credits";
import { createUser, ledgerProblems } from "../support/accounts";

const usage = { feature: "chat", model: "claude-sonnet-4.5" };
let restoreClock = () => {};
afterEach(() => restoreClock());

describe("grants and debits", () => {
  it("draws by priority, then soonest expiry, then oldest, one entry per grant", async () => {
    const clock = manualClock("2026-03-01T00:00:00Z");
    restoreClock = setClock(clock);
    const { accountId } = await createUser();
    const purchase = await grantCredits({ accountId, source: "purchase", amount: 100 });
    const promoLate = await grantCredits({ accountId, source: "promo", amount: 10, expiresAt: new Date("2026-05-01Z") });
    const promoSoon = await grantCredits({ accountId, source: "promo", amount: 10, expiresAt: new Date("2026-04-01Z") });
    const allowance = await grantCredits({ accountId, source: "allowance", amount: 5, expiresAt: new Date("2026-04-01Z") });

    const result = await debit({ accountId, credits: 30, ...usage });
    expect(result).toMatchObject({ outcome: "created", body: { credits: 30, balance: 95 } });

    const balance = await getBalance(accountId);
    // Only grants with credits left are listed.
    expect(balance.grants.map((g) => [g.id, g.remaining])).toEqual([[purchase.grantId, 95]]);
    const entries = await db.execute<{ grant_id: number; amount: string }>(sql`
      select e.grant_id, e.amount from entries e join transfers t on t.id = e.transfer_id
      where t.kind = 'debit' and e.account_id = ${accountId} order by e.id`);
    expect(entries.map((e) => [Number(e.grant_id), Number(e.amount)])).toEqual([
      [allowance.grantId, -5],
      [promoSoon.grantId, -10],
      [promoLate.grantId, -10],
      [purchase.grantId, -5],
    ]);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("refuses an overdraft, logs the refusal and changes nothing", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 10 });
    const refused = await debit({ accountId, credits: 11, ...usage });
    expect(refused).toMatchObject({ outcome: "insufficient_credits", balance: 10, available: 10 });
    expect((await getBalance(accountId)).balance).toBe(10);
    const [log] = await db.execute<{ status: string; credits: string }>(
      sql`select status, credits from usage_requests where account_id = ${accountId}`,
    );
    expect(log).toMatchObject({ status: "refused" });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("credits an external reference once, however often it comes", async () => {
    const { accountId } = await createUser();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        grantCredits({ accountId, source: "purchase", amount: 500, externalRef: "pi_123" }),
      ),
    );
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    expect(new Set(results.map((r) => r.grantId)).size).toBe(1);
    expect((await getBalance(accountId)).balance).toBe(500);
  });

  it("stops counting a grant past its expiry, before and after the sweep", async () => {
    const clock = manualClock("2026-03-01T00:00:00Z");
    restoreClock = setClock(clock);
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "promo", amount: 40, expiresAt: new Date("2026-03-02T00:00:00Z") });
    await grantCredits({ accountId, source: "purchase", amount: 10 });
    await debit({ accountId, credits: 15, ...usage });
    expect((await getBalance(accountId)).balance).toBe(35);

    clock.set("2026-03-02T00:00:00Z");
    expect(await getBalance(accountId)).toMatchObject({ balance: 10, available: 10 });
    const [breakage] = await db.execute<{ total: string }>(
      sql`select sum(amount) as total from entries where account_id = credits_system_account('breakage')`,
    );
    expect(Number(breakage!.total)).toBe(25);
    expect(await debit({ accountId, credits: 11, ...usage })).toMatchObject({ outcome: "insufficient_credits" });
    expect(await ledgerProblems()).toEqual([]);
  });
});

describe("holds", () => {
  it("capture posts the actual cost and frees the rest; repeating it answers the same", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 100 });
    const hold = await placeHold({ accountId, credits: 40, ttlSeconds: 900, ...usage });
    if (hold.outcome !== "created") throw new Error("hold refused");
    expect(await getBalance(accountId)).toMatchObject({ balance: 100, available: 60, held: 40 });

    const captured = await captureHold(accountId, hold.body.holdId, 25);
    expect(captured).toMatchObject({ outcome: "settled", credits: 25, balance: 75, status: "captured" });
    expect(await getBalance(accountId)).toMatchObject({ balance: 75, available: 75, held: 0 });

    expect(await captureHold(accountId, hold.body.holdId, 25)).toMatchObject({ outcome: "replay", credits: 25, balance: 75 });
    expect(await captureHold(accountId, hold.body.holdId, 30)).toMatchObject({ outcome: "hold_not_pending" });
    expect(await releaseHold(accountId, hold.body.holdId)).toMatchObject({ outcome: "hold_not_pending" });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("refuses a capture above the held amount and keeps the hold pending", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 100 });
    const hold = await placeHold({ accountId, credits: 10, ttlSeconds: 60, ...usage });
    if (hold.outcome !== "created") throw new Error("hold refused");
    expect(await captureHold(accountId, hold.body.holdId, 11)).toMatchObject({ outcome: "hold_exceeded", held: 10 });
    expect(await releaseHold(accountId, hold.body.holdId)).toMatchObject({ outcome: "settled", credits: 0, balance: 100 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("expires: the credits come back, and the hold can no longer be captured", async () => {
    const clock = manualClock("2026-03-01T00:00:00Z");
    restoreClock = setClock(clock);
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 50 });
    const hold = await placeHold({ accountId, credits: 50, ttlSeconds: 60, ...usage });
    if (hold.outcome !== "created") throw new Error("hold refused");
    expect(await debit({ accountId, credits: 1, ...usage })).toMatchObject({ outcome: "insufficient_credits" });
    clock.advance(60_000);
    expect(await getBalance(accountId)).toMatchObject({ balance: 50, available: 50, held: 0 });
    expect(await captureHold(accountId, hold.body.holdId, 5)).toMatchObject({ outcome: "hold_not_pending", status: "expired" });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("returns held credits of a grant that expired meanwhile to breakage, not to the balance", async () => {
    const clock = manualClock("2026-03-01T00:00:00Z");
    restoreClock = setClock(clock);
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "promo", amount: 30, expiresAt: new Date("2026-03-01T00:10:00Z") });
    const hold = await placeHold({ accountId, credits: 30, ttlSeconds: 3600, ...usage });
    if (hold.outcome !== "created") throw new Error("hold refused");
    clock.set("2026-03-01T00:20:00Z");
    expect(await captureHold(accountId, hold.body.holdId, 10)).toMatchObject({ outcome: "settled", credits: 10, balance: 0 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("another account's hold is not found", async () => {
    const a = await createUser("a");
    const b = await createUser("b");
    await grantCredits({ accountId: a.accountId, source: "purchase", amount: 10 });
    const hold = await placeHold({ accountId: a.accountId, credits: 5, ttlSeconds: 60, ...usage });
    if (hold.outcome !== "created") throw new Error("hold refused");
    expect(await captureHold(b.accountId, hold.body.holdId, 1)).toEqual({ outcome: "not_found" });
    expect(await releaseHold(b.accountId, hold.body.holdId)).toEqual({ outcome: "not_found" });
    expect((await getBalance(a.accountId)).held).toBe(5);
  });
});

describe("idempotency", () => {
  it("replays the same request, refuses another under the same key, and a refusal does not use the key", async () => {
    const { accountId } = await createUser();
    const idempotency = { key: "k1", hash: "h1" };
    expect(await debit({ accountId, credits: 5, ...usage, idempotency })).toMatchObject({
      outcome: "insufficient_credits",
    });
    await grantCredits({ accountId, source: "purchase", amount: 10 });
    const first = await debit({ accountId, credits: 5, ...usage, idempotency });
    const again = await debit({ accountId, credits: 5, ...usage, idempotency });
    expect(first).toMatchObject({ outcome: "created", status: 201 });
    expect(again).toEqual({ ...first, outcome: "replay" });
    expect(await debit({ accountId, credits: 5, ...usage, idempotency: { key: "k1", hash: "other" } })).toEqual({
      outcome: "idempotency_conflict",
    });
    expect((await getBalance(accountId)).balance).toBe(5);
  });

  it("20 concurrent requests with one key debit once", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 100 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => debit({ accountId, credits: 3, ...usage, idempotency: { key: "same", hash: "h" } })),
    );
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "replay")).toHaveLength(19);
    expect((await getBalance(accountId)).balance).toBe(97);
  });
});

describe("append-only ledger", () => {
  it("refuses updates, deletes and truncation of entries and transfers, even for a superuser", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 10 });
    for (const statement of [
      sql`update entries set amount = amount * 2`,
      sql`delete from entries`,
      sql`truncate entries cascade`,
      sql`update transfers set kind = 'grant'`,
      sql`delete from transfers`,
      sql`truncate transfers cascade`,
    ]) {
      await expect(
        db.transaction(async (tx) => {
          // The test connects as a superuser; replica mode would skip ordinary triggers.
          await tx.execute(sql`set local session_replication_role = replica`);
          await tx.execute(statement);
        }),
      ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    }
    expect((await getBalance(accountId)).balance).toBe(10);
  });
});
