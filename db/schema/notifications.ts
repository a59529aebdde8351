import { bigint, boolean, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

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
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt.desc())],
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
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

export type MailPreferences = typeof mailPreferences.$inferSelect;
