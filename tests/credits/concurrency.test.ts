/**
 * Many real connections at once against one account (DESIGN.md §4.2, §7).
 * Each harness is first run against a deliberately naive read-then-write debit
 * written here, which must overdraw: proof that the harness can catch a race.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, sqlClient } from "@/lib/db";
import { captureHold, debit, getBalance, grantCredits, placeHold, releaseHold } from "@/lib/credits";
import { createUser, ledgerProblems } from "../support/accounts";

const usage = { feature: "agent_request", model: "claude-sonnet-4.5" };

/** Fires `attempts` debits of 1 at once; returns how many said they succeeded. */
async function concurrentDebits(attempts: number, debitOne: () => Promise<boolean>) {
  const results = await Promise.all(Array.from({ length: attempts }, () => debitOne()));
  return results.filter(Boolean).length;
}

describe("concurrent debits on one account", () => {
  it("control: a naive read-then-write debit overdraws under the same harness", async () => {
    await db.execute(sql`create table naive_accounts (id int primary key, balance int not null)`);
    await db.execute(sql`insert into naive_accounts values (1, 100)`);
    const naiveDebit = async () => {
      const [row] = await sqlClient<{ balance: number }[]>`select balance from naive_accounts where id = 1`;
      if (row!.balance < 1) return false;
      await sqlClient`update naive_accounts set balance = ${row!.balance - 1} where id = 1`;
      return true;
    };
    const succeeded = await concurrentDebits(200, naiveDebit);
    const [final] = await sqlClient<{ balance: number }[]>`select balance from naive_accounts where id = 1`;
    // More debits "succeeded" than the credits they were paid from.
    expect(succeeded).toBeGreaterThan(100 - final!.balance);
  });

  it("200 debits of 1 on a balance of 100: exactly 100 succeed, balance 0", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 100 });
    const succeeded = await concurrentDebits(200, async () => {
      const result = await debit({ accountId, credits: 1, ...usage });
      return result.outcome === "created";
    });
    expect(succeeded).toBe(100);
    expect(await getBalance(accountId)).toMatchObject({ balance: 0, available: 0, held: 0 });
    expect(await ledgerProblems()).toEqual([]);
  });

  // Keyed writes (every API request carries an Idempotency-Key) take the slow
  // path when the balance is short. Before migration 0011 two of them at once
  // deadlocked (the key's foreign key vs the account lock) and the API answered
  // 500: with the old lock this rejects with PostgreSQL's 40P01.
  it("keyed debits and holds on an account that cannot pay: every one refused, none deadlocks", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 3 });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const idempotency = { key: `short-${i}`, hash: `h-${i}` };
        return i % 3 === 0
          ? placeHold({ accountId, credits: 5, ttlSeconds: 60, ...usage, idempotency })
          : debit({ accountId, credits: 5, ...usage, idempotency });
      }),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(Array(60).fill("insufficient_credits"));
    expect(await getBalance(accountId)).toMatchObject({ balance: 3, held: 0 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("debits spread over several grants and accounts at once stay exact", async () => {
    const accounts = await Promise.all([createUser("x"), createUser("y"), createUser("z")]);
    for (const { accountId } of accounts) {
      await grantCredits({ accountId, source: "allowance", amount: 7 });
      await grantCredits({ accountId, source: "promo", amount: 13 });
      await grantCredits({ accountId, source: "purchase", amount: 30 });
    }
    const outcomes = await Promise.all(
      Array.from({ length: 240 }, (_, i) => debit({ accountId: accounts[i % 3]!.accountId, credits: 1 + (i % 2), ...usage })),
    );
    for (const [index, { accountId }] of accounts.entries()) {
      const spent = outcomes
        .filter((o, i) => i % 3 === index && o.outcome === "created")
        .reduce((sum, o) => sum + (o.outcome === "created" ? o.body.credits : 0), 0);
      expect(spent).toBeGreaterThanOrEqual(49); // only a 2 may be left over when 1 credit remains
      expect((await getBalance(accountId)).balance).toBe(50 - spent);
    }
    expect(await ledgerProblems()).toEqual([]);
  });

  it("mixed holds and debits never overdraw, and settling them all concurrently stays exact", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 100 });
    const attempts = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        i % 2 === 0
          ? placeHold({ accountId, credits: 2, ttlSeconds: 600, ...usage })
          : debit({ accountId, credits: 1, ...usage }),
      ),
    );
    const holds = attempts.flatMap((a) => (a.outcome === "created" && "holdId" in a.body ? [a.body.holdId] : []));
    const debited = attempts.filter((a) => a.outcome === "created" && !("holdId" in a.body)).length;
    expect(holds.length * 2 + debited).toBeLessThanOrEqual(100);
    expect(holds.length * 2 + debited).toBeGreaterThanOrEqual(99);
    expect(await getBalance(accountId)).toMatchObject({ held: holds.length * 2, available: 100 - debited - holds.length * 2 });

    // Half captured for 1, half released, all at once, and each twice.
    const settle = holds.flatMap((id, i) =>
      i % 2 === 0 ? [captureHold(accountId, id, 1), captureHold(accountId, id, 1)] : [releaseHold(accountId, id), releaseHold(accountId, id)],
    );
    const settled = await Promise.all(settle);
    expect(settled.filter((s) => s.outcome === "settled")).toHaveLength(holds.length);
    expect(settled.filter((s) => s.outcome === "replay")).toHaveLength(holds.length);
    const captured = Math.ceil(holds.length / 2);
    expect(await getBalance(accountId)).toMatchObject({ held: 0, balance: 100 - debited - captured });
    expect(await ledgerProblems()).toEqual([]);
  });
});
