import { boolean, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * "Was this helpful?" on the Help page: one answer per user and help
 * question; answering again changes it.
 */
export const helpFeedback = pgTable(
  "help_feedback",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The question's anchor on the Help page, e.g. "what-are-credits". */
    answerId: text().notNull(),
    helpful: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.answerId] })],
);
