import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { db } from "@/lib/db";
import { notifications, users } from "@/db/schema";
import { appUrl, queueMail } from "@/lib/mail";
import { noticeMail } from "./messages";
import { mailSwitches, mailTopicOf } from "./preferences";

export { mailSwitches, saveMailSwitches, type MailSwitches, type MailTopic } from "./preferences";
export { lowBalanceMail, noticeMail, receiptMail, type ReceiptFacts } from "./messages";
export { warnLowBalances, type LowBalanceReport } from "./low-balance";

/**
 * Tells a user something happened without them (auto-refill paused, a payment
 * disputed, a report answered): an in-app notice and, for the kinds that are
 * mailed and unless the user turned that topic off, an e-mail queued in the
 * same transaction — so the effect, its notice and its mail commit together,
 * once, however often a webhook is replayed.
 */
export async function notify(
  userId: string,
  notice: { kind: string; title: string; body: string; href?: string },
  /** A webhook's transaction: the notice commits with its effect, on the connection it already holds. */
  tx: Executor = db,
) {
  await tx.transaction(async (t) => {
    await t.insert(notifications).values({ userId, ...notice, createdAt: new Date() });
    const topic = mailTopicOf(notice.kind);
    if (!topic || !(await mailSwitches(userId, t))[topic]) return;
    const [user] = await t.select({ email: users.email, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId));
    if (!user || user.deletedAt) return;
    await queueMail(t, noticeMail({ to: user.email, title: notice.title, body: notice.body, href: appUrl(notice.href ?? "/dashboard") }));
  });
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
