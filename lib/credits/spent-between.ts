import "server-only";
import { sql, type SQL } from "drizzle-orm";

export const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * Where [from, to) splits into whole quarter hours (read from
 * usage_quarter_hours) and the cut ones at either end (read from the log).
 */
export function quarterHoursWithin(from: Date, to: Date) {
  const innerFrom = new Date(Math.ceil(from.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS);
  const innerTo = new Date(Math.max(innerFrom.getTime(), Math.floor(to.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS));
  return { innerFrom, innerTo };
}

/**
 * The captured credits of an account (a column or a value) over [from, to),
 * as a scalar subquery for a larger statement (the usage alerts' pass): whole
 * quarter hours from usage_quarter_hours, the cut ends from the request log,
 * so a day costs about a hundred rows however busy the account.
 */
export function spentBetweenSql(accountId: SQL, from: Date, to: Date): SQL {
  const { innerFrom, innerTo } = quarterHoursWithin(from, to);
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  return sql`(
    coalesce((select sum(q.credits) from usage_quarter_hours q
               where q.account_id = ${accountId} and q.bucket >= ${at(innerFrom)} and q.bucket < ${at(innerTo)}), 0)
    + coalesce((select sum(r.credits) from usage_requests r
                 where r.account_id = ${accountId} and r.status = 'captured'
                   and ((r.created_at >= ${at(from)} and r.created_at < ${at(innerFrom)})
                     or (r.created_at >= ${at(innerTo)} and r.created_at < ${at(to)}))), 0))`;
}
