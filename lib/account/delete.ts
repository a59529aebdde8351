import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import {
  accounts,
  apiKeys,
  helpFeedback,
  mailPreferences,
  notifications,
  problemReports,
  reportScreenshots,
  sessions,
  usageAlerts,
  users,
  verificationTokens,
} from "@/db/schema";
import { accountIdForUser } from "@/lib/credits";
import { closePayments } from "@/lib/payments";

/** What a deleted account's e-mail becomes: unique, and no address anyone can receive mail at (RFC 2606). */
export function deletedEmail(userId: string): string {
  return `deleted-${userId}@deleted.invalid`;
}

/**
 * Deletes an account as its owner asked: first nothing can charge it any more
 * (Pro canceled, auto-refill off, cards detached at Stripe), then in one
 * transaction the personal data goes — name, e-mail (a placeholder), password, time zone,
 * GitHub/Google links, API keys (revoked, so they answer 401), notices, usage alerts,
 * uploads and report texts — and `deleted_at` ends every session on its next
 * request (and the raised session version, for the session check that reads it). The user row and its credit account stay, anonymised, because the
 * ledger's entries and purchases point at them: the books still balance.
 */
export async function deleteAccount(userId: string): Promise<void> {
  await closePayments(userId);
  const accountId = await accountIdForUser(userId);
  const at = new Date();
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) return;
    await tx
      .update(users)
      .set({ name: null, email: deletedEmail(userId), emailVerified: null, image: null, passwordHash: null, timeZone: null, isAdmin: false, deletedAt: at, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await tx.delete(accounts).where(eq(accounts.userId, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.delete(verificationTokens).where(eq(verificationTokens.identifier, user.email));
    await tx
      .update(apiKeys)
      .set({ name: "Deleted", revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${at.toISOString()}::timestamptz)` })
      .where(eq(apiKeys.userId, userId));
    await tx.delete(notifications).where(eq(notifications.userId, userId));
    await tx.delete(helpFeedback).where(eq(helpFeedback.userId, userId));
    await tx.delete(mailPreferences).where(eq(mailPreferences.userId, userId));
    await tx.delete(usageAlerts).where(eq(usageAlerts.userId, userId));
    await tx.delete(reportScreenshots).where(eq(reportScreenshots.accountId, accountId));
    // Reports stay for support's audit of credit adjustments; what the user wrote in them goes.
    await tx.update(problemReports).set({ description: "(deleted with the account)" }).where(eq(problemReports.userId, userId));
  });
}
