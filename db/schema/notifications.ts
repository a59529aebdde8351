import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { creditAccounts } from "./ledger";

/** In-app notices (auto-refill paused, a report answered…), shown as a banner until read. */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    href: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt.desc().nullsFirst())],
);

/**
 * Which optional e-mails a user gets (Settings › Account › Notifications). No row: all of them.
 * Receipts and security mail are not optional and have no switch here.
 */
export const mailPreferences = pgTable("mail_preferences", {
  userId: text()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** Auto-refill paused, failed, or at its monthly limit. */
  autoRefill: boolean().notNull().default(true),
  /** A payment disputed, and how the dispute ended. */
  disputes: boolean().notNull().default(true),
  /** The low-balance warning (once per time the balance falls below its threshold). */
  lowBalance: boolean().notNull().default(true),
  /** The user's own usage alerts (balance below N, spent more than N today). */
  usageAlerts: boolean().notNull().default(true),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * The low-balance warning's episodes (lib/notifications/low-balance.ts), kept
 * apart from credit_accounts so that the job never locks the row every debit
 * updates. A row with `warnedAt` null: the balance was seen at or above its
 * threshold, so the next fall below it is a crossing to warn of. A row with
 * `warnedAt` set: warned for this episode, until the balance is back up. No
 * row: never seen at or above the threshold (a new account), nothing to warn of.
 */
export const lowBalanceWarnings = pgTable("low_balance_warnings", {
  accountId: bigint({ mode: "number" })
    .primaryKey()
    .references(() => creditAccounts.id, { onDelete: "cascade" }),
  warnedAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

export const usageAlertKinds = ["balance_below", "daily_spend_above"] as const;
export type UsageAlertKind = (typeof usageAlertKinds)[number];

/**
 * Thresholds a user sets (lib/usage-alerts), each told of once per crossing by
 * the usage-alerts job. `firedAt` (balance_below): null while armed; set when
 * it fired, cleared when the balance is back at or above the threshold.
 * `firedDay` (daily_spend_above): the day, in the user's time zone, it last
 * fired for; another day re-arms it without a write.
 */
export const usageAlerts = pgTable(
  "usage_alerts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text({ enum: usageAlertKinds }).notNull(),
    threshold: bigint({ mode: "number" }).notNull(),
    firedAt: timestamp({ withTimezone: true }),
    firedDay: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("usage_alerts_user_kind_threshold_key").on(t.userId, t.kind, t.threshold),
    check("usage_alerts_kind", sql`${t.kind} in ('balance_below', 'daily_spend_above')`),
    check("usage_alerts_threshold", sql`${t.threshold} > 0`),
  ],
);

export type UsageAlert = typeof usageAlerts.$inferSelect;
export type MailPreferences = typeof mailPreferences.$inferSelect;
