import { bigint, doublePrecision, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt } from "./columns";
import { creditAccounts } from "./ledger";

// API keys of the metering API (lib/api-keys): only a hash of each key is stored.

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    name: text().notNull(),
    /** The first characters of the key, shown so that people can tell keys apart. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key (hex); the key itself is shown once and never stored. */
    hash: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** The key's rate-limit bucket, kept on its row so one lookup authenticates and limits. */
    rateTokens: doublePrecision().notNull().default(1000),
    rateRefilledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.hash), index("api_keys_user_idx").on(t.userId)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
