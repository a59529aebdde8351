import { doublePrecision, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Rate limits: token buckets shared by every server instance (lib/rate-limit).

export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    key: text().primaryKey(),
    tokens: doublePrecision().notNull(),
    refilledAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * When the bucket is full again: from then on it says nothing a missing row would not (a
     * missing bucket is a full one), so housekeeping deletes it. Null for rows from before this
     * column; those are pruned a day after their last use (every rule refills within a day).
     */
    fullAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("rate_limit_buckets_full_at_idx").on(t.fullAt)],
);
