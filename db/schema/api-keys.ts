import { sql } from "drizzle-orm";
import { bigint, check, date, doublePrecision, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
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
    /** Credits the key may spend per calendar month in the user's time zone; null = no limit of its own. */
    monthlyLimit: bigint({ mode: "number" }),
  },
  (t) => [
    uniqueIndex("api_keys_hash_key").on(t.hash),
    index("api_keys_user_idx").on(t.userId),
    check("api_keys_monthly_limit", sql`${t.monthlyLimit} between 1 and 10000000`),
  ],
);

/**
 * What a key with a monthly limit has spent (captured debits) and holds
 * (pending holds) in one month. Written only by the ledger functions, under
 * the account's row lock, in the same transaction as the debit or hold.
 */
export const apiKeySpend = pgTable(
  "api_key_spend",
  {
    keyId: text()
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    /** The first day of the month, in the user's time zone. */
    month: date({ mode: "string" }).notNull(),
    spent: bigint({ mode: "number" }).notNull().default(0),
    held: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.keyId, t.month] }),
    check("api_key_spend_nonnegative", sql`${t.spent} >= 0 and ${t.held} >= 0`),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
