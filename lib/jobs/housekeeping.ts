import "server-only";
import { now, pruneIdempotencyKeys } from "@/lib/credits";
import { sqlClient } from "@/lib/db";
import { pruneExpiredAuthTokens } from "@/lib/auth/tokens";
import { pruneSentMail } from "@/lib/mail";
import { pruneStripeEvents } from "@/lib/payments";
import { pruneFullBuckets } from "@/lib/rate-limit";
import { pruneUnclaimedScreenshots } from "@/lib/reports";

/** Any constant of our own; held by the instance running housekeeping, so only one runs it at a time. */
const HOUSEKEEPING_LOCK = 7_263_526_801n;

export interface HousekeepingResult {
  /** False when another instance was running it: this run did nothing. */
  ran: boolean;
  rateLimitBuckets: number;
  idempotencyKeys: number;
  stripeEvents: number;
  unclaimedScreenshots: number;
  sentMail: number;
  authTokens: number;
}

/**
 * Deletes what no longer says anything (DESIGN.md §5 "Bounds"), so these tables stop growing:
 * rate-limit buckets that are full again, idempotency keys past 7 days, Stripe event ids past
 * 30 days, uploads no report claimed within a day, sent mail past 7 days, e-mailed links a day
 * past their expiry. Time comes from the credits clock, so tests
 * move through the retention periods. Each instance's jobs call it; a session advisory lock on
 * a connection of its own lets one instance at a time do the work, the others skip that round.
 */
export async function runHousekeeping(): Promise<HousekeepingResult> {
  const connection = await sqlClient.reserve();
  try {
    const [row] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(${HOUSEKEEPING_LOCK.toString()}::bigint) as locked`;
    if (!row?.locked) return { ran: false, rateLimitBuckets: 0, idempotencyKeys: 0, stripeEvents: 0, unclaimedScreenshots: 0, sentMail: 0, authTokens: 0 };
    try {
      const at = now();
      return {
        ran: true,
        rateLimitBuckets: await pruneFullBuckets(at),
        idempotencyKeys: await pruneIdempotencyKeys(at),
        stripeEvents: await pruneStripeEvents(at),
        unclaimedScreenshots: await pruneUnclaimedScreenshots(at),
        sentMail: await pruneSentMail(at),
        authTokens: await pruneExpiredAuthTokens(at),
      };
    } finally {
      await connection`select pg_advisory_unlock(${HOUSEKEEPING_LOCK.toString()}::bigint)`;
    }
  } finally {
    connection.release();
  }
}
