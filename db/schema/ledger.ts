import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt } from "./columns";

// The credits ledger (DESIGN.md §4). Written only by the SQL functions in
// db/migrations/0002_ledger_functions.sql, called only from lib/credits.

export const grantSources = ["purchase", "allowance", "refill", "promo", "adjustment"] as const;
export type GrantSource = (typeof grantSources)[number];

/**
 * One per user, plus system accounts (issuance, usage, breakage, holds) that
 * keep no cached balance: theirs is derived from entries, so they are never a
 * row that every debit has to lock.
 */
export const creditAccounts = pgTable(
  "credit_accounts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text().references(() => users.id, { onDelete: "restrict" }),
    systemKey: text(),
    /** Sum of this account's entries: unreserved credits (held ones sit in the holds account). */
    balance: bigint({ mode: "number" }),
    /** Credits reserved by this account's pending holds. */
    held: bigint({ mode: "number" }),
    /** When the next grant or hold of this account expires: the sweep is due then. */
    nextExpiryAt: timestamp({ withTimezone: true }),
    /**
     * The auto-refill threshold while auto-refill is on, else null: kept here so
     * that a debit can see whether it crossed it without reading another table.
     */
    refillThreshold: bigint({ mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("credit_accounts_user_id_key").on(t.userId),
    uniqueIndex("credit_accounts_system_key_key").on(t.systemKey),
    check("credit_accounts_kind", sql`(${t.systemKey} is null) = (${t.userId} is not null)`),
    check("credit_accounts_cached", sql`(${t.userId} is null) = (${t.balance} is null and ${t.held} is null)`),
    check("credit_accounts_no_overdraft", sql`${t.balance} >= 0 and ${t.held} >= 0`),
  ],
);

export const grants = pgTable(
  "grants",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    source: text({ enum: grantSources }).notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    remaining: bigint({ mode: "number" }).notNull(),
    /** Lower is spent first (allowance before purchases). */
    priority: integer().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    /** Set when the sweep moved an expired remainder to breakage. */
    expiredAt: timestamp({ withTimezone: true }),
    /** What this grant was credited for (a PaymentIntent id, an invoice, a report): credited once. */
    externalRef: text(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("grants_source_external_ref_key").on(t.source, t.externalRef),
    index("grants_spendable_idx")
      .on(t.accountId, t.priority, t.expiresAt, t.id)
      .where(sql`${t.remaining} > 0`),
    check("grants_amounts", sql`${t.amount} > 0 and ${t.remaining} >= 0 and ${t.remaining} <= ${t.amount}`),
  ],
);

/** A movement of credits; its entries sum to zero. Append-only. */
export const transfers = pgTable(
  "transfers",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    kind: text({ enum: ["grant", "debit", "hold", "capture", "release", "breakage", "clawback"] }).notNull(),
    requestId: text(),
    holdId: text(),
    grantId: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("transfers_account_idx").on(t.accountId, t.createdAt)],
);

/** Append-only: never updated or deleted; a correction is a new transfer. */
export const entries = pgTable(
  "entries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    transferId: bigint({ mode: "number" })
      .notNull()
      .references(() => transfers.id),
    // No foreign key to credit_accounts (dropped in issue 22): its check locks the referenced row
    // FOR KEY SHARE, and every debit's counter-entry goes to the one `usage` system account, so
    // every ledger transaction in the system wrote a lock onto that one row (and its page). The
    // ledger functions are the only writers and take account ids from a locked account or
    // credits_system_account(); credit accounts are never deleted (a trigger refuses it, 0020).
    accountId: bigint({ mode: "number" }).notNull(),
    grantId: bigint({ mode: "number" }).references(() => grants.id),
    amount: bigint({ mode: "number" }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    // No index on account_id alone (dropped in issue 22): no query of the app reads an account's
    // entries by it (balances are cached and checked against grants; history reads by transfer),
    // and every debit wrote it twice, once on the one hot leaf of the `usage` system account.
    index("entries_transfer_idx").on(t.transferId),
    check("entries_nonzero", sql`${t.amount} <> 0`),
  ],
);

export const requestStatuses = ["captured", "pending", "released", "expired", "refused"] as const;

/** The request log: every metered request, including refused ones. */
export const usageRequests = pgTable(
  "usage_requests",
  {
    id: text().primaryKey(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    feature: text().notNull(),
    model: text().notNull(),
    inputTokens: integer(),
    outputTokens: integer(),
    /** Credits charged (0 when refused or released). */
    credits: bigint({ mode: "number" }).notNull(),
    /** For a hold: the credits it reserved. */
    heldCredits: bigint({ mode: "number" }),
    balanceAfter: bigint({ mode: "number" }),
    status: text({ enum: requestStatuses }).notNull(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // NULLS FIRST is what `order by … desc` means: only then can a page be read from the index (0029).
    index("usage_requests_log_idx").on(t.accountId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("usage_requests_feature_idx").on(t.accountId, t.feature, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Index-only range scans of captured spend: the cut quarter hours at the
    // ends of a dashboard window or an alert's day (usage_quarter_hours has the rest).
    index("usage_requests_spend_idx")
      .on(t.accountId, t.createdAt, t.feature, t.credits)
      .where(sql`${t.status} = 'captured'`),
  ],
);

/**
 * Captured usage per account, quarter of an hour and feature: what the
 * dashboard's chart and pace read instead of the request log, so they cost
 * the same at 100,000 requests as at 100 (issue 22). Kept by triggers on
 * usage_requests (0030) in the transaction that captures the request, so it
 * is exact. A quarter hour because every time zone in use is a whole number
 * of quarter hours from UTC: a bucket never straddles a local midnight.
 */
export const usageQuarterHours = pgTable(
  "usage_quarter_hours",
  {
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    /** Start of the quarter hour (UTC-aligned) in which the requests were made. */
    bucket: timestamp({ withTimezone: true }).notNull(),
    feature: text().notNull(),
    credits: bigint({ mode: "number" }).notNull(),
    requests: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.bucket, t.feature] })],
);

export const holds = pgTable(
  "holds",
  {
    id: text().primaryKey(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    requestId: text()
      .notNull()
      .references(() => usageRequests.id),
    amount: bigint({ mode: "number" }).notNull(),
    captured: bigint({ mode: "number" }),
    status: text({ enum: ["pending", "captured", "released", "expired"] }).notNull(),
    /** What the resolving operation answered, so that repeating it answers the same. */
    balanceAfter: bigint({ mode: "number" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
    /**
     * The API key whose monthly limit this hold reserved against, and the month
     * (first day, in the user's zone) it counts in; null when the key had no limit.
     */
    limitKeyId: text(),
    limitMonth: date({ mode: "string" }),
  },
  (t) => [index("holds_pending_idx").on(t.accountId, t.expiresAt).where(sql`${t.status} = 'pending'`)],
);

/** Which grants a hold reserved from, so that capture and release return credits where they came from. */
export const holdAllocations = pgTable(
  "hold_allocations",
  {
    holdId: text()
      .notNull()
      .references(() => holds.id),
    grantId: bigint({ mode: "number" })
      .notNull()
      .references(() => grants.id),
    amount: bigint({ mode: "number" }).notNull(),
    position: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.holdId, t.grantId] })],
);

/** Every retriable write's key, with the answer it got (DESIGN.md §4.6). */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    key: text().notNull(),
    requestHash: text().notNull(),
    responseStatus: integer().notNull(),
    responseBody: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.key] }),
    // Housekeeping deletes keys past their retention (lib/credits/retention.ts) by age.
    index("idempotency_keys_created_at_idx").on(t.createdAt),
  ],
);

/** Credits taken back from a grant for a refund, once per refund. */
export const clawbacks = pgTable("clawbacks", {
  externalRef: text().primaryKey(),
  grantId: bigint({ mode: "number" })
    .notNull()
    .references(() => grants.id),
  requested: bigint({ mode: "number" }).notNull(),
  taken: bigint({ mode: "number" }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

export type CreditAccount = typeof creditAccounts.$inferSelect;
export type Grant = typeof grants.$inferSelect;
export type UsageRequest = typeof usageRequests.$inferSelect;
