import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { addDays, dayOf, now, safeTimeZone, spentBetweenSql, startOfDay } from "@/lib/credits";
import { db } from "@/lib/db";
import { notify } from "@/lib/notifications";
import { balanceAlertNotice, dailySpendAlertNotice } from "./messages";

/** Any constant of our own: one pass at a time across every instance, the others skip that round. */
const USAGE_ALERTS_LOCK = 7_263_526_803n;

export interface UsageAlertReport {
  /** False when another instance's pass held the lock: this one did nothing. */
  ran: boolean;
  /** Balance alerts back at or above their threshold: their next fall below it fires. */
  rearmed: number;
  /** Alerts that fired in this pass (each one notice, and one e-mail unless switched off). */
  fired: number;
}

/**
 * Usage alerts, once per crossing, as a job pass (lib/jobs) rather than in the debit's
 * transaction: debits are group-committed in SQL on the metering hot path, and a check there
 * would add a read of usage_alerts (and, for daily spend, a sum over today's requests) to every
 * one of them. The pass reads the cached balances and the spend index afterwards instead, as the
 * low-balance warning does, and locks no row a debit waits for (UPDATE … FROM locks only
 * usage_alerts). The price: a dip and recovery between two passes goes unseen.
 *
 * Exactly once: one transaction, under a transaction-level advisory lock (a second pass skips
 * rather than waits, so passes never deadlock over alerts updated in different orders), and each
 * firing is an UPDATE conditional on "armed" (fired_at null, or fired_day not today) besides. The
 * notice and its mail are written in that transaction: they exist exactly when the mark committed.
 */
export async function checkUsageAlerts(): Promise<UsageAlertReport> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${USAGE_ALERTS_LOCK.toString()}::bigint) as locked`);
    if (!lock?.locked) return { ran: false, rearmed: 0, fired: 0 };
    const at = now();
    const rearmed = await rearmBalanceAlerts(tx);
    let fired = await fireBalanceAlerts(tx, at);
    for (const zone of await zonesWithDailyAlerts(tx)) fired += await fireDailyAlerts(tx, at, zone);
    return { ran: true, rearmed, fired };
  });
}

/** Balance alerts back at or above their threshold (a purchase, a refill, an allowance): armed again. */
async function rearmBalanceAlerts(tx: Executor): Promise<number> {
  const rows = await tx.execute(sql`
    update usage_alerts al set fired_at = null
      from credit_accounts a
     where a.user_id = al.user_id and al.kind = 'balance_below'
       and al.fired_at is not null and a.balance >= al.threshold
    returning al.id`);
  return rows.length;
}

async function fireBalanceAlerts(tx: Executor, at: Date): Promise<number> {
  const due = await tx.execute<{ user_id: string; threshold: string; balance: string }>(sql`
    update usage_alerts al set fired_at = ${at.toISOString()}::timestamptz
      from credit_accounts a, users u
     where a.user_id = al.user_id and u.id = al.user_id and u.deleted_at is null
       and al.kind = 'balance_below' and al.fired_at is null
       and a.balance < al.threshold
    returning al.user_id, al.threshold, a.balance`);
  for (const row of due) await notify(row.user_id, balanceAlertNotice({ threshold: Number(row.threshold), balance: Number(row.balance) }), tx);
  return due.length;
}

/** The time zones (as stored) of users with a daily alert: one day boundary per zone, by the app's own day helpers. */
async function zonesWithDailyAlerts(tx: Executor): Promise<Array<string | null>> {
  const rows = await tx.execute<{ time_zone: string | null }>(sql`
    select distinct u.time_zone from usage_alerts al join users u on u.id = al.user_id
     where al.kind = 'daily_spend_above' and u.deleted_at is null`);
  return rows.map((r) => r.time_zone);
}

async function fireDailyAlerts(tx: Executor, at: Date, stored: string | null): Promise<number> {
  const zone = safeTimeZone(stored);
  const day = dayOf(at, zone);
  const from = startOfDay(day, zone);
  const to = startOfDay(addDays(day, 1), zone);
  // Spend as the dashboard counts it (captured requests), from the quarter hours: this runs every 10 s.
  const due = await tx.execute<{ user_id: string; threshold: string; spent: string }>(sql`
    with spend as (
      select al.id, ${spentBetweenSql(sql`a.id`, from, to)} as spent
        from usage_alerts al
        join users u on u.id = al.user_id
        join credit_accounts a on a.user_id = al.user_id
       where al.kind = 'daily_spend_above' and al.fired_day is distinct from ${day}
         and u.deleted_at is null and u.time_zone is not distinct from ${stored}
    )
    update usage_alerts al set fired_day = ${day}
      from spend s
     where al.id = s.id and s.spent > al.threshold and al.fired_day is distinct from ${day}
    returning al.user_id, al.threshold, s.spent`);
  for (const row of due) await notify(row.user_id, dailySpendAlertNotice({ threshold: Number(row.threshold), spent: Number(row.spent) }), tx);
  return due.length;
}
