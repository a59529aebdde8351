import { ChevronLeft } from "lucide-react";
import Link from "next/link";
import type { Receipt } from "@/lib/payments";
import { formatDate, formatDateTime, formatUsdExact, timeZoneName } from "@/lib/credits/shared";
import { PrintButton } from "./print-button";
import { purchaseStatusNames } from "./purchase-status";

const whole = new Intl.NumberFormat("en-US");

/** A printable receipt of one purchase or Pro payment: in print only the receipt itself remains, in black on white. */
export function ReceiptView({ receipt, timeZone }: { receipt: Receipt; timeZone: string }) {
  const rows: Array<[string, React.ReactNode]> = [
    ["Date", <time key="d" dateTime={receipt.date.toISOString()}>{formatDateTime(receipt.date, timeZone)} ({timeZoneName(timeZone)})</time>],
    ["Purchase", receipt.description],
    ...(receipt.period
      ? ([["Period", `${formatDate(receipt.period.start, timeZone)} – ${formatDate(receipt.period.end, timeZone)}`]] as Array<[string, React.ReactNode]>)
      : []),
    ["Credits", receipt.kind === "plan" ? `${whole.format(receipt.credits)} credits for the period` : `${whole.format(receipt.credits)} credits`],
    ["Amount", formatUsdExact(receipt.amountCents)],
    ...(receipt.refundedCents > 0 ? ([["Refunded", formatUsdExact(receipt.refundedCents)]] as Array<[string, React.ReactNode]>) : []),
    ["Card", receipt.card ?? "—"],
    ["Status", purchaseStatusNames[receipt.status]],
    ["Billed to", receipt.billedTo],
    ["Purchase id", <code key="id" className="break-all font-mono text-xs">{receipt.purchaseId}</code>],
  ];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link
          href="/settings/billing"
          className="inline-flex items-center gap-1 text-sm font-medium text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
        >
          <ChevronLeft aria-hidden className="size-4" />
          Billing
        </Link>
        <PrintButton />
      </div>
      <article
        aria-labelledby="receipt-heading"
        className="mx-auto max-w-xl rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 print:max-w-none print:border-0 print:bg-white print:p-0 print:text-black print:shadow-none"
      >
        <header className="flex items-baseline justify-between gap-4 border-b border-zinc-200 pb-4 dark:border-zinc-800 print:border-zinc-300">
          <div>
            <p className="text-sm font-semibold tracking-tight">Credits</p>
            <h2 id="receipt-heading" className="text-2xl font-semibold tracking-tight">
              Receipt
            </h2>
          </div>
          <p className="text-right text-2xl font-semibold tabular-nums">{formatUsdExact(receipt.amountCents)}</p>
        </header>
        <dl className="mt-4 divide-y divide-zinc-100 text-sm dark:divide-zinc-800 print:divide-zinc-200">
          {rows.map(([term, value]) => (
            <div key={term} className="grid grid-cols-3 gap-4 py-2">
              <dt className="text-zinc-600 dark:text-zinc-400 print:text-zinc-700">{term}</dt>
              <dd className="col-span-2 tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        {receipt.stripeReceiptUrl ? (
          <p className="mt-4 text-sm print:hidden">
            <a href={receipt.stripeReceiptUrl} target="_blank" rel="noreferrer" className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100">
              Stripe’s receipt for this payment<span className="sr-only"> (opens in a new tab)</span>
            </a>
          </p>
        ) : null}
        <p className="mt-6 text-xs text-zinc-600 dark:text-zinc-400 print:text-zinc-700">
          1 credit = $0.04. Credits belong to this account and cannot be transferred.
        </p>
      </article>
    </div>
  );
}
