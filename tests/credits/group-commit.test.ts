/**
 * Group commit (issue 22): debits that arrive together are applied in one
 * transaction, each with its own outcome. Many parallel debits over a few
 * accounts, with idempotency keys, replays, conflicts and refusals mixed in,
 * and a second "instance" calling the batch function with its own batches at
 * the same time: every item gets exactly the answer it would get alone, and the
 * ledger's invariants hold after. The same harness run against a naive batch
 * (one balance check for the whole batch, written here) must overdraw.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, sqlClient } from "@/lib/db";
import { debit, getBalance, grantCredits, placeHold } from "@/lib/credits";
import { createUser, ledgerProblems } from "../support/accounts";

const usage = { feature: "agent_request", model: "claude-sonnet-4.5" };

type Outcome = { outcome: string; body?: { requestId: string; credits: number; balance: number } };

/**
 * The harness: `attempts` debits of 1 at once on an account holding `balance`
 * credits, through `debitOne`. Returns how many said they succeeded and the
 * balance left, read back through `balanceOf`.
 */
async function overdrawCheck(
  balance: number,
  attempts: number,
  debitOne: () => Promise<boolean>,
  balanceLeft: () => Promise<number>,
) {
  const succeeded = (await Promise.all(Array.from({ length: attempts }, () => debitOne()))).filter(Boolean).length;
  return { succeeded, spent: balance - (await balanceLeft()) };
}

describe("group-committed debits", () => {
  it("control: a naive batch that checks the balance once per batch overdraws under the same harness", async () => {
    await db.execute(sql`create table naive_batch_accounts (id int primary key, balance int not null)`);
    await db.execute(sql`insert into naive_batch_accounts values (1, 30)`);
    // Gathers for 1 ms like the real batcher, then reads the balance once and
    // accepts every item that fits that one reading.
    let waiting: ((ok: boolean) => void)[] = [];
    const naiveDebit = () =>
      new Promise<boolean>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 1)
          setTimeout(async () => {
            const batch = waiting;
            waiting = [];
            const [row] = await sqlClient<{ balance: number }[]>`select balance from naive_batch_accounts where id = 1`;
            const accepted = batch.filter(() => row!.balance >= 1);
            await sqlClient`update naive_batch_accounts set balance = ${row!.balance - accepted.length} where id = 1`;
            batch.forEach((r, i) => r(i < accepted.length));
          }, 1);
      });
    const { succeeded } = await overdrawCheck(30, 100, naiveDebit, async () => {
      const [row] = await sqlClient<{ balance: number }[]>`select balance from naive_batch_accounts where id = 1`;
      return row!.balance;
    });
    // More debits "succeeded" than the 30 credits there were.
    expect(succeeded).toBeGreaterThan(30);
  });

  it("100 debits of 1 on a balance of 30, gathered into batches: exactly 30 succeed", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 30 });
    const { succeeded, spent } = await overdrawCheck(
      30,
      100,
      async () => (await debit({ accountId, credits: 1, ...usage })).outcome === "created",
      async () => (await getBalance(accountId)).balance,
    );
    expect(succeeded).toBe(30);
    expect(spent).toBe(30);
    // They went in fewer transactions than debits: the batcher did gather them.
    const [tx] = await db.execute<{ n: string }>(
      sql`select count(distinct xmin::text) as n from transfers where account_id = ${accountId} and kind = 'debit'`,
    );
    expect(Number(tx!.n)).toBeLessThan(30);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("mixed keys, replays, conflicts and refusals over few accounts: each item gets its own exact answer", async () => {
    const [plenty, keyed, short] = await Promise.all([createUser("plenty"), createUser("keyed"), createUser("short")]);
    await grantCredits({ accountId: plenty.accountId, source: "purchase", amount: 50 });
    await grantCredits({ accountId: keyed.accountId, source: "allowance", amount: 5 });
    await grantCredits({ accountId: keyed.accountId, source: "purchase", amount: 95 });
    await grantCredits({ accountId: short.accountId, source: "purchase", amount: 3 });

    const run = randomUUID();
    const jobs: { kind: string; key?: string; hash?: string; promise: Promise<Outcome> }[] = [];
    const push = (kind: string, promise: Promise<Outcome>, key?: string, hash?: string) => jobs.push({ kind, key, hash, promise });
    for (let i = 0; i < 80; i++) {
      // plenty: 80 unkeyed debits of 1 on 50 credits → exactly 50 succeed.
      push("plenty", debit({ accountId: plenty.accountId, credits: 1, ...usage }));
      // keyed: 20 keys, each sent 4 times with the same request → one debit each, three replays of it.
      if (i < 80) {
        const key = `${run}-k${i % 20}`;
        push("keyed", debit({ accountId: keyed.accountId, credits: 2, ...usage, idempotency: { key, hash: "same" } }), key, "same");
      }
      // keyed: 10 keys each sent once with one request and once with another → one runs, one is a conflict.
      if (i < 20) {
        const key = `${run}-c${i % 10}`;
        const hash = i < 10 ? "first" : "second";
        push("conflict", debit({ accountId: keyed.accountId, credits: 1, ...usage, idempotency: { key, hash } }), key, hash);
      }
      // short: 10 keyed debits of 2 on 3 credits → exactly one succeeds; the refused keep their keys free.
      if (i < 10) {
        const key = `${run}-s${i}`;
        push("short", debit({ accountId: short.accountId, credits: 2, ...usage, idempotency: { key, hash: "h" } }), key, "h");
      }
      // Holds on the same accounts at the same time (they lock the account before their key too).
      if (i % 8 === 0) push("hold", placeHold({ accountId: plenty.accountId, credits: 1, ttlSeconds: 600, ...usage }) as Promise<Outcome>);
    }
    // A second instance batching its own debits on the same accounts.
    const otherInstance = Array.from({ length: 10 }, (_, b) =>
      sqlClient<{ r: Outcome[] }[]>`select credits_debit_batch(${JSON.stringify(
        [keyed.accountId, plenty.accountId].map((accountId) => ({ accountId, credits: 1, requestId: `req_other_${run}_${b}_${accountId}`, ...usage })),
      )}::jsonb, now()) as r`.then((rows) => rows[0]!.r),
    );
    const outcomes = await Promise.all(jobs.map((j) => j.promise));
    const other = (await Promise.all(otherInstance)).flat();
    const by = (kind: string) => jobs.flatMap((j, i) => (j.kind === kind ? [{ ...j, result: outcomes[i]! }] : []));
    const count = (list: { result: Outcome }[], outcome: string) => list.filter((j) => j.result.outcome === outcome).length;

    // plenty: its 50 credits went to the debits, the holds and the other instance, never more.
    const plentySpent =
      count(by("plenty"), "created") + count(by("hold"), "created") + other.filter((o, i) => i % 2 === 1 && o.outcome === "created").length;
    expect(plentySpent).toBe(50);
    expect(count(by("plenty"), "created") + count(by("plenty"), "insufficient_credits")).toBe(80);
    expect(await getBalance(plenty.accountId)).toMatchObject({ available: 0 });

    // keyed: per key exactly one debit, and every replay answers its body.
    for (let k = 0; k < 20; k++) {
      const sends = by("keyed").filter((j) => j.key === `${run}-k${k}`);
      expect(sends.map((s) => s.result.outcome).sort()).toEqual(["created", "replay", "replay", "replay"]);
      const created = sends.find((s) => s.result.outcome === "created")!.result.body;
      for (const s of sends) expect(s.result.body).toEqual(created);
    }
    for (let k = 0; k < 10; k++) {
      const sends = by("conflict").filter((j) => j.key === `${run}-c${k}`);
      expect(sends.map((s) => s.result.outcome).sort()).toEqual(["created", "idempotency_conflict"]);
    }
    const otherOnKeyed = other.filter((o, i) => i % 2 === 0 && o.outcome === "created").length;
    expect(otherOnKeyed).toBe(10);
    expect((await getBalance(keyed.accountId)).balance).toBe(100 - 20 * 2 - 10 - otherOnKeyed);

    // short: one succeeds; the refused keys are not used up: once credits arrive, each succeeds once.
    expect(count(by("short"), "created")).toBe(1);
    expect(count(by("short"), "insufficient_credits")).toBe(9);
    await grantCredits({ accountId: short.accountId, source: "purchase", amount: 100 });
    const refused = by("short").filter((j) => j.result.outcome === "insufficient_credits");
    const retried = await Promise.all(
      refused.map((j) => debit({ accountId: short.accountId, credits: 2, ...usage, idempotency: { key: j.key!, hash: "h" } })),
    );
    expect(retried.map((r) => r.outcome)).toEqual(Array(9).fill("created"));
    expect((await getBalance(short.accountId)).balance).toBe(103 - 20);

    expect(await ledgerProblems()).toEqual([]);
  });

  it("one bad item fails alone: the rest of its batch is applied", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 10 });
    const results = await Promise.allSettled([
      debit({ accountId, credits: 1, ...usage }),
      debit({ accountId: 987_654_321, credits: 1, ...usage }),
      debit({ accountId, credits: 1, ...usage }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await getBalance(accountId)).balance).toBe(8);
    expect(await ledgerProblems()).toEqual([]);
  });
});
