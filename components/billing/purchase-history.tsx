import { Receipt } from "lucide-react";
import Link from "next/link";
import type { Purchase, PurchaseStatus } from "@/db/schema";
import { formatUsdExact } from "@/lib/credits/shared";
import { cardLabel, hasReceipt } from "@/lib/payments";
import { purchaseStatusNames } from "./purchase-status";

const whole = new Intl.NumberFormat("en-US");

const statusTone: Record<PurchaseStatus, string> = {
  pending: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  requires_action: "bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200",
  succeeded: "bg-emerald-100 text-emerald-800 dark:bg-emerald-400/15 dark:text-emerald-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-400/15 dark:text-red-200",
  canceled: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  refunded: "bg-sky-100 text-sky-800 dark:bg-sky-400/15 dark:text-sky-200",
  partially_refunded: "bg-sky-100 text-sky-800 dark:bg-sky-400/15 dark:text-sky-200",
  disputed: "bg-red-100 text-red-800 dark:bg-red-400/15 dark:text-red-200",
};

function what(p: Purchase) {
  const credits = `${whole.format(p.credits)} credits`;
  if (p.kind === "refill") return { title: credits, detail: "Auto-refill" };
  if (p.kind === "package") return { title: credits, detail: "Credit package" };
  return { title: credits, detail: "Custom amount" };
}

/** Settings › Billing: every purchase and auto-refill, newest first. */
export function PurchaseHistory({ rows, timeZone }: { rows: Purchase[]; timeZone: string }) {
  const date = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone });
  if (rows.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
        <Receipt aria-hidden className="size-4" /> No purchases yet. Your purchases and auto-refills will be listed here.
      </p>
    );
  }
  return (
    <div className="-mx-5 overflow-x-auto px-5">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">Purchase history, newest first</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Date</th>
            <th scope="col" className="py-2 pr-4 font-medium">Purchase</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Amount</th>
            <th scope="col" className="py-2 pr-4 font-medium">Card</th>
            <th scope="col" className="py-2 pr-4 font-medium">Status</th>
            <th scope="col" className="py-2 font-medium"><span className="sr-only">Receipt</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((p) => {
            const item = what(p);
            return (
              <tr key={p.id}>
                <td className="whitespace-nowrap py-2.5 pr-4 text-zinc-700 dark:text-zinc-300">
                  <time dateTime={p.createdAt.toISOString()}>{date.format(p.createdAt)}</time>
                </td>
                <td className="py-2.5 pr-4">
                  <span className="font-medium tabular-nums">{item.title}</span>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{item.detail}</span>
                </td>
                <td className="whitespace-nowrap py-2.5 pr-4 text-right tabular-nums">
                  {formatUsdExact(p.amountCents)}
                  {p.refundedCents > 0 ? (
                    <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                      {formatUsdExact(p.refundedCents)} refunded
                    </span>
                  ) : null}
                </td>
                <td className="whitespace-nowrap py-2.5 pr-4 text-zinc-700 dark:text-zinc-300">{p.cardBrand && p.cardLast4 ? cardLabel(p.cardBrand, p.cardLast4) : "—"}</td>
                <td className="py-2.5 pr-4">
                  <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${statusTone[p.status]}`}>
                    {purchaseStatusNames[p.status]}
                  </span>
                  {p.creditsTakenBack > 0 || p.unrecoveredCredits > 0 ? (
                    <span className="mt-0.5 block max-w-56 text-xs text-zinc-600 dark:text-zinc-400">
                      {p.creditsTakenBack.toLocaleString("en-US")} credits taken back
                      {p.unrecoveredCredits > 0 ? `; ${p.unrecoveredCredits.toLocaleString("en-US")} had already been used` : ""}
                    </span>
                  ) : null}
                  {p.status === "failed" && p.failureMessage ? (
                    <span className="mt-0.5 block max-w-56 text-xs text-zinc-600 dark:text-zinc-400">{p.failureMessage}</span>
                  ) : null}
                </td>
                <td className="whitespace-nowrap py-2.5">
                  {hasReceipt(p.status) ? (
                    <Link
                      href={`/settings/billing/receipts/${encodeURIComponent(p.id)}`}
                      className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100"
                    >
                      Receipt<span className="sr-only"> for {item.title} on {date.format(p.createdAt)}</span>
                    </Link>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
