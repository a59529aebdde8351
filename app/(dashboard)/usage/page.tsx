import { ChevronLeft, ChevronRight, Download, FileText, Flag, ListOrdered, SearchX } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UsageFilters } from "@/components/usage/usage-filters";
import { UsageTable } from "@/components/usage/usage-table";
import { requireUser } from "@/lib/auth/session";
import {
  TIME_ZONE_COOKIE,
  accountIdForUser,
  decodeCursor,
  hasFilters,
  parseUsageSearch,
  safeTimeZone,
  timeZoneName,
  usageQuery,
  usageWindow,
  type SearchParams,
} from "@/lib/credits";

export const metadata: Metadata = { title: "Usage" };

const PAGE_SIZE = 20;
const link = "font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100";

function single(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const [params, cookieStore, accountId] = await Promise.all([searchParams, cookies(), accountIdForUser(user.id)]);
  const timeZone = safeTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value);
  const { search, filter, invalid, dateRangeError } = parseUsageSearch(params, timeZone);

  // Older than `after`, or newer than `before`: keyset positions, never an offset.
  const afterParam = single(params.after);
  const beforeParam = single(params.before);
  const after = afterParam ? decodeCursor(afterParam) : undefined;
  const before = !after && beforeParam ? decodeCursor(beforeParam) : undefined;
  if (after === null || before === null) invalid.push("page position");

  const page = await usageWindow(accountId, filter, {
    limit: PAGE_SIZE,
    after: after ?? undefined,
    before: before ?? undefined,
  });
  const filtered = hasFilters(search);
  const paged = Boolean(after || before);
  const exportHref = `/usage/export${usageQuery(search)}`;
  const accountIsEmpty = page.data.length === 0 && !filtered && !paged;

  return (
    <>
      <PageHeader
        title="Usage"
        description={`Every metered request, newest first. Times are in ${timeZoneName(timeZone)}.`}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href="/usage/statements" className={buttonClass("secondary")}>
              <FileText aria-hidden className="size-4" />
              Monthly statements
            </Link>
            {accountIsEmpty ? null : (
              <a href={exportHref} download className={buttonClass("secondary")}>
                <Download aria-hidden className="size-4" />
                Export CSV
              </a>
            )}
          </div>
        }
      />

      {invalid.length > 0 ? (
        <div className="mb-4">
          <Alert tone="info">
            Some values in the address were not valid and were ignored: {invalid.join(", ")}.
          </Alert>
        </div>
      ) : null}

      {accountIsEmpty ? (
        <EmptyState icon={<ListOrdered className="size-5" />} title="No requests yet">
          <p>
            Each request your AI features make is metered through the API and listed here with its request id, model,
            tokens and the credits it used. Create a key in{" "}
            <Link href="/settings/api-keys" className={link}>
              Settings › API keys
            </Link>{" "}
            to connect a service, and see what each request costs on the{" "}
            <Link href="/pricing" className={link}>
              pricing page
            </Link>
            .
          </p>
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <section
            aria-label="Filters"
            className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
          >
            <UsageFilters search={search} dateRangeError={dateRangeError} />
            {filtered ? (
              <p className="mt-3 text-sm">
                <Link href="/usage" className={link}>
                  Clear filters
                </Link>
              </p>
            ) : null}
          </section>

          {page.data.length === 0 ? (
            <EmptyState icon={<SearchX className="size-5" />} title={paged ? "No more requests here" : "No results for these filters"}>
              <p>
                {paged ? (
                  <>
                    This page is past the end of the log.{" "}
                    <Link href={`/usage${usageQuery(search)}`} className={link}>
                      Back to the newest requests
                    </Link>
                  </>
                ) : (
                  <>
                    No request matches these filters.{" "}
                    <Link href="/usage" className={link}>
                      Clear filters
                    </Link>
                  </>
                )}
              </p>
            </EmptyState>
          ) : (
            <>
              {/* The rows' checkboxes belong to this form (form="report-selection"): it opens the report form with them. */}
              <form id="report-selection" action="/reports/new" method="get" className="flex flex-wrap items-center justify-between gap-3">
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  A bug used credits? Tick the requests and report them.
                </p>
                <button type="submit" className={buttonClass("secondary")}>
                  <Flag aria-hidden className="size-4" />
                  Report selected
                </button>
              </form>
              <UsageTable
                rows={page.data}
                timeZone={timeZone}
                caption={`Requests${filtered ? " matching the filters" : ""}, newest first`}
                selectionForm="report-selection"
              />
              <nav aria-label="Pages of requests" className="flex items-center justify-between gap-3">
                {page.newerCursor ? (
                  <Link
                    href={`/usage${usageQuery(search, { before: page.newerCursor })}`}
                    className={buttonClass("secondary")}
                  >
                    <ChevronLeft aria-hidden className="size-4" />
                    Newer
                  </Link>
                ) : (
                  <span />
                )}
                {page.olderCursor ? (
                  <Link
                    href={`/usage${usageQuery(search, { after: page.olderCursor })}`}
                    className={buttonClass("secondary")}
                  >
                    Older
                    <ChevronRight aria-hidden className="size-4" />
                  </Link>
                ) : null}
              </nav>
            </>
          )}
        </div>
      )}
    </>
  );
}
