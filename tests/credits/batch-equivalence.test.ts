/**
 * The set-based debit batch (db/migrations/0032) decides a whole batch in
 * memory and writes it with one statement per table. Differential property:
 * for random accounts (several grants each, with priorities and expiries) and
 * random items (amounts, shared and conflicting idempotency keys, refusals),
 * one call of credits_debit_batch must leave exactly what the same items leave
 * when applied one at a time, in order, to twin accounts: the same outcomes,
 * balances after each request, draws from each grant, entries per transfer and
 * stored answers — and the ledger's invariants hold.
 */
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { grantCredits } from "@/lib/credits";
import { createUser, ledgerProblems } from "../support/accounts";

const HOUR = 3_600_000;

const grantSpec = fc.record({
  amount: fc.integer({ min: 1, max: 12 }),
  priority: fc.integer({ min: 0, max: 2 }),
  expiresInHours: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
});
const itemSpec = fc.record({
  account: fc.integer({ min: 0, max: 2 }),
  credits: fc.integer({ min: 1, max: 9 }),
  // A small pool, so keys repeat inside a batch (replays) and with another hash (conflicts).
  key: fc.option(fc.constantFrom("k1", "k2", "k3"), { nil: null }),
  hash: fc.constantFrom("a", "b"),
});
const scenario = fc.record({
  grants: fc.array(fc.array(grantSpec, { minLength: 0, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
  items: fc.array(itemSpec, { minLength: 1, maxLength: 24 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function accountsFor(s: Scenario, label: string): Promise<number[]> {
  const ids: number[] = [];
  for (const grants of s.grants) {
    const { accountId } = await createUser(label);
    for (const g of grants) {
      await grantCredits({
        accountId,
        source: "promo",
        amount: g.amount,
        priority: g.priority,
        expiresAt: g.expiresInHours ? new Date(Date.now() + g.expiresInHours * HOUR) : undefined,
      });
    }
    ids.push(accountId);
  }
  return ids;
}

const itemsJson = (s: Scenario, ids: number[], from: number, to: number, tag: string) =>
  JSON.stringify(
    s.items.slice(from, to).map((it, i) => ({
      accountId: ids[it.account],
      credits: it.credits,
      requestId: `${tag}_${from + i}`,
      feature: "agent_request",
      model: "claude-sonnet-4.5",
      key: it.key,
      hash: it.key ? it.hash : null,
    })),
  );

async function batch(items: string): Promise<unknown[]> {
  const rows = await db.execute<{ r: unknown[] }>(sql`select credits_debit_batch(${items}::jsonb, now()) as r`);
  return rows[0]!.r;
}

/** What the ledger holds for these accounts, with their own ids and request ids replaced by positions. */
async function picture(ids: number[], tag: string) {
  const position = (id: number) => ids.indexOf(id);
  const unTag = (text: string) => text.replace(`${tag}_`, "");
  const requests = await db.execute<{ id: string; account_id: number; credits: number; balance_after: number; status: string }>(
    sql`select id, account_id, credits, balance_after, status from usage_requests
        where account_id in ${ids} order by id`,
  );
  const accounts = await db.execute<{ id: number; balance: number }>(
    sql`select id, balance from credit_accounts where id in ${ids} order by id`,
  );
  const grants = await db.execute<{ account_id: number; remaining: number; amount: number; priority: number }>(
    sql`select account_id, remaining, amount, priority from grants where account_id in ${ids} order by account_id, id`,
  );
  // Each transfer's draws as (request, position of the grant in its account, amount).
  const draws = await db.execute<{ request_id: string; grant_rank: number; amount: number }>(
    sql`select t.request_id, (select count(*) from grants g2 where g2.account_id = g.account_id and g2.id <= g.id)::int as grant_rank,
               e.amount
        from transfers t join entries e on e.transfer_id = t.id join grants g on g.id = e.grant_id
        where t.account_id in ${ids} and t.kind = 'debit' order by t.request_id, grant_rank`,
  );
  const usageEntries = await db.execute<{ request_id: string; amount: number }>(
    sql`select t.request_id, e.amount from transfers t join entries e on e.transfer_id = t.id
        where t.account_id in ${ids} and t.kind = 'debit' and e.grant_id is null order by t.request_id`,
  );
  const keys = await db.execute<{ account_id: number; key: string; request_hash: string; response_body: { requestId: string } }>(
    sql`select account_id, key, request_hash, response_body from idempotency_keys where account_id in ${ids} order by account_id, key`,
  );
  return {
    requests: [...requests].map((r) => ({ ...r, id: unTag(r.id), account_id: position(Number(r.account_id)) })),
    balances: [...accounts].map((a) => Number(a.balance)),
    grants: [...grants].map((g) => ({ ...g, account_id: position(Number(g.account_id)) })),
    draws: [...draws].map((d) => ({ ...d, request_id: unTag(d.request_id) })),
    usageEntries: [...usageEntries].map((u) => ({ ...u, request_id: unTag(u.request_id) })),
    keys: [...keys].map((k) => ({
      ...k,
      account_id: position(Number(k.account_id)),
      response_body: { ...k.response_body, requestId: unTag(k.response_body.requestId) },
    })),
  };
}

/** An outcome with its request id made positional, so both runs compare. */
function comparable(outcome: unknown, tag: string): unknown {
  return JSON.parse(JSON.stringify(outcome).replaceAll(`${tag}_`, ""));
}

describe("a debit batch decides as single debits would", () => {
  it("same outcomes, balances, draws, entries and stored answers as the items one at a time (property)", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        run++;
        const batched = await accountsFor(s, `batched-${run}`);
        const single = await accountsFor(s, `single-${run}`);
        const bTag = `b${run}`;
        const sTag = `s${run}`;
        const batchOutcomes = await batch(itemsJson(s, batched, 0, s.items.length, bTag));
        const singleOutcomes: unknown[] = [];
        for (let i = 0; i < s.items.length; i++) singleOutcomes.push(...(await batch(itemsJson(s, single, i, i + 1, sTag))));

        expect(batchOutcomes.map((o) => comparable(o, bTag))).toEqual(singleOutcomes.map((o) => comparable(o, sTag)));
        expect(await picture(batched, bTag)).toEqual(await picture(single, sTag));
      }),
      { numRuns: 40 },
    );
    expect(await ledgerProblems()).toEqual([]);
  });
});
