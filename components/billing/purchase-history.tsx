import { Receipt } from "lucide-react";
import Link from "next/link";
import type { Purchase } from "@/db/schema";
import { formatDate, formatDateTime, formatUsdExact } from "@/lib/credits/shared";
import { cardLabel, hasReceipt, isOpenPurchase } from "@/lib/payments";
import type { BrowserPaymentConfig } from "@/components/payments/load-stripe";
import { PendingPurchaseActions } from "./pending-purchase-actions";
import { purchaseStatusNames, purchaseStatusTone } from "./purchase-status";

const whole = new Intl.NumberFormat("en-US");

/** What a row bought, in the words of the history. */
function what(p: Purchase, timeZone: string) {
  const credits = `${whole.format(p.credits)} credits`;
  if (p.kind === "plan") {
    const period = p.periodStart && p.periodEnd ? `${formatDate(p.periodStart, timeZone)} – ${formatDate(p.periodEnd, timeZone)}` : "Monthly";
    return { title: "Pro plan", detail: `${period} · ${credits}` };
  }
  if (p.kind === "refill") return { title: credits, detail: "Auto-refill" };
  if (p.kind === "package") return { title: credits, detail: "Credit package" };
  return { title: credits, detail: "Custom amount" };
}

interface RowView {
  p: Purchase;
  item: { title: string; detail: string };
  when: string;
  card: string;
  /** Names the payment for screen readers: "$20.00 on Dec 2, 2026, 10:14 AM". */
  label: string;
}

function StatusBadge({ p }: { p: Purchase }) {
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${purchaseStatusTone[p.status]}`}>
      {purchaseStatusNames[p.status]}
    </span>
  );
}

/** What the status needs said besides its name: credits taken back, a decline's reason, or what to do now. */
function StatusNotes({ row, payment }: { row: RowView; payment: BrowserPaymentConfig }) {
  const { p } = row;
  return (
    <>
      {p.creditsTakenBack > 0 || p.unrecoveredCredits > 0 ? (
        <span className="mt-0.5 block text-xs text-zinc-600 dark:text-zinc-400">
          {whole.format(p.creditsTakenBack)} credits taken back
          {p.unrecoveredCredits > 0 ? `; ${whole.format(p.unrecoveredCredits)} had already been used` : ""}
        </span>
      ) : null}
      {p.status === "failed" && p.failureMessage ? (
        <span className="mt-0.5 block text-xs text-zinc-600 dark:text-zinc-400">{p.failureMessage}</span>
      ) : null}
      {isOpenPurchase(p) ? <PendingPurchaseActions purchaseId={p.id} what={row.label} payment={payment} /> : null}
    </>
  );
}

function ReceiptLink({ row }: { row: RowView }) {
  if (!hasReceipt(row.p.status)) return null;
  return (
    <Link
      href={`/settings/billing/receipts/${encodeURIComponent(row.p.id)}`}
      className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100"
    >
      Receipt<span className="sr-only"> for {row.label}</span>
    </Link>
  );
}

/**
 * Settings › Billing: every purchase, auto-refill and Pro payment, newest
 * first. A table where there is room; on a phone each row is a card with
 * the status beside the amount, so nothing scrolls sideways.
 */
export function PurchaseHistory({ rows, timeZone, payment }: { rows: Purchase[]; timeZone: string; payment: BrowserPaymentConfig }) {
  if (rows.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
        <Receipt aria-hidden className="size-4 shrink-0" /> No purchases yet. Your purchases, auto-refills and Pro payments will be listed here.
      </p>
    );
  }
  const views: RowView[] = rows.map((p) => {
    const when = formatDateTime(p.createdAt, timeZone);
    return {
      p,
      item: what(p, timeZone),
      when,
      card: p.cardBrand && p.cardLast4 ? cardLabel(p.cardBrand, p.cardLast4) : "—",
      label: `${formatUsdExact(p.amountCents)} on ${when}`,
    };
  });

  return (
    <>
      {/* Phones: one card per purchase. */}
      <ul aria-label="Purchase history, newest first" className="divide-y divide-zinc-100 md:hidden dark:divide-zinc-800">
        {views.map((row) => (
          <li key={row.p.id} className="py-3 first:pt-0 last:pb-0">
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="font-medium tabular-nums">{row.item.title}</p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">{row.item.detail}</p>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1 text-right">
                <span className="font-medium tabular-nums">{formatUsdExact(row.p.amountCents)}</span>
                <StatusBadge p={row.p} />
              </div>
            </div>
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              <time dateTime={row.p.createdAt.toISOString()}>{row.when}</time> · {row.card}
              {row.p.refundedCents > 0 ? ` · ${formatUsdExact(row.p.refundedCents)} refunded` : ""}
            </p>
            <StatusNotes row={row} payment={payment} />
            {hasReceipt(row.p.status) ? (
              <p className="mt-1 text-sm">
                <ReceiptLink row={row} />
              </p>
            ) : null}
          </li>
        ))}
      </ul>

      {/* Wider screens: a table. */}
      <table className="hidden w-full text-left text-sm md:table">
        <caption className="sr-only">Purchase history, newest first</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Date</th>
            <th scope="col" className="py-2 pr-4 font-medium">Purchase</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Amount</th>
            <th scope="col" className="py-2 pr-4 font-medium">Card</th>
            <th scope="col" className="py-2 pr-4 font-medium">Status</th>
            <th scope="col" className="py-2 font-medium">Receipt</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {views.map((row) => (
            <tr key={row.p.id} className="align-top">
              <td className="py-2.5 pr-4 text-zinc-700 dark:text-zinc-300">
                <time dateTime={row.p.createdAt.toISOString()}>{row.when}</time>
              </td>
              <td className="py-2.5 pr-4">
                <span className="font-medium tabular-nums">{row.item.title}</span>
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">{row.item.detail}</span>
              </td>
              <td className="whitespace-nowrap py-2.5 pr-4 text-right tabular-nums">
                {formatUsdExact(row.p.amountCents)}
                {row.p.refundedCents > 0 ? (
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{formatUsdExact(row.p.refundedCents)} refunded</span>
                ) : null}
              </td>
              <td className="whitespace-nowrap py-2.5 pr-4 text-zinc-700 dark:text-zinc-300">{row.card}</td>
              <td className="max-w-64 py-2.5 pr-4">
                <StatusBadge p={row.p} />
                <StatusNotes row={row} payment={payment} />
              </td>
              <td className="whitespace-nowrap py-2.5">
                <ReceiptLink row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
