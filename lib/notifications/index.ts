import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { db } from "@/lib/db";
import { notifications } from "@/db/schema";
import { log } from "@/lib/log";

/**
 * Tells a user something happened without them (auto-refill paused, a report
 * answered): an in-app notice, and an e-mail. No SMTP is configured in this
 * project yet, so the mail is written to the log, never sent.
 */
export async function notify(
  userId: string,
  notice: { kind: string; title: string; body: string; href?: string },
  /** A webhook's transaction: the notice commits with its effect, on the connection it already holds. */
  tx: Executor = db,
) {
  await tx.insert(notifications).values({ userId, ...notice, createdAt: new Date() });
  // The user id, not the address: an e-mail address is personal data that logs need not hold.
  log.info({ to: userId, subject: notice.title }, "mail (not sent: no SMTP configured)");
}

export function unreadNotifications(userId: string) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt))
    .limit(5);
}

/** Marks one of the user's own notices read; false when it is not theirs (or does not exist). */
export async function markRead(userId: string, id: number): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}
