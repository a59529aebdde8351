import { clsx } from "clsx";
import { Ticket } from "lucide-react";
import type { PromoCode } from "@/db/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/lib/credits/shared";
import type { PromoStatus } from "@/lib/promo";
import { DisablePromoCodeButton } from "./promo-code-forms";

const num = new Intl.NumberFormat("en-US");
const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";
const td = "px-3 py-2";

const statusTone: Record<PromoStatus, string> = {
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-400/15 dark:text-emerald-200",
  expired: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  "used up": "bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200",
  disabled: "bg-red-100 text-red-900 dark:bg-red-400/15 dark:text-red-200",
};

/** The console's list of codes: how many uses are left and whether each can still be redeemed. */
export function PromoCodeTable({ codes }: { codes: Array<PromoCode & { status: PromoStatus }> }) {
  if (codes.length === 0) {
    return (
      <EmptyState icon={<Ticket className="size-5" />} title="No promo codes yet">
        <p>Codes you create appear here with their uses and status.</p>
      </EmptyState>
    );
  }
  return (
    <>
      {/* On a phone: one card per code, so nothing needs a sideways scroll. */}
      <ul aria-label="Promo codes" className="space-y-3 sm:hidden">
        {codes.map((c) => (
          <li key={c.id} className="rounded-xl border border-zinc-200 bg-white p-4 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
            <div className="flex items-center justify-between gap-2">
              <code className="font-mono text-xs font-semibold break-all">{c.code}</code>
              <span className={clsx("inline-flex shrink-0 rounded-full px-2 py-0.5 text-xs font-medium", statusTone[c.status])}>{c.status}</span>
            </div>
            <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-1">
              <dt className="text-zinc-600 dark:text-zinc-400">Credits</dt>
              <dd className="tabular-nums">{num.format(c.credits)}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Used / max</dt>
              <dd className="tabular-nums">
                {num.format(c.redemptions)} / {num.format(c.maxRedemptions)}
              </dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Credits last</dt>
              <dd>{c.creditsValidDays === 1 ? "1 day" : `${num.format(c.creditsValidDays)} days`}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Code expires (UTC)</dt>
              <dd>{c.expiresAt ? formatDateTime(c.expiresAt, "UTC") : "Never"}</dd>
            </dl>
            {c.status === "disabled" ? null : (
              <div className="mt-3">
                <DisablePromoCodeButton codeId={c.id} code={c.code} />
              </div>
            )}
          </li>
        ))}
      </ul>
    <div
      role="region"
      aria-label="Promo codes"
      tabIndex={0}
      // relative: the "Disable CODE" button's screen-reader text is absolutely placed, and would otherwise widen the page.
      className="relative hidden overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm sm:block dark:border-zinc-800 dark:bg-zinc-900"
    >
      <table className="w-full min-w-[44rem] text-sm">
        <thead>
          <tr>
            <th scope="col" className={th}>Code</th>
            <th scope="col" className={`${th} text-right`}>Credits</th>
            <th scope="col" className={`${th} text-right`}>Used / max</th>
            <th scope="col" className={th}>Credits last</th>
            <th scope="col" className={th}>Code expires (UTC)</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {codes.map((c) => (
            <tr key={c.id}>
              <td className={td}>
                <code className="font-mono text-xs font-semibold">{c.code}</code>
              </td>
              <td className={`${td} text-right tabular-nums`}>{num.format(c.credits)}</td>
              <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
                {num.format(c.redemptions)} / {num.format(c.maxRedemptions)}
              </td>
              <td className={`${td} whitespace-nowrap`}>{c.creditsValidDays === 1 ? "1 day" : `${num.format(c.creditsValidDays)} days`}</td>
              <td className={`${td} whitespace-nowrap`}>{c.expiresAt ? formatDateTime(c.expiresAt, "UTC") : "Never"}</td>
              <td className={td}>
                <span className={clsx("inline-flex rounded-full px-2 py-0.5 text-xs font-medium", statusTone[c.status])}>{c.status}</span>
              </td>
              <td className={td}>{c.status === "disabled" ? null : <DisablePromoCodeButton codeId={c.id} code={c.code} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}
