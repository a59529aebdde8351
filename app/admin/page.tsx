import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ReportStatusBadge } from "@/components/reports/report-status-badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { reportStatuses } from "@/db/schema";
import { requireAdmin } from "@/lib/auth/admin";
import { supportFilterSchema, supportReports } from "@/lib/reports";
import { formatDateTime } from "@/lib/credits/shared";

export const metadata: Metadata = { title: "Reports" };

// Support reads every account in one zone, UTC (as the server logs are), in the format every page uses.
const date = { format: (instant: Date | string) => formatDateTime(instant, "UTC") };
const th = "px-3 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";

export default async function SupportReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const raw = await searchParams;
  const filter = supportFilterSchema.parse({ status: raw.status || undefined, email: raw.email || undefined });
  const reports = await supportReports(filter);
  return (
    <>
      <PageHeader title="Reports" description="Problems users reported with requests that used credits, most recently changed first." />
      <form method="get" className="mb-4 flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:flex-row sm:items-end dark:border-zinc-800 dark:bg-zinc-900">
        <div className="space-y-1.5">
          <label htmlFor="filter-status" className="block text-sm font-medium">
            Status
          </label>
          <select
            id="filter-status"
            name="status"
            defaultValue={filter.status ?? ""}
            className="block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm shadow-sm sm:w-48 dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">Any status</option>
            {reportStatuses.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <Field id="filter-email" name="email" label="User e-mail" type="search" defaultValue={filter.email ?? ""} placeholder="part of an address" className="sm:w-72" />
        <button type="submit" className={buttonClass("secondary")}>
          Apply filters
        </button>
      </form>
      {reports.length === 0 ? (
        <EmptyState icon={<Inbox className="size-5" />} title="No reports">
          <p>{filter.status || filter.email ? "No report matches these filters." : "No user has reported a problem yet."}</p>
        </EmptyState>
      ) : (
        <div role="region" aria-label="Reports" tabIndex={0} className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full min-w-[40rem] text-sm">
            <caption className="sr-only">Reports, most recently changed first</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/60">
              <tr>
                <th scope="col" className={th}>Report</th>
                <th scope="col" className={th}>User</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={th}>Updated (UTC)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {reports.map((r) => (
                <tr key={r.id}>
                  <td className="max-w-[14rem] px-3 py-2.5 sm:max-w-[26rem]">
                    <Link href={`/admin/reports/${r.id}`} className="block truncate font-medium text-brand-600 hover:underline dark:text-brand-100">
                      {r.description}
                    </Link>
                  </td>
                  <td className="px-3 py-2.5">
                    <Link href={`/admin/users/${r.userId}`} className="hover:underline">
                      {r.email}
                    </Link>
                  </td>
                  <td className="px-3 py-2.5">
                    <ReportStatusBadge status={r.status} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2.5 tabular-nums">{date.format(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
