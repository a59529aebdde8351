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

/** The request log as a table; scrolls sideways on narrow screens. */
export function UsageTable({ rows, timeZone, caption }: { rows: UsageRequest[]; timeZone: string; caption: string }) {
  const format = dateTimeFormat(timeZone);
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
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className={td}>
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
