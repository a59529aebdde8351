import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { db } from "@/lib/db";
import { creditAccounts } from "@/db/schema";

// A user's account id never changes, so it is remembered for the life of the process.
const accountIds = new Map<string, number>();

/**
 * The credit account of a user, created on first use (one per user). A caller
 * inside a transaction (a webhook) passes it: a second connection there could
 * wait for one the pool will not free.
 */
export async function accountIdForUser(userId: string, tx: Executor = db): Promise<number> {
  const known = accountIds.get(userId);
  if (known) return known;
  const [created] = await tx
    .insert(creditAccounts)
    .values({ userId, balance: 0, held: 0 })
    .onConflictDoNothing({ target: creditAccounts.userId })
    .returning({ id: creditAccounts.id });
  const id =
    created?.id ??
    (await tx.select({ id: creditAccounts.id }).from(creditAccounts).where(eq(creditAccounts.userId, userId)))[0]!.id;
  // Inside a transaction the row may yet roll back: remember only what is committed.
  if (tx === db) accountIds.set(userId, id);
  return id;
}

/** The user's credit account, if one was ever made (a read for support pages, which create nothing). */
export async function existingAccountId(userId: string): Promise<number | null> {
  const [row] = await db.select({ id: creditAccounts.id }).from(creditAccounts).where(eq(creditAccounts.userId, userId));
  return row?.id ?? null;
}

/** Whose account this is (system accounts have no user). */
export async function userIdForAccount(accountId: number): Promise<string | null> {
  const [row] = await db.select({ userId: creditAccounts.userId }).from(creditAccounts).where(eq(creditAccounts.id, accountId));
  return row?.userId ?? null;
}
