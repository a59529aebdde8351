import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { users } from "@/db/schema";
import { accountIdForUser } from "@/lib/credits";

/** A user with a credit account, straight into the database. */
export async function createUser(label = "user") {
  const [user] = await db
    .insert(users)
    .values({ email: `${label}-${randomUUID()}@example.com`, name: label })
    .returning();
  return { user: user!, accountId: await accountIdForUser(user!.id) };
}

/**
 * Checks DESIGN.md §4 over the whole database: every transfer sums to zero,
 * all accounts together sum to zero, no cached balance is negative, and each
 * user account's cached balance equals its entries and its grants' remainders
 * (after `sweepExpired`, the grants that count are the unexpired ones).
 */
export async function ledgerProblems(): Promise<string[]> {
  const problems: string[] = [];
  const unbalanced = await db.execute<{ transfer_id: number; total: string }>(sql`
    select transfer_id, sum(amount) as total from entries group by transfer_id having sum(amount) <> 0`);
  for (const t of unbalanced) problems.push(`transfer ${t.transfer_id} sums to ${t.total}`);
  const [total] = await db.execute<{ total: string | null }>(sql`select sum(amount) as total from entries`);
  if (Number(total?.total ?? 0) !== 0) problems.push(`all entries sum to ${total?.total}`);
  const accounts = await db.execute<{ id: number; balance: string; held: string; entries: string; grants: string; holds: string }>(sql`
    select a.id, a.balance, a.held,
      coalesce((select sum(amount) from entries e where e.account_id = a.id), 0) as entries,
      coalesce((select sum(remaining) from grants g where g.account_id = a.id), 0) as grants,
      coalesce((select sum(amount) from holds h where h.account_id = a.id and h.status = 'pending'), 0) as holds
    from credit_accounts a where a.user_id is not null`);
  for (const a of accounts) {
    if (Number(a.balance) < 0 || Number(a.held) < 0) problems.push(`account ${a.id} is negative`);
    if (Number(a.balance) !== Number(a.entries)) problems.push(`account ${a.id}: balance ${a.balance} ≠ entries ${a.entries}`);
    if (Number(a.balance) !== Number(a.grants)) problems.push(`account ${a.id}: balance ${a.balance} ≠ grants ${a.grants}`);
    if (Number(a.held) !== Number(a.holds)) problems.push(`account ${a.id}: held ${a.held} ≠ pending holds ${a.holds}`);
  }
  const [holdsAccount] = await db.execute<{ total: string | null }>(sql`
    select sum(amount) as total from entries where account_id = credits_system_account('holds')`);
  const [pending] = await db.execute<{ total: string | null }>(sql`select sum(amount) as total from holds where status = 'pending'`);
  if (Number(holdsAccount?.total ?? 0) !== Number(pending?.total ?? 0)) {
    problems.push(`holds account ${holdsAccount?.total} ≠ pending holds ${pending?.total}`);
  }
  return problems;
}
