/**
 * Issue 22: the request log reads a page from its index, however long the
 * account's history. drizzle-kit writes `.desc()` as DESC NULLS LAST, while
 * `order by … desc` means DESC NULLS FIRST: PostgreSQL cannot serve that order
 * from such an index, so every page scanned and sorted the account's whole
 * log (38 ms at 100,000 requests for the dashboard's five newest).
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, sqlClient } from "@/lib/db";
import { usagePageQuery } from "@/lib/credits";
import { createUser } from "../support/accounts";

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function planOf(query: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql: text, params } = query.toSQL();
  const [row] = await sqlClient.unsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(`explain (format json) ${text}`, params as never[]);
  return nodes(row!["QUERY PLAN"][0].Plan);
}

describe("index order", () => {
  it("declares every descending index column NULLS FIRST, the order `order by … desc` asks for", async () => {
    // pg_index.indoption per column: bit 1 = DESC, bit 2 = NULLS FIRST.
    const rows = await db.execute<{ index: string; column: string }>(sql`
      select i.indexrelid::regclass::text as index, a.attname as column
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      cross join lateral unnest(i.indkey::int2[], i.indoption::int2[]) as k(attnum, option)
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where k.option & 1 = 1 and k.option & 2 = 0
      order by 1, 2`);
    expect(rows.map((r) => `${r.index}.${r.column}`)).toEqual([]);
  });
});

describe("the request log's pages", () => {
  let accountId: number;

  beforeAll(async () => {
    // Enough history in two accounts that a scan and sort would be the
    // planner's choice if the index could not give the order.
    const mine = await createUser("plans");
    const other = await createUser("plans");
    accountId = mine.accountId;
    await sqlClient`
      insert into usage_requests (id, account_id, feature, model, credits, balance_after, status, created_at)
      select 'plan_req_' || g, case when g % 2 = 0 then ${mine.accountId}::bigint else ${other.accountId}::bigint end,
        (array['code_generation', 'chat', 'agent_request'])[1 + g % 3], 'gpt-5-mini', 1, 0, 'captured',
        now() - g * interval '10 seconds'
      from generate_series(1, 40000) g`;
    await sqlClient`analyze usage_requests`;
  });

  it.each([
    ["the newest page", {}, undefined, "usage_requests_log_idx"],
    ["a later page (keyset cursor)", {}, { createdAt: new Date(Date.now() - 3_600_000), id: "plan_req_360" }, "usage_requests_log_idx"],
    ["a page of one feature", { feature: "chat" }, undefined, "usage_requests_feature_idx"],
    ["a page of a date range", { from: new Date(Date.now() - 86_400_000), to: new Date() }, undefined, "usage_requests_log_idx"],
  ] as const)("%s is read from the index, without sorting", async (_name, filter, cursor, index) => {
    const plan = await planOf(usagePageQuery(accountId, filter, { limit: 25, cursor }));
    expect(plan.map((n) => n["Node Type"])).not.toContain("Sort");
    expect(plan.find((n) => n["Node Type"].startsWith("Index"))?.["Index Name"]).toBe(index);
  });
});
