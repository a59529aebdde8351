import { ArrowRight } from "lucide-react";
import Link from "next/link";
import type { UsageRequest } from "@/db/schema";
import { featureName, formatNumber, modelName } from "@/components/usage/names";
import { formatDateTime } from "@/lib/credits/shared";
import { RequestId } from "@/components/usage/request-id";
import { StatusBadge } from "@/components/usage/status-badge";

/** The five newest requests, each with its id to copy, and the way to the full log. */
export function RecentRequests({ rows, timeZone }: { rows: UsageRequest[]; timeZone: string }) {
  return (
    <section
      aria-labelledby="recent-title"
      className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="recent-title" className="text-base font-semibold">
          Recent requests
        </h2>
        <Link
          href="/usage"
          className="inline-flex items-center gap-1 text-sm font-medium text-brand-600 underline-offset-4 hover:underline dark:text-brand-100"
        >
          View the request log
          <ArrowRight aria-hidden className="size-4" />
        </Link>
      </div>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">No requests yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Five most recent requests">
          {rows.map((row) => (
            <li key={row.id} className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-4 gap-y-1 py-3 text-sm">
              <div className="min-w-0">
                <p className="truncate">
                  <span className="font-medium">{featureName(row.feature)}</span>
                  <span className="text-zinc-600 dark:text-zinc-400"> · {modelName(row.model)}</span>
                </p>
                <p className="flex flex-wrap items-center gap-x-3 text-xs text-zinc-600 dark:text-zinc-400">
                  <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt, timeZone)}</time>
                  <RequestId id={row.id} />
                </p>
              </div>
              <div className="flex flex-col items-end gap-1">
                <span className="whitespace-nowrap font-medium tabular-nums">
                  {formatNumber(row.credits)} {row.credits === 1 ? "credit" : "credits"}
                </span>
                <StatusBadge status={row.status} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
