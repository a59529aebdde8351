import "server-only";
import { sql } from "drizzle-orm";
import { now } from "@/lib/credits";
import { DEFAULT_LOW_BALANCE_THRESHOLD } from "@/lib/credits/shared";
import { db } from "@/lib/db";
import { appUrl, queueMail } from "@/lib/mail";
import { lowBalanceMail } from "./messages";

/** Any constant of our own: one pass at a time across every instance, the others skip that round. */
const LOW_BALANCE_LOCK = 7_263_526_802n;

export interface LowBalanceReport {
  /** False when another instance's pass held the lock: this one did nothing. */
  ran: boolean;
  /** Accounts seen at or above their threshold again: their next fall below it is warned of. */
  rearmed: number;
  /** Accounts (of users not deleted) marked warned for this episode. */
  warned: number;
  /** Of those, the ones whose user wants the mail (the "Low balance" switch). */
  mailed: number;
}

/**
 * The low-balance warning e-mail, once per crossing (DESIGN.md §5 "Low balance"), as a job:
 * debits are group-committed in SQL and must not wait on mail, so this pass reads the cached
 * balances afterwards instead of hooking into them. The episodes live in low_balance_warnings,
 * never in credit_accounts, so the pass takes no lock any debit waits for.
 *
 * Threshold: the auto-refill threshold while auto-refill is on (credit_accounts.refill_threshold
 * is set exactly then), else 50 — lowBalanceThreshold(). As with the panel's rule
 * (shouldOpenPanel), nothing is sent while auto-refill is on and will refill, except at zero.
 *
 * One transaction: re-arm the accounts back at or above the threshold, then mark the armed ones
 * below it warned and queue their mail with the mark, so a mail exists exactly when its mark
 * committed. Two passes never overlap (a transaction-level advisory lock: a second pass skips
 * rather than waits), and the mark update is conditional on "not yet warned" besides.
 */
export async function warnLowBalances(): Promise<LowBalanceReport> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${LOW_BALANCE_LOCK.toString()}::bigint) as locked`);
    if (!lock?.locked) return { ran: false, rearmed: 0, warned: 0, mailed: 0 };
    const at = now().toISOString();
    const threshold = sql`coalesce(a.refill_threshold, ${DEFAULT_LOW_BALANCE_THRESHOLD}::bigint)`;

    // A new episode (or an account's first sight at its threshold): armed with warned_at null.
    // An account never seen at or above its threshold (new, or on its welcome credits) has no
    // row, so it is never warned: only a crossing is.
    const rearmed = await tx.execute(sql`
      insert into low_balance_warnings as w (account_id, warned_at, updated_at)
      select a.id, null, ${at}::timestamptz
        from credit_accounts a
       where a.user_id is not null and a.balance >= ${threshold}
         and not exists (select 1 from low_balance_warnings x where x.account_id = a.id and x.warned_at is null)
      on conflict (account_id) do update set warned_at = null, updated_at = excluded.updated_at
       where w.warned_at is not null
      returning w.account_id`);

    const due = await tx.execute<{ balance: string; threshold: string; email: string; wanted: boolean }>(sql`
      with marked as (
        update low_balance_warnings w set warned_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
          from credit_accounts a
         where a.id = w.account_id and w.warned_at is null
           and a.balance < ${threshold}
           and (a.refill_threshold is null or a.balance = 0)
        returning a.user_id, a.balance, ${threshold} as threshold
      )
      select m.balance, m.threshold, u.email, coalesce(p.low_balance, true) as wanted
        from marked m
        join users u on u.id = m.user_id
        left join mail_preferences p on p.user_id = m.user_id
       where u.deleted_at is null`);

    let mailed = 0;
    for (const row of due) {
      if (!row.wanted) continue;
      await queueMail(tx, lowBalanceMail({ to: row.email, balance: Number(row.balance), threshold: Number(row.threshold), href: appUrl("/settings/billing") }));
      mailed += 1;
    }
    return { ran: true, rearmed: rearmed.length, warned: due.length, mailed };
  });
}
