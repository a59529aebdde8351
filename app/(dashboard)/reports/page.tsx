import { Flag, LifeBuoy } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ReportStatusBadge } from "@/components/reports/report-status-badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { accountIdForUser, formatDate, viewerTimeZone } from "@/lib/credits";
import { listReports } from "@/lib/reports";

export const metadata: Metadata = { title: "Reports" };

const th = "px-3 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";
const link = "font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100";

export default async function ReportsPage() {
  const user = await requireUser();
  const [reports, timeZone] = await Promise.all([listReports(await accountIdForUser(user.id)), viewerTimeZone()]);
  return (
    <>
      <PageHeader
        title="Reports"
        description="Problems you reported with requests that used credits. Credits are not refunded once used, unless a bug caused the usage."
        actions={
          <Link href="/reports/new" className={buttonClass("primary")}>
            <Flag aria-hidden className="size-4" />
            Report a problem
          </Link>
        }
      />
      {reports.length === 0 ? (
        <EmptyState icon={<LifeBuoy className="size-5" />} title="No reports yet">
          <p>
            If a bug made a request use credits it should not have, find it on the{" "}
            <Link href="/usage" className={link}>
              Usage page
            </Link>{" "}
            and choose “Report a problem”. Support looks at every report and can credit the usage back.
          </p>
        </EmptyState>
      ) : (
        <div role="region" aria-label="Your reports" tabIndex={0} className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full min-w-[40rem] text-sm">
            <caption className="sr-only">Your reports, newest first</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/60">
              <tr>
                <th scope="col" className={th}>Report</th>
                <th scope="col" className={th}>Sent</th>
                <th scope="col" className={`${th} text-right`}>Requests</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={th}>Last update</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {reports.map((r) => (
                <tr key={r.id}>
                  <td className="max-w-[24rem] px-3 py-2.5">
                    <Link href={`/reports/${r.id}`} className="block truncate font-medium text-brand-600 hover:underline dark:text-brand-100">
                      {r.description}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2.5 tabular-nums">{formatDate(r.createdAt, timeZone)}</td>
                  <td className="px-3 py-2.5 text-right tabular-nums">{r.requests}</td>
                  <td className="px-3 py-2.5">
                    <ReportStatusBadge status={r.status} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2.5 tabular-nums">{formatDate(r.updatedAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
