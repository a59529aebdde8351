import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AdjustmentForm, ReplyForm, StatusForm } from "@/components/admin/report-actions";
import { ReportHistory } from "@/components/reports/report-history";
import { ReportStatusBadge } from "@/components/reports/report-status-badge";
import { ScreenshotGallery } from "@/components/reports/screenshot-gallery";
import { Card } from "@/components/ui/card";
import { UsageTable } from "@/components/usage/usage-table";
import { requireAdmin } from "@/lib/auth/admin";
import { supportReport } from "@/lib/reports";
import { formatDateTime } from "@/lib/credits/shared";

/** The report, read once for the title and the page. */
const loadReport = cache(async (id: string) => {
  await requireAdmin();
  return supportReport(id);
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  // A 404 met while the title is worked out is titled by app/not-found.tsx, not "Report".
  if (!(await loadReport((await params).id))) notFound();
  return { title: "Report" };
}

// Support reads every account in one zone, UTC (as the server logs are), in the format every page uses.
const date = { format: (instant: Date | string) => formatDateTime(instant, "UTC") };

export default async function SupportReportPage({ params }: { params: Promise<{ id: string }> }) {
  const details = await loadReport((await params).id);
  if (!details) notFound();
  const { report, user, requests, around, screenshots, events, adjustment, actors } = details;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin" className="inline-flex items-center gap-1 text-sm font-medium text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
          <ChevronLeft aria-hidden className="size-4" />
          All reports
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Report from {user.email}</h1>
          <ReportStatusBadge status={report.status} />
        </div>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Sent {date.format(report.createdAt)} UTC · <code className="font-mono text-xs">{report.id}</code> ·{" "}
          <Link href={`/admin/users/${user.id}`} className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100">
            User&apos;s ledger
          </Link>
        </p>
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          <Card title="Description">
            <p className="whitespace-pre-wrap text-sm">{report.description}</p>
          </Card>
          <section aria-labelledby="around-heading" className="space-y-3">
            <h2 id="around-heading" className="text-base font-semibold">
              Requests ({requests.length} reported, highlighted) and those around them
            </h2>
            {around.length > 0 ? (
              <UsageTable rows={around} timeZone="UTC" caption="The user's requests around the reported ones, newest first" highlight={requests.map((r) => r.id)} />
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">The user has no requests.</p>
            )}
          </section>
          <Card title="Screenshots">
            <ScreenshotGallery screenshots={screenshots} />
          </Card>
          <Card title="History">
            <ReportHistory events={events} actors={actors} timeZone="UTC" />
          </Card>
        </div>
        <aside aria-label="Actions" className="space-y-4">
          <StatusForm reportId={report.id} status={report.status} />
          <ReplyForm reportId={report.id} />
          <AdjustmentForm reportId={report.id} credited={adjustment?.credits ?? null} />
        </aside>
      </div>
    </div>
  );
}
