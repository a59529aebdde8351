import "server-only";
import type { Executor } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import { now } from "@/lib/credits";

/** Security mail (verification, reset) and receipts always go; notices may be turned off by the user. */
export type MailCategory = "security" | "receipt" | "notice";

/** One message: every message has a plain-text and an HTML part and a clear subject. */
export type MailMessage = { to: string; subject: string; text: string; html: string; category: MailCategory };

/**
 * Queues a message on `executor` — pass the transaction of the action it tells of, so the
 * message exists exactly when the action committed. Sending happens later in the jobs, so a
 * slow or failing SMTP server never blocks or fails the user's action.
 */
export async function queueMail(executor: Executor, message: MailMessage): Promise<void> {
  await executor.insert(mailOutbox).values({
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    category: message.category,
    nextAttemptAt: now(),
  });
}
