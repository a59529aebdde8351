import "server-only";
import { sqlClient as sql } from "@/lib/db";
import { grantSources, type GrantSource, type UsageRequest } from "@/db/schema";
import { now } from "./clock";
import { getBalance, type Balance } from "./ledger";
import { addDays, dayOf, startOfDay } from "./shared/time-zone";
import { QUARTER_HOUR_MS, quarterHoursWithin } from "./spent-between";
import { listUsage } from "./usage-log";

/**
 * What the dashboard shows about an account: where its credits came from,
 * what expires next, and how fast it spends. Every query is scoped by the
 * account; spending is summed from usage_quarter_hours (see spendBetween), so
 * 100,000 requests cost no more than a hundred.
 */

export interface Expiring {
  expiresAt: string;
  credits: number;
  sources: GrantSource[];
}

export interface CreditSummary {
  balance: number;
  available: number;
  held: number;
  /** Unreserved credits by where they came from; sums to `available`. */
  bySource: Record<GrantSource, number>;
  /** The next expiry dates, soonest first, with the credits each takes away. */
  expiring: Expiring[];
  /**
   * Of `bySource.promo`, what promo codes granted (the rest is the welcome grant),
   * and when the soonest of them expires.
   */
  promoCodes: { credits: number; expiresAt: string | null };
}

/** Promo-code grants carry this external ref prefix (lib/promo); the welcome grant's is `welcome:`. */
export const PROMO_CODE_REF_PREFIX = "promo-code:";

export async function creditSummary(accountId: number, expiries = 3): Promise<CreditSummary> {
  const balance = await getBalance(accountId);
  const bySource = Object.fromEntries(grantSources.map((s) => [s, 0])) as Record<GrantSource, number>;
  const byExpiry = new Map<string, Expiring>();
  for (const grant of balance.grants) {
    bySource[grant.source] += grant.remaining;
    if (!grant.expiresAt || grant.remaining === 0) continue;
    // One entry per instant: grants that expire together are one line for the user.
    const key = new Date(grant.expiresAt).toISOString();
    const entry = byExpiry.get(key) ?? { expiresAt: key, credits: 0, sources: [] };
    entry.credits += grant.remaining;
    if (!entry.sources.includes(grant.source)) entry.sources.push(grant.source);
    byExpiry.set(key, entry);
  }
  const expiring = [...byExpiry.values()].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt)).slice(0, expiries);
  const promoCodes = await promoCodeCredits(balance.grants.filter((g) => g.source === "promo" && g.remaining > 0));
  return { balance: balance.balance, available: balance.available, held: balance.held, bySource, expiring, promoCodes };
}

/** Which of the account's live promo grants came from codes (their external ref says so). */
async function promoCodeCredits(promos: Balance["grants"]): Promise<CreditSummary["promoCodes"]> {
  if (promos.length === 0) return { credits: 0, expiresAt: null };
  const rows = await sql<{ id: string }[]>`
    select id from grants where id = any(${promos.map((g) => g.id)}::bigint[]) and starts_with(external_ref, ${PROMO_CODE_REF_PREFIX})`;
  const fromCodes = new Set(rows.map((r) => Number(r.id)));
  const grants = promos.filter((g) => fromCodes.has(g.id));
  const expiries = grants.flatMap((g) => (g.expiresAt ? [new Date(g.expiresAt).toISOString()] : [])).sort();
  return { credits: grants.reduce((sum, g) => sum + g.remaining, 0), expiresAt: expiries[0] ?? null };
}

export interface UsageDay {
  /** YYYY-MM-DD in the requested time zone. */
  day: string;
  total: number;
  requests: number;
  /** Credits by feature id; features without usage that day are absent. */
  byFeature: Record<string, number>;
}

export interface DailyUsage {
  days: UsageDay[];
  /** Feature ids with any usage in the period, in order of credits spent (most first). */
  features: string[];
  total: number;
  timeZone: string;
}

/**
 * Credits spent per day and feature over the last `days` days (today
 * included), with days and their boundaries in `timeZone`. Days without
 * usage are present with zero.
 */
export async function dailyUsage(accountId: number, options: { days: number; timeZone: string }): Promise<DailyUsage> {
  const { days, timeZone } = options;
  const today = dayOf(now(), timeZone);
  const firstDay = addDays(today, -(days - 1));
  const result: UsageDay[] = [];
  for (let i = 0; i < days; i++) result.push({ day: addDays(firstDay, i), total: 0, requests: 0, byFeature: {} });
  // Where each day starts in the user's zone, and where the last one ends.
  const bounds = [...result.map((d) => startOfDay(d.day, timeZone)), startOfDay(addDays(today, 1), timeZone)];
  const rows = await spendBetween(accountId, bounds);

  const featureTotals = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    const entry = result[row.period];
    if (!entry) continue;
    const credits = Number(row.credits);
    entry.byFeature[row.feature] = (entry.byFeature[row.feature] ?? 0) + credits;
    entry.total += credits;
    entry.requests += row.requests;
    featureTotals.set(row.feature, (featureTotals.get(row.feature) ?? 0) + credits);
    total += credits;
  }
  const features = [...featureTotals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([f]) => f);
  return { days: result, features, total, timeZone };
}

/** Credits spent in the `days` × 24 hours before now. */
export async function recentSpend(accountId: number, days = 7): Promise<number> {
  const to = now();
  const from = new Date(to.getTime() - days * 86_400_000);
  const rows = await spendBetween(accountId, [from, to]);
  return rows.reduce((sum, row) => sum + Number(row.credits), 0);
}

const onQuarterHour = (at: Date) => at.getTime() % QUARTER_HOUR_MS === 0;

/**
 * Captured credits and requests by feature in each period between
 * consecutive `bounds` (ascending; `period` is the index of the period's
 * first bound). Whole quarter hours come from usage_quarter_hours (a few
 * thousand rows for a month, however busy the account); only the parts of a
 * quarter hour at either end are read from the request log. A bound inside
 * a quarter hour anywhere else (a day in a zone off UTC by some other amount)
 * would split a bucket, so then everything is read from the log.
 */
async function spendBetween(accountId: number, bounds: Date[]) {
  const from = bounds[0]!;
  const to = bounds.at(-1)!;
  let { innerFrom, innerTo } = quarterHoursWithin(from, to);
  if (!bounds.slice(1, -1).every(onQuarterHour)) innerFrom = innerTo = from;
  const iso = (at: Date) => at.toISOString();
  // width_bucket finds each row's period by bisecting the bounds: no time zone arithmetic per row.
  return sql<{ period: number; feature: string; credits: string; requests: number }[]>`
    select width_bucket(at, ${`{${bounds.map(iso).join(",")}}`}::timestamptz[]) - 1 as period,
      feature, sum(credits) as credits, sum(requests)::int as requests
    from (
      select bucket as at, feature, credits, requests from usage_quarter_hours
      where account_id = ${accountId} and bucket >= ${iso(innerFrom)}::timestamptz and bucket < ${iso(innerTo)}::timestamptz
      union all
      select created_at, feature, credits, 1 from usage_requests
      where account_id = ${accountId} and status = 'captured'
        and created_at >= ${iso(from)}::timestamptz and created_at < ${iso(innerFrom)}::timestamptz
      union all
      select created_at, feature, credits, 1 from usage_requests
      where account_id = ${accountId} and status = 'captured'
        and created_at >= ${iso(innerTo)}::timestamptz and created_at < ${iso(to)}::timestamptz
    ) spent
    group by 1, 2`;
}

export type Forecast =
  | { kind: "no-credits" }
  | { kind: "no-usage" }
  /** `days`: whole days the available credits last at `perDay`; 0 means less than a day. */
  | { kind: "runs-out"; days: number; perDay: number };

/** How long the available credits last at the pace of `spent` credits over `days` days. */
export function runOutForecast(available: number, spent: number, days = 7): Forecast {
  if (available <= 0) return { kind: "no-credits" };
  if (spent <= 0) return { kind: "no-usage" };
  const perDay = spent / days;
  return { kind: "runs-out", days: Math.floor(available / perDay), perDay };
}

/** The newest requests of the log. */
export async function recentRequests(accountId: number, limit = 5): Promise<UsageRequest[]> {
  return (await listUsage(accountId, {}, { limit })).data;
}
