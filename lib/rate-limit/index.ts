import "server-only";
import { sql } from "drizzle-orm";
import { db, deleteInBatches } from "@/lib/db";

export interface BucketRule {
  /** Largest burst allowed. */
  capacity: number;
  /** Tokens restored per second. */
  refillPerSecond: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function available(rule: BucketRule) {
  return sql`least(${rule.capacity}::float8, tokens + extract(epoch from now() - refilled_at) * ${rule.refillPerSecond}::float8)`;
}

function decide(tokens: number, rule: BucketRule, cost: number): RateDecision {
  return tokens >= cost
    ? { allowed: true }
    : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - tokens) / rule.refillPerSecond)) };
}

/**
 * Token buckets kept in PostgreSQL, so that every server instance shares them.
 * Refills the bucket for the time since its last use and takes `cost` tokens if
 * there are that many; the row lock makes concurrent callers queue, so no
 * token is handed out twice.
 */
export async function takeToken(key: string, rule: BucketRule, cost = 1): Promise<RateDecision> {
  await db.execute(sql`
    insert into rate_limit_buckets (key, tokens, refilled_at, full_at)
    values (${key}, ${rule.capacity}, now(), now()) on conflict (key) do nothing`);
  const after = sql`(case when r.before >= ${cost} then r.before - ${cost} else r.before end)`;
  // full_at: when the bucket holds `capacity` again, after which housekeeping may delete it.
  const rows = await db.execute<{ before: number }>(sql`
    update rate_limit_buckets b
    set tokens = ${after},
        refilled_at = now(),
        full_at = now() + make_interval(secs => (${rule.capacity}::float8 - ${after}) / ${rule.refillPerSecond}::float8)
    from (select key, ${available(rule)} as before from rate_limit_buckets where key = ${key} for update) r
    where b.key = r.key
    returning r.before`);
  return decide(Number(rows[0]?.before ?? rule.capacity), rule, cost);
}

/**
 * Deletes the buckets that are full again at `at` (a missing bucket reads as a full one, so
 * nothing changes for anyone): without it every failed sign-in's e-mail, even an unknown one,
 * would leave a row forever. A bucket taken from meanwhile is locked and re-checked by the
 * delete, so it stays. Returns how many were deleted.
 */
export async function pruneFullBuckets(at: Date): Promise<number> {
  const iso = at.toISOString();
  return deleteInBatches(
    (limit) => sql`
      delete from rate_limit_buckets where key in (
        select key from rate_limit_buckets
        where full_at <= ${iso}::timestamptz
           or (full_at is null and refilled_at < ${iso}::timestamptz - interval '1 day')
        limit ${limit})
        and (full_at <= ${iso}::timestamptz or (full_at is null and refilled_at < ${iso}::timestamptz - interval '1 day'))`,
  );
}

/** Whether `cost` tokens are there now, without taking any. */
export async function peekToken(key: string, rule: BucketRule, cost = 1): Promise<RateDecision> {
  const rows = await db.execute<{ tokens: number }>(
    sql`select ${available(rule)} as tokens from rate_limit_buckets where key = ${key}`,
  );
  return decide(rows[0] ? Number(rows[0].tokens) : rule.capacity, rule, cost);
}

/**
 * Gives back `cost` tokens taken by `takeToken` (never beyond the capacity): for a
 * limit taken before the work it guards, as a sign-in's is, and returned when
 * the work turned out not to count (the password was right).
 */
export async function refundToken(key: string, rule: BucketRule, cost = 1): Promise<void> {
  const after = sql`least(${rule.capacity}::float8, r.before + ${cost})`;
  await db.execute(sql`
    update rate_limit_buckets b
    set tokens = ${after},
        refilled_at = now(),
        full_at = now() + make_interval(secs => (${rule.capacity}::float8 - ${after}) / ${rule.refillPerSecond}::float8)
    from (select key, ${available(rule)} as before from rate_limit_buckets where key = ${key} for update) r
    where b.key = r.key`);
}
