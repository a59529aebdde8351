import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/**
 * Outgoing e-mail (lib/mail). A message is queued in the same transaction as
 * what it tells of, and the jobs send it later with retries, so sending never
 * blocks or fails the user's action and a rolled-back action mails nothing.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    /** "security" | "receipt" | "notice" (lib/mail MailCategory). */
    category: text().notNull(),
    /** Sending attempts started (a claim counts as one, even if the process died before it finished). */
    attempts: integer().notNull().default(0),
    /** When a sender may next claim it; a claim moves it forward, which is the claim's lease. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    sentAt: timestamp({ withTimezone: true }),
    /** Set when the last attempt failed for good (too many attempts); never retried after. */
    failedAt: timestamp({ withTimezone: true }),
    /** The last failure's message, without the address. */
    lastError: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("mail_outbox_due_idx").on(t.nextAttemptAt).where(sql`sent_at is null and failed_at is null`),
    index("mail_outbox_sent_at_idx").on(t.sentAt),
  ],
);

export type MailOutboxRow = typeof mailOutbox.$inferSelect;
