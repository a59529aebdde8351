import { ChevronLeft, ChevronRight, Download } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { StatementTable } from "@/components/usage/statement-table";
import { requireUser } from "@/lib/auth/session";
import {
  TIME_ZONE_COOKIE,
  accountIdForUser,
  addMonths,
  monthName,
  monthOf,
  monthlyStatement,
  now,
  parseStatementMonth,
  safeTimeZone,
} from "@/lib/credits";

export const metadata: Metadata = { title: "Monthly statements" };

export default async function StatementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const [params, cookieStore, accountId] = await Promise.all([searchParams, cookies(), accountIdForUser(user.id)]);
  const timeZone = safeTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value);
  const current = monthOf(now(), timeZone);
  const { month, invalid } = parseStatementMonth(params.month, current);
  const statement = await monthlyStatement(accountId, month, timeZone);
  const previous = addMonths(month, -1);
  const next = month < current ? addMonths(month, 1) : null;

  return (
    <>
      <PageHeader
        title={`Statement for ${statement.title}`}
        description={`Where your credits came from and went, month by month. Months start at midnight in ${timeZone.replaceAll("_", " ")}.`}
        actions={
          <a href={`/usage/statements/csv?month=${month}`} download className={buttonClass("secondary")}>
            <Download aria-hidden className="size-4" />
            Download CSV
          </a>
        }
      />
      {invalid ? (
        <div className="mb-4">
          <Alert tone="info">That month is not one we can show; here is {monthName(current)}.</Alert>
        </div>
      ) : null}
      <div className="max-w-2xl space-y-4">
        <nav aria-label="Months" className="flex items-center justify-between gap-3">
          <Link href={`/usage/statements?month=${previous}`} className={buttonClass("secondary")}>
            <ChevronLeft aria-hidden className="size-4" />
            {monthName(previous)}
          </Link>
          {next ? (
            <Link href={`/usage/statements?month=${next}`} className={buttonClass("secondary")}>
              {monthName(next)}
              <ChevronRight aria-hidden className="size-4" />
            </Link>
          ) : null}
        </nav>
        <StatementTable statement={statement} />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Opening balance + credits in − credits out = {statement.running ? "balance so far" : "closing balance"}. Credits held
          by a request that is still running are still yours, so they count in the balance until the request finishes.
          {statement.running ? " This month is not over yet." : ""}
        </p>
      </div>
    </>
  );
}
