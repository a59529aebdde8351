import { doublePrecision, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Rate limits: token buckets shared by every server instance (lib/rate-limit).

export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  refilledAt: timestamp({ withTimezone: true }).notNull(),
});
