import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { usageAlerts, users, type UsageAlert, type UsageAlertKind } from "@/db/schema";
import { accountIdForUser, creditSummary, dailyUsage, dayOf, now } from "@/lib/credits";
import { timeZoneOfUser } from "@/lib/account";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Enough for a few thresholds of each kind; the job reads every alert on each pass. */
export const MAX_ALERTS_PER_USER = 10;
/** The largest threshold accepted: more than any balance or day of use is likely to reach. */
export const MAX_ALERT_THRESHOLD = 100_000_000;

export interface AlertView {
  id: number;
  kind: UsageAlertKind;
  threshold: number;
  /** Fired and waiting to re-arm: below the threshold still, or already told today. */
  fired: boolean;
}

export async function listAlerts(userId: string): Promise<AlertView[]> {
  const [rows, timeZone] = await Promise.all([
    db.select().from(usageAlerts).where(eq(usageAlerts.userId, userId)).orderBy(asc(usageAlerts.kind), asc(usageAlerts.threshold)),
    timeZoneOfUser(userId),
  ]);
  const today = dayOf(now(), timeZone);
  return rows.map((a) => ({ id: a.id, kind: a.kind, threshold: a.threshold, fired: isFired(a, today) }));
}

function isFired(a: UsageAlert, today: string): boolean {
  return a.kind === "balance_below" ? a.firedAt !== null : a.firedDay === today;
}

/**
 * Adds an alert. One already past when it is set (the balance already below it, or more spent
 * today already) is not a crossing: it starts as fired, and fires at the next crossing. Returns
 * whether it starts fired, for the form to say so.
 */
export async function addAlert(userId: string, kind: UsageAlertKind, threshold: number): Promise<{ alreadyPast: boolean }> {
  const timeZone = await timeZoneOfUser(userId);
  const accountId = await accountIdForUser(userId);
  const at = now();
  const today = dayOf(at, timeZone);
  const alreadyPast =
    kind === "balance_below"
      ? // What the job pass compares too: credits that can be spent, not those held for running requests.
        (await creditSummary(accountId)).available < threshold
      : (await dailyUsage(accountId, { days: 1, timeZone })).total > threshold;
  await db.transaction(async (tx) => {
    // The user's row as the lock: two adds at once cannot both see room for one more.
    await tx.execute(sql`select 1 from ${users} where ${users.id} = ${userId} for update`);
    const mine = await tx.select({ kind: usageAlerts.kind, threshold: usageAlerts.threshold }).from(usageAlerts).where(eq(usageAlerts.userId, userId));
    if (mine.some((a) => a.kind === kind && a.threshold === threshold)) throw duplicate();
    if (mine.length >= MAX_ALERTS_PER_USER) {
      throw new AppError("invalid_request", `You can have at most ${MAX_ALERTS_PER_USER} alerts. Remove one to add another.`);
    }
    const inserted = await tx
      .insert(usageAlerts)
      .values({
        userId,
        kind,
        threshold,
        firedAt: kind === "balance_below" && alreadyPast ? at : null,
        firedDay: kind === "daily_spend_above" && alreadyPast ? today : null,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: usageAlerts.id });
    if (!inserted.length) throw duplicate();
  });
  return { alreadyPast };
}

const duplicate = () => new AppError("invalid_request", "You already have this alert.", { param: "threshold" });

/** Removes one of the user's own alerts; false when it is not theirs (or does not exist). */
export async function removeAlert(userId: string, id: number): Promise<boolean> {
  const rows = await db
    .delete(usageAlerts)
    .where(and(eq(usageAlerts.id, id), eq(usageAlerts.userId, userId)))
    .returning({ id: usageAlerts.id });
  return rows.length > 0;
}
