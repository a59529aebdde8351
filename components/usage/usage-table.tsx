import { clsx } from "clsx";
import { Flag } from "lucide-react";
import Link from "next/link";
import type { UsageRequest } from "@/db/schema";
import { formatDateTime } from "@/lib/credits/shared";
import { featureName, formatNumber, modelName } from "./names";
import { RequestId } from "./request-id";
import { StatusBadge } from "./status-badge";

const th = "px-3 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";
const td = "px-3 py-2.5 align-middle max-sm:p-0";
const muted = "text-zinc-600 dark:text-zinc-400";
// Words a card needs on a phone that the column headers say on a wider screen: generated
// content, so a cell's text stays its value (what tests and copy-paste read).
const phoneLabel = {
  tokens: "max-sm:before:content-['Tokens_in_/_out:_'] max-sm:before:text-zinc-600 max-sm:dark:before:text-zinc-400",
  balance: "max-sm:before:content-['Balance_after:_'] max-sm:before:text-zinc-600 max-sm:dark:before:text-zinc-400",
  credit: "max-sm:after:content-['_credit']",
  credits: "max-sm:after:content-['_credits']",
};

// On a phone each row is a card, its cells placed by name (the table's semantics stay):
//   [select] feature
//            model
//            credits            status
//            time · request id
//            tokens             balance after
//            Report a problem
const card =
  "max-sm:grid max-sm:grid-cols-[auto_minmax(0,1fr)_auto] max-sm:items-center max-sm:gap-x-3 max-sm:gap-y-1 max-sm:px-4 max-sm:py-3 " +
  "max-sm:[grid-template-areas:'sel_feature_feature''sel_model_model''sel_credits_status''sel_time_time''sel_id_id''sel_tokens_balance''sel_report_report']";
const area = {
  sel: "max-sm:[grid-area:sel] max-sm:self-start",
  feature: "max-sm:[grid-area:feature] max-sm:font-medium",
  model: "max-sm:[grid-area:model] max-sm:text-zinc-600 max-sm:dark:text-zinc-400",
  credits: "max-sm:[grid-area:credits] max-sm:text-left max-sm:text-base",
  status: "max-sm:[grid-area:status] max-sm:justify-self-end",
  time: "max-sm:[grid-area:time] max-sm:text-xs max-sm:text-zinc-600 max-sm:dark:text-zinc-400",
  id: "max-sm:[grid-area:id]",
  tokens: "max-sm:[grid-area:tokens] max-sm:text-left max-sm:text-xs",
  balance: "max-sm:[grid-area:balance] max-sm:text-xs",
  report: "max-sm:[grid-area:report] max-sm:-ml-2",
};

function credits(row: UsageRequest) {
  if (row.status === "pending" && row.heldCredits) return `${formatNumber(row.heldCredits)} held`;
  return formatNumber(row.credits);
}

/**
 * The request log: a table on a wide screen, a stack of cards on a phone
 * (nothing scrolls sideways). With `selectionForm`, each row gets a checkbox
 * (submitted by that form, which opens the report form with the ticked ids)
 * and a "Report a problem" link; `highlight` marks rows (the reported ones,
 * in the support console).
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
  const marked = new Set(highlight);
  return (
    <div
      role="region"
      aria-label="Requests"
      tabIndex={0}
      className="rounded-xl border border-zinc-200 bg-white shadow-sm sm:overflow-x-auto dark:border-zinc-800 dark:bg-zinc-900"
    >
      <table className="w-full text-sm max-sm:block">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 max-sm:sr-only dark:border-zinc-800 dark:bg-zinc-900/60">
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
        <tbody className="divide-y divide-zinc-100 max-sm:block dark:divide-zinc-800">
          {rows.map((row) => (
            <tr key={row.id} className={clsx(card, marked.has(row.id) && "bg-amber-50 dark:bg-amber-950/40")}>
              {selectionForm ? (
                <td className={clsx(td, area.sel)}>
                  <input
                    type="checkbox"
                    name="request"
                    value={row.id}
                    form={selectionForm}
                    aria-label={`Select request ${row.id}`}
                    className="size-4 rounded border-zinc-300 accent-brand-600 max-sm:mt-0.5"
                  />
                </td>
              ) : null}
              <td className={clsx(td, area.id)}>
                {marked.has(row.id) ? <span className="sr-only">Reported: </span> : null}
                <RequestId id={row.id} />
              </td>
              <td className={clsx(td, area.time, "whitespace-nowrap tabular-nums")}>
                <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt, timeZone)}</time>
              </td>
              <td className={clsx(td, area.feature)}>{featureName(row.feature)}</td>
              <td className={clsx(td, area.model)}>{modelName(row.model)}</td>
              <td className={clsx(td, area.tokens, phoneLabel.tokens, "whitespace-nowrap text-right tabular-nums")}>
                {row.inputTokens === null && row.outputTokens === null ? (
                  <span className={muted}>—</span>
                ) : (
                  `${formatNumber(row.inputTokens)} / ${formatNumber(row.outputTokens)}`
                )}
              </td>
              <td
                className={clsx(
                  td,
                  area.credits,
                  row.credits === 1 && row.status !== "pending" ? phoneLabel.credit : phoneLabel.credits,
                  "whitespace-nowrap text-right font-medium tabular-nums",
                )}
              >
                {credits(row)}
              </td>
              <td className={clsx(td, area.balance, phoneLabel.balance, "whitespace-nowrap text-right tabular-nums")}>
                {formatNumber(row.balanceAfter)}
              </td>
              <td className={clsx(td, area.status)}>
                <StatusBadge status={row.status} />
              </td>
              {selectionForm ? (
                <td className={clsx(td, area.report, "whitespace-nowrap")}>
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
