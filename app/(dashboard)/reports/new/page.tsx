import type { Metadata } from "next";
import Link from "next/link";
import { ReportForm } from "@/components/reports/report-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { MAX_REQUESTS_PER_REPORT } from "@/lib/reports";

export const metadata: Metadata = { title: "Report a problem" };

export default async function NewReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const { request } = await searchParams;
  const requestIds = [...new Set((Array.isArray(request) ? request : request ? [request] : []).map((id) => id.slice(0, 100)))].slice(
    0,
    MAX_REQUESTS_PER_REPORT,
  );
  return (
    <>
      <PageHeader
        title="Report a problem"
        description={
          <>
            Used credits are not refunded, except when a bug caused the usage. Tell us what happened; support answers on your{" "}
            <Link href="/reports" className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100">
              Reports
            </Link>{" "}
            page.
          </>
        }
      />
      <Card className="max-w-3xl">
        <ReportForm requestIds={requestIds} />
      </Card>
    </>
  );
}
