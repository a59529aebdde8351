import { clsx } from "clsx";
import { Flag } from "lucide-react";
import Link from "next/link";
import type { UsageRequest } from "@/db/schema";
import { dateTimeFormat, featureName, formatNumber, modelName } from "./names";
import { RequestId } from "./request-id";
import { StatusBadge } from "./status-badge";

const th = "px-3 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";
const td = "px-3 py-2.5 align-middle";

function credits(row: UsageRequest) {
  if (row.status === "pending" && row.heldCredits) return `${formatNumber(row.heldCredits)} held`;
  return formatNumber(row.credits);
}

/**
 * The request log as a table; scrolls sideways on narrow screens. With
 * `selectionForm`, each row gets a checkbox (submitted by that form, which
 * opens the report form with the ticked ids) and a "Report a problem" link;
 * `highlight` marks rows (the reported ones, in the support console).
 */
export function UsageTable({
  rows,
  timeZone,
  caption,
  selectionForm,
  highlight,
}: {
  rows: UsageRequest[];
  timeZone: string;
  caption: string;
  selectionForm?: string;
  highlight?: string[];
}) {
  const format = dateTimeFormat(timeZone);
  const marked = new Set(highlight);
  return (
    <div
      role="region"
      aria-label="Requests"
      tabIndex={0}
      className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <table className="w-full min-w-[56rem] text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/60">
          <tr>
            {selectionForm ? (
              <th scope="col" className={`${th} w-10`}>
                <span className="sr-only">Select</span>
              </th>
            ) : null}
            <th scope="col" className={th}>
              Request id
            </th>
            <th scope="col" className={th}>
              Time
            </th>
            <th scope="col" className={th}>
              Feature
            </th>
            <th scope="col" className={th}>
              Model
            </th>
            <th scope="col" className={`${th} text-right`}>
              Tokens in / out
            </th>
            <th scope="col" className={`${th} text-right`}>
              Credits
            </th>
            <th scope="col" className={`${th} text-right`}>
              Balance after
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            {selectionForm ? (
              <th scope="col" className={th}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row) => (
            <tr key={row.id} className={clsx(marked.has(row.id) && "bg-amber-50 dark:bg-amber-950/40")}>
              {selectionForm ? (
                <td className={td}>
                  <input
                    type="checkbox"
                    name="request"
                    value={row.id}
                    form={selectionForm}
                    aria-label={`Select request ${row.id}`}
                    className="size-4 rounded border-zinc-300 accent-brand-600"
                  />
                </td>
              ) : null}
              <td className={td}>
                {marked.has(row.id) ? <span className="sr-only">Reported: </span> : null}
                <RequestId id={row.id} />
              </td>
              <td className={`${td} whitespace-nowrap tabular-nums`}>
                <time dateTime={row.createdAt.toISOString()}>{format.format(row.createdAt)}</time>
              </td>
              <td className={`${td} whitespace-nowrap`}>{featureName(row.feature)}</td>
              <td className={`${td} whitespace-nowrap`}>{modelName(row.model)}</td>
              <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
                {row.inputTokens === null && row.outputTokens === null ? (
                  <span className="text-zinc-500 dark:text-zinc-400">—</span>
                ) : (
                  `${formatNumber(row.inputTokens)} / ${formatNumber(row.outputTokens)}`
                )}
              </td>
              <td className={`${td} whitespace-nowrap text-right font-medium tabular-nums`}>{credits(row)}</td>
              <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{formatNumber(row.balanceAfter)}</td>
              <td className={td}>
                <StatusBadge status={row.status} />
              </td>
              {selectionForm ? (
                <td className={`${td} whitespace-nowrap`}>
                  <Link
                    href={`/reports/new?request=${encodeURIComponent(row.id)}`}
                    aria-label={`Report a problem with request ${row.id}`}
                    title="Report a problem"
                    className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800"
                  >
                    <Flag aria-hidden className="size-3.5" />
                    Report a problem
                  </Link>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
