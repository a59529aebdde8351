import "server-only";
import { and, asc, desc, eq, gt, gte, lt, lte, or, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { entries, grants, transfers, usageRequests, type UsageRequest } from "@/db/schema";

/**
 * Reads of the ledger's history for support and for the payment jobs, so
 * that no code outside lib/credits queries its tables.
 */

/**
 * The account's requests around the reported ones, by time: 10 before the
 * first, those in between (at most 100), and 10 after the last.
 */
export async function requestsAround(accountId: number, reported: UsageRequest[], fallback: Date): Promise<UsageRequest[]> {
  const first = reported[0];
  const last = reported.at(-1);
  const start = first ? { createdAt: first.createdAt, id: first.id } : { createdAt: fallback, id: "~" };
  const end = last ? { createdAt: last.createdAt, id: last.id } : start;
  const mine = eq(usageRequests.accountId, accountId);
  const [before, between, after] = await Promise.all([
    db
      .select()
      .from(usageRequests)
      .where(and(mine, or(lt(usageRequests.createdAt, start.createdAt), and(eq(usageRequests.createdAt, start.createdAt), lt(usageRequests.id, start.id)))))
      .orderBy(desc(usageRequests.createdAt), desc(usageRequests.id))
      .limit(10),
    first
      ? db
          .select()
          .from(usageRequests)
          .where(and(mine, gte(usageRequests.createdAt, start.createdAt), lte(usageRequests.createdAt, end.createdAt)))
          .orderBy(asc(usageRequests.createdAt), asc(usageRequests.id))
          .limit(100)
      : Promise.resolve([]),
    first
      ? db
          .select()
          .from(usageRequests)
          .where(and(mine, or(gt(usageRequests.createdAt, end.createdAt), and(eq(usageRequests.createdAt, end.createdAt), gt(usageRequests.id, end.id)))))
          .orderBy(asc(usageRequests.createdAt), asc(usageRequests.id))
          .limit(10)
      : Promise.resolve([]),
  ]);
  const seen = new Set<string>();
  // Newest first, like the request log.
  return [...after.reverse(), ...between.reverse(), ...before].filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/** The account's latest transfers, each with what it moved in or out of this account. */
export function recentTransfers(accountId: number, limit: number) {
  return db
    .select({
      id: transfers.id,
      kind: transfers.kind,
      requestId: transfers.requestId,
      createdAt: transfers.createdAt,
      amount: sql<number>`coalesce(sum(${entries.amount}) filter (where ${entries.accountId} = ${accountId}), 0)::bigint`.mapWith(Number),
    })
    .from(transfers)
    .leftJoin(entries, eq(entries.transferId, transfers.id))
    .where(eq(transfers.accountId, accountId))
    .groupBy(transfers.id)
    .orderBy(desc(transfers.createdAt), desc(transfers.id))
    .limit(limit);
}

/** Whether the ledger has granted credits for this external reference (a PaymentIntent id, an invoice…). */
export async function isGranted(externalRef: string): Promise<boolean> {
  const [grant] = await db.select({ id: grants.id }).from(grants).where(eq(grants.externalRef, externalRef)).limit(1);
  return Boolean(grant);
}
