import "server-only";
import { sqlClient as sql } from "@/lib/db";
import { grantSources, type GrantSource } from "@/db/schema";
import { now } from "./clock";
import { getBalance } from "./ledger";
import { csvField } from "./usage-log";
import { features, models } from "./shared/pricing";
import { monthName, monthRange } from "./shared/statement-month";

/**
 * A monthly statement, read from the ledger itself so that it reconciles with it.
 *
 * "Balance" is what the account owns: unreserved credits plus credits held by
 * pending holds (held credits are still the user's until captured, so a hold
 * moves nothing between the lines; the held part is shown beside the balance).
 * Every transfer of the account sums to zero over the user's account, the holds
 * account and the system accounts issuance, usage and breakage, so
 *
 *   opening + granted − used − expired − clawed back = closing, exactly.
 *
 * Each movement counts at the moment it took effect: its booking time, except
 * that expiries count when they were due (a grant's breakage at its expires_at;
 * an expired hold's credits come back at the hold's expires_at, and those of
 * them whose grant had expired by the sweep expire at the later of the two):
 * the ledger writes expiries off lazily, at the account's next operation,
 * which may be in a later month.
 */

export type GrantLine = { kind: GrantSource | "welcome"; label: string; credits: number };
export type UsageLine = { feature: string; featureName: string; model: string; modelName: string; credits: number };

export interface MonthlyStatement {
  month: string;
  title: string;
  timeZone: string;
  from: Date;
  /** The end of the month, or now while the month is still running. */
  to: Date;
  running: boolean;
  opening: { balance: number; held: number };
  granted: GrantLine[];
  grantedTotal: number;
  used: UsageLine[];
  usedTotal: number;
  expired: number;
  clawedBack: number;
  closing: { balance: number; held: number };
}

const grantLabels: Record<GrantLine["kind"], string> = {
  welcome: "Welcome credits",
  purchase: "Purchases",
  allowance: "Plan allowance",
  refill: "Auto-refill",
  promo: "Promotional credits",
  adjustment: "Adjustments by support",
};

type Row = { period: "before" | "within"; line: string; grant_kind: string | null; feature: string | null; model: string | null; credits: string };

export async function monthlyStatement(accountId: number, month: string, timeZone: string): Promise<MonthlyStatement> {
  // Write off whatever is due, as every read of the balance does, so that the ledger is complete up to now.
  await getBalance(accountId);
  const at = now();
  const range = monthRange(month, timeZone);
  const running = range.to > at;
  const to = running ? at : range.to;

  // One pass over the account's transfers (transfers_account_idx), their entries by transfer
  // (entries_transfer_idx). Each entry is classified by the account it moves credits on.
  const rows = await sql<Row[]>`
    with moves as (
      select t.id, t.kind, t.request_id, t.created_at, t.hold_id, g.source, g.external_ref, g.metadata,
        (t.kind = 'release' and h.status = 'expired') as hold_expired,
        case when t.kind = 'breakage' then least(t.created_at, g.expires_at)
             when t.kind = 'release' and h.status = 'expired' then least(t.created_at, h.expires_at)
             else t.created_at end as at
      from transfers t
      left join grants g on g.id = t.grant_id
      left join holds h on h.id = t.hold_id
      where t.account_id = ${accountId}
    ), legs as (
      -- The ledger's entries, but for an expired hold's release: its credits came back when
      -- it expired, and those of a grant that had expired by the sweep expired with that grant.
      select m.id as transfer_id, m.at, e.account_id, e.amount
      from moves m join entries e on e.transfer_id = m.id
      where not (m.hold_expired and (e.account_id = ${accountId} or e.account_id = credits_system_account('breakage')))
      union all
      select m.id, m.at, ${accountId}, -e.amount
      from moves m join entries e on e.transfer_id = m.id
      where m.hold_expired and e.account_id = credits_system_account('holds')
      union all
      select m.id, greatest(m.at, g.expires_at), x.account_id, x.amount
      from moves m
      join hold_allocations ha on ha.hold_id = m.hold_id
      join grants g on g.id = ha.grant_id
      cross join lateral (values (${accountId}::bigint, -ha.amount), (credits_system_account('breakage'), ha.amount)) x(account_id, amount)
      where m.hold_expired and ha.amount > 0 and g.expires_at <= m.created_at
    ), classified as (
      select case when l.at < ${range.from.toISOString()}::timestamptz then 'before' else 'within' end as period,
        case l.account_id
          when ${accountId} then 'unreserved'
          when credits_system_account('holds') then 'held'
          when credits_system_account('usage') then 'used'
          when credits_system_account('breakage') then 'expired'
          when credits_system_account('issuance') then case when m.kind = 'grant' then 'granted' else 'clawed' end
        end as line,
        case when m.kind = 'grant' then
          case when m.metadata->>'reason' = 'welcome' or m.external_ref like 'welcome:%' then 'welcome' else m.source end
        end as grant_kind,
        m.request_id, l.amount
      from legs l join moves m on m.id = l.transfer_id
      where l.at < ${range.to.toISOString()}::timestamptz
    )
    select c.period, c.line, c.grant_kind,
      case when c.line = 'used' then u.feature end as feature,
      case when c.line = 'used' then u.model end as model,
      sum(c.amount)::text as credits
    from classified c
    left join usage_requests u on c.line = 'used' and u.id = c.request_id and u.account_id = ${accountId}
    group by 1, 2, 3, 4, 5`;

  const statement: MonthlyStatement = {
    month,
    title: monthName(month),
    timeZone,
    from: range.from,
    to,
    running,
    opening: { balance: 0, held: 0 },
    granted: [],
    grantedTotal: 0,
    used: [],
    usedTotal: 0,
    expired: 0,
    clawedBack: 0,
    closing: { balance: 0, held: 0 },
  };
  const granted = new Map<GrantLine["kind"], number>();
  for (const row of rows) {
    const credits = Number(row.credits);
    if (row.line === "unreserved" || row.line === "held") {
      statement.closing.balance += credits;
      if (row.line === "held") statement.closing.held += credits;
      if (row.period === "before") {
        statement.opening.balance += credits;
        if (row.line === "held") statement.opening.held += credits;
      }
      continue;
    }
    if (row.period === "before") continue;
    if (row.line === "granted") {
      const kind = (row.grant_kind ?? "adjustment") as GrantLine["kind"];
      granted.set(kind, (granted.get(kind) ?? 0) - credits);
      statement.grantedTotal -= credits;
    } else if (row.line === "clawed") {
      statement.clawedBack += credits;
    } else if (row.line === "expired") {
      statement.expired += credits;
    } else if (row.line === "used") {
      statement.used.push(usageLine(row.feature ?? "unknown", row.model ?? "unknown", credits));
      statement.usedTotal += credits;
    }
  }
  const order: GrantLine["kind"][] = ["welcome", ...grantSources];
  statement.granted = order
    .filter((kind) => granted.has(kind))
    .map((kind) => ({ kind, label: grantLabels[kind], credits: granted.get(kind)! }));
  statement.used.sort((a, b) => b.credits - a.credits || a.feature.localeCompare(b.feature) || a.model.localeCompare(b.model));
  return statement;
}

function usageLine(feature: string, model: string, credits: number): UsageLine {
  return {
    feature,
    featureName: features.find((f) => f.id === feature)?.name ?? feature,
    model,
    modelName: models.find((m) => m.id === model)?.name ?? model,
    credits,
  };
}

/** The statement as CSV rows (section, item, detail, credits), the same figures as the page. */
export function statementCsv(s: MonthlyStatement): string {
  const rows: unknown[][] = [["section", "item", "detail", "credits"]];
  rows.push(["opening balance", "balance", `${s.timeZone}, ${s.from.toISOString()}`, s.opening.balance]);
  rows.push(["opening balance", "of which held", "", s.opening.held]);
  for (const g of s.granted) rows.push(["granted", g.label, g.kind, g.credits]);
  rows.push(["granted", "total", "", s.grantedTotal]);
  for (const u of s.used) rows.push(["used", u.featureName, u.modelName, u.credits]);
  rows.push(["used", "total", "", s.usedTotal]);
  rows.push(["expired", "total", "", s.expired]);
  rows.push(["clawed back", "total", "refunds and disputes", s.clawedBack]);
  rows.push(["closing balance", "balance", s.running ? "so far" : s.to.toISOString(), s.closing.balance]);
  rows.push(["closing balance", "of which held by open holds", "", s.closing.held]);
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
