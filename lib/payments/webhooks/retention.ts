import "server-only";
import { sql } from "drizzle-orm";
import { deleteInBatches } from "@/lib/db";

/**
 * How long a handled Stripe event's id is kept to recognise a redelivery. Stripe retries a
 * webhook for up to 3 days and refuses to resend events older than 30, so after 30 days the id
 * can no longer come back.
 */
export const STRIPE_EVENT_RETENTION_DAYS = 30;

/** Deletes the event ids recorded before the retention at `at`; returns how many. */
export function pruneStripeEvents(at: Date): Promise<number> {
  const before = new Date(at.getTime() - STRIPE_EVENT_RETENTION_DAYS * 86_400_000).toISOString();
  return deleteInBatches(
    (limit) => sql`
      delete from stripe_events where id in (
        select id from stripe_events where received_at < ${before}::timestamptz limit ${limit})`,
  );
}
