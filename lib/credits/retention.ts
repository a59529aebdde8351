import "server-only";
import { sql } from "drizzle-orm";
import { deleteInBatches } from "@/lib/db";

/**
 * How long an Idempotency-Key is remembered (DESIGN.md §5 "Bounds": at least 7 days). A retry
 * within it gets the original answer; after it, the same key is a new request. Stripe keeps its
 * keys 24 hours; a client retrying a lost answer does so within minutes.
 */
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 7;

/** Deletes the idempotency keys older than the retention at `at`; returns how many. */
export function pruneIdempotencyKeys(at: Date): Promise<number> {
  const before = new Date(at.getTime() - IDEMPOTENCY_KEY_RETENTION_DAYS * 86_400_000).toISOString();
  return deleteInBatches(
    (limit) => sql`
      delete from idempotency_keys where (account_id, key) in (
        select account_id, key from idempotency_keys where created_at < ${before}::timestamptz limit ${limit})`,
  );
}
