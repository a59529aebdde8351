import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ReportHistory } from "@/components/reports/report-history";
import { ReportStatusBadge } from "@/components/reports/report-status-badge";
import { LiveCredits } from "@/components/credits/live-credits";
import { ScreenshotGallery } from "@/components/reports/screenshot-gallery";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { UsageTable } from "@/components/usage/usage-table";
import { requireUser } from "@/lib/auth/session";
import { accountIdForUser, formatDateTime, viewerTimeZone } from "@/lib/credits";
import { reportForAccount } from "@/lib/reports";

/** The report, read once for the title and the page; another account's is "not found", like one that does not exist. */
const loadReport = cache(async (id: string) => {
  const user = await requireUser();
  const accountId = await accountIdForUser(user.id);
  return { accountId, details: await reportForAccount(accountId, id) };
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  // A 404 met while the title is worked out is titled by app/not-found.tsx, not "Report".
  if (!(await loadReport((await params).id)).details) notFound();
  return { title: "Report" };
}

export default async function ReportPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { details } = await loadReport((await params).id);
  if (!details) notFound();
  const [{ sent }, timeZone] = await Promise.all([searchParams, viewerTimeZone()]);
  const { report, requests, screenshots, events, adjustment } = details;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/reports" className="inline-flex items-center gap-1 text-sm font-medium text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
          <ChevronLeft aria-hidden className="size-4" />
          All reports
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Report</h1>
          <ReportStatusBadge status={report.status} />
        </div>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Sent {formatDateTime(report.createdAt, timeZone)} · <code className="font-mono text-xs">{report.id}</code>
        </p>
      </div>

      {sent ? <Alert tone="success">Thanks — your report was sent. We will let you know here when its status changes.</Alert> : null}
      {adjustment ? (
        <Alert tone="success">
          {adjustment.credits.toLocaleString("en-US")} credits were added to your balance for this report. Your balance is now{" "}
          <strong>
            <LiveCredits /> credits
          </strong>.
        </Alert>
      ) : null}

      <Card title="What went wrong">
        <p className="whitespace-pre-wrap text-sm">{report.description}</p>
      </Card>

      <section aria-labelledby="requests-heading" className="space-y-3">
        <h2 id="requests-heading" className="text-base font-semibold">
          Reported requests
        </h2>
        {requests.length > 0 ? (
          <UsageTable rows={requests} timeZone={timeZone} caption="Requests in this report" />
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No request ids were given.</p>
        )}
      </section>

      <Card title="Screenshots">
        <ScreenshotGallery screenshots={screenshots} />
      </Card>

      <Card title="History">
        <ReportHistory events={events} timeZone={timeZone} />
      </Card>
    </div>
  );
}
